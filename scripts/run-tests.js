#!/usr/bin/env node
/**
 * `npm test`: unit specs once, then the whole e2e suite on each backend — MariaDB/MySQL + Redis
 * (TEST_DATABASE_URL / TEST_REDIS_URL, default the local ports, root without password) and embedded
 * (SQLite + in-process live store). A backend whose services cannot be reached is skipped with one line
 * saying how to enable it; with CI=true that is a failure instead. Then the specs that hold live state run
 * again against a Redis Cluster of their own, and the scale-out topology test (test/topology.topology-spec.ts:
 * Redis Cluster, MariaDB primary + replica, three instances behind nginx) runs, both started by
 * scripts/topology.sh on loopback ports of their own; skipped with one line where redis-server, mariadbd or
 * nginx is missing, unless CI=true. Last, the unit specs and the embedded e2e suite run again on Node 24
 * (scripts/node24.js fetches it from the npm registry into a cache folder and compiles better-sqlite3 for
 * it; skipped when this runner is on Node 24 already, or with TEST_NODE24=false). Ends with
 * `tests: N passed, N failed`.
 * Extra arguments are passed to jest (e.g. `npm test -- -t "rate limit"`).
 */
const { spawnSync } = require('node:child_process');
const { ensureNode24, NODE24_VERSION } = require('./node24');
const { mkdirSync, readFileSync, existsSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const artifacts = path.join(root, 'artifacts');
const ci = process.env.CI === 'true';
const databaseUrl = process.env.TEST_DATABASE_URL || 'mariadb://root@127.0.0.1:3306/test';
const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/0';
const extraArgs = process.argv.slice(2);

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Specs that read or write live state, run again against a Redis Cluster. */
const CLUSTER_SPECS = ['live-store', 'metrics-summary', 'activity', 'sensors', 'stream', 'foundation'];

function missingTools(tools) {
  return tools.filter((tool) => {
    const found = spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`], {
      stdio: 'ignore',
    });
    return found.status !== 0;
  });
}

/** `node` runs jest with another Node binary (and `config` another jest config) instead of `npx jest`. */
function runJest(name, env, pattern, regex, { node, config } = {}) {
  const outputFile = path.join(artifacts, `jest-${name}.json`);
  const select = regex ? ['--testRegex', regex] : ['--testPathPatterns', pattern];
  const args = [...(config ? ['--config', config] : []), ...select, '--json', `--outputFile=${outputFile}`];
  args.push(...extraArgs);
  process.stdout.write(`\n=== ${name} ===\n`);
  const [command, prefix] = node
    ? [node, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js')]]
    : ['npx', ['jest']];
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let passed = 0;
  let failed = 0;
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + (report.numRuntimeErrorTestSuites || 0);
  }
  if (result.status !== 0 && failed === 0) failed = 1; // a crash before any result still fails the run
  return { passed, failed };
}

/** The live-state specs against a Redis Cluster of three masters and three replicas of their own. */
function runClusterSpecs() {
  const script = path.join(root, 'scripts', 'topology.sh');
  const env = {
    ...process.env,
    TOPOLOGY_DIR: path.join(require('node:os').tmpdir(), `realtime-analytics-cluster-${process.pid}`),
    TOPOLOGY_PORT_BASE: 'auto',
  };
  const up = spawnSync(script, ['up', 'redis'], { cwd: root, env, encoding: 'utf8' });
  if (up.status !== 0) {
    process.stdout.write(up.stderr);
    spawnSync(script, ['down'], { cwd: root, env, stdio: 'inherit' });
    return { passed: 0, failed: 1 };
  }
  const redisUrl = /TOPOLOGY_REDIS_URL=(\S+)/.exec(up.stdout)[1];
  try {
    return runJest(
      'e2e-redis-cluster',
      {
        E2E_BACKEND: 'mysql',
        TEST_DATABASE_URL: databaseUrl,
        TEST_REDIS_URL: redisUrl,
        TEST_REDIS_CLUSTER: 'true',
      },
      `test/(${CLUSTER_SPECS.join('|')})\\.e2e-spec\\.ts$`,
    );
  } finally {
    spawnSync(script, ['down'], { cwd: root, env, stdio: 'inherit' });
  }
}

/**
 * The unit specs and the embedded e2e suite on Node 24, with better-sqlite3 compiled for it: loaded through
 * the jest config's mapping, and through a preload in processes the specs start (the service, scripts).
 */
function runNode24Tier() {
  let prepared;
  try {
    process.stdout.write(`\n=== node ${NODE24_VERSION}: prepare ===\n`);
    prepared = ensureNode24();
  } catch (error) {
    process.stdout.write(`${error.message}\n`);
    return {
      run: null,
      note: `the Node ${NODE24_VERSION} run did not start: ${error.message.split('\n')[0]}`,
    };
  }
  const env = {
    E2E_BACKEND: 'embedded',
    NODE24_BETTER_SQLITE3: prepared.betterSqlite3,
    NODE_OPTIONS: `--require ${path.join(__dirname, 'node24-preload.js')}`,
    PATH: `${path.dirname(prepared.node)}${path.delimiter}${process.env.PATH}`,
  };
  const run = runJest(
    `node${NODE24_VERSION.split('.')[0]}-unit-e2e-embedded`,
    env,
    '\\.(spec|e2e-spec)\\.ts$',
    null,
    {
      node: prepared.node,
      config: path.join(__dirname, 'jest.node24.config.js'),
    },
  );
  return { run, note: null };
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const totals = { passed: 0, failed: 0 };
  const add = (run) => {
    totals.passed += run.passed;
    totals.failed += run.failed;
  };
  const notes = [];

  add(runJest('unit', { E2E_BACKEND: 'embedded' }, '\\.spec\\.ts$'));

  const [mysqlUp, redisUp] = await Promise.all([reachable(databaseUrl, 3306), reachable(redisUrl, 6379)]);
  if (mysqlUp && redisUp) {
    add(
      runJest(
        'e2e-mysql-redis',
        { E2E_BACKEND: 'mysql', TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl },
        '\\.e2e-spec\\.ts$',
      ),
    );
  } else {
    const missing = [!mysqlUp && `MySQL at ${databaseUrl}`, !redisUp && `Redis at ${redisUrl}`]
      .filter(Boolean)
      .join(' and ');
    const line = `e2e suite on MySQL + Redis did not run: ${missing} unreachable; start them or set TEST_DATABASE_URL / TEST_REDIS_URL`;
    notes.push(line);
    if (ci) totals.failed += 1;
  }

  add(runJest('e2e-embedded', { E2E_BACKEND: 'embedded' }, '\\.e2e-spec\\.ts$'));

  const missing = missingTools([
    'redis-server',
    'redis-cli',
    'mariadbd',
    'mariadb-install-db',
    'nginx',
    'curl',
  ]);
  if (missing.length > 0 || !mysqlUp) {
    const why =
      missing.length > 0 ? `${missing.join(', ')} not installed` : `MySQL at ${databaseUrl} unreachable`;
    const line = `Redis Cluster e2e run and topology test did not run: ${why} (apt-get install redis-server mariadb-server nginx)`;
    notes.push(line);
    if (ci) totals.failed += 1;
  } else {
    add(runClusterSpecs());
    if (!existsSync(path.join(root, 'dist', 'apps', 'api', 'src', 'main.js'))) {
      spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    }
    add(runJest('topology', {}, null, 'topology-spec\\.ts$'));
  }

  if (process.env.TEST_NODE24 === 'false') {
    notes.push(`the Node ${NODE24_VERSION} run was skipped (TEST_NODE24=false)`);
    if (ci) totals.failed += 1;
  } else if (process.versions.node.split('.')[0] !== NODE24_VERSION.split('.')[0]) {
    const node24 = runNode24Tier();
    if (node24.run) add(node24.run);
    if (node24.note) {
      notes.push(node24.note);
      if (ci) totals.failed += 1;
    }
  }

  for (const note of notes) process.stdout.write(`\n${ci ? 'FAILED (CI=true)' : 'NOTE'}: ${note}\n`);
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed\n`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
