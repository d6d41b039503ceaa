import { parseDatabaseConfig, runMigrations } from '@app/core';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createConnection } from 'mysql2/promise';
import { BACKEND, TEST_DATABASE_URL, TEST_REDIS_CLUSTER, TEST_REDIS_URL } from './support/backends';
import { PrivateRedis } from './support/private-redis';
import { closedPort, waitFor } from './support/wait';

const root = resolve(__dirname, '..');
const built = join(root, 'dist', 'apps', 'api', 'src', 'main.js');

interface LogLine {
  level: number;
  time: number;
  msg: string;
  context?: string;
  err?: { message: string; stack?: string };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The service as it runs in production: the build (`node dist/apps/api/src/main.js`) when it is newer than
 * every source, else main.ts through ts-node, so a stale build never stands in for the code under test.
 * Building here is no option: the build empties dist/, which other specs read.
 */
function serviceCommand(): string[] {
  const fresh =
    existsSync(built) &&
    statSync(built).mtimeMs >= Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
  return fresh
    ? [built]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];
}

/** One run of the service: every line it writes (stdout and stderr), parsed as JSON or kept as text. */
class Service {
  readonly text: string[] = [];
  readonly lines: LogLine[] = [];
  /** When each of `lines` reached this process (Date.now()), and whether the service still ran then. */
  readonly arrivals: { at: number; running: boolean }[] = [];
  readonly exited: Promise<number | null>;
  readonly base: string;
  readonly child: ChildProcess;

  constructor(port: number, env: Record<string, string>) {
    this.base = `http://127.0.0.1:${port}`;
    const childEnv: Record<string, string | undefined> = { ...process.env };
    for (const name of Object.keys(childEnv)) {
      if (/^(DATABASE_|REDIS_|DEMO_|LOG_|INGEST_API_KEYS$|DATA_DIR$)/.test(name)) delete childEnv[name];
    }
    Object.assign(childEnv, {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      INGEST_API_KEYS: 'startup-test-key',
      SAMPLER_ENABLED: 'false',
      ...env,
    });
    this.child = spawn(process.execPath, serviceCommand(), {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.text.push(line);
        try {
          this.lines.push(JSON.parse(line) as LogLine);
          this.arrivals.push({
            at: Date.now(),
            running: this.child.exitCode === null && this.child.signalCode === null,
          });
        } catch {
          // kept in text: the test fails on it
        }
      });
    }
    this.exited = new Promise((resolveExit) => this.child.once('exit', (code) => resolveExit(code)));
  }

  /** The exit code, once the process ended and its output was read; fails after `timeoutMs`. */
  async exitCode(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const code = await Promise.race([this.exited, timeout]);
      await new Promise((r) => setImmediate(r));
      return code;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until /health/live answers (ts-node may compile the service first). */
  async listening(): Promise<void> {
    await waitFor(async () => {
      if (this.child.exitCode !== null)
        throw new Error(`exited with ${this.child.exitCode}: ${this.text.join('\n')}`);
      return fetch(`${this.base}/health/live`).then(
        (res) => res.ok,
        () => false,
      );
    }, 150_000);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  /**
   * The start's warnings and errors, but for the dashboard's (a build without `dist/public`, as when the
   * service runs from its sources).
   */
  startProblems(): LogLine[] {
    return this.startLines().filter((line) => line.level >= 40 && line.context !== 'Dashboard');
  }

  /** Lines at warn (40) or above. */
  problems(): LogLine[] {
    return this.lines.filter((line) => line.level >= 40);
  }

  /** Every line was a JSON log line; none of the start's (up to "listening", or all) carries a stack. */
  expectOnlyJsonWithoutStacks(): void {
    expect(this.text.filter((line) => !line.startsWith('{'))).toEqual([]);
    expect(this.lines).toHaveLength(this.text.length);
    expect(this.startLines().filter((line) => JSON.stringify(line).includes('"stack"'))).toEqual([]);
  }

  /** The lines of the start: up to the "listening" line, or all of them when it never came. */
  startLines(): LogLine[] {
    const listening = this.lines.findIndex((line) => line.msg.startsWith('listening on '));
    return listening < 0 ? this.lines : this.lines.slice(0, listening + 1);
  }

  /** Milliseconds from the first log line (the backends line, written once the code is loaded) to `line`. */
  sinceFirstLine(line: LogLine): number {
    return line.time - this.lines[0].time;
  }
}

async function get(base: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function postActivity(base: string, userId: string): Promise<Response> {
  return fetch(`${base}/api/v1/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer startup-test-key' },
    body: JSON.stringify({ events: [{ userId, platform: 'web' }] }),
  });
}

const onMysql = BACKEND === 'mysql' ? describe : describe.skip;
const onMysqlSingleRedis = BACKEND === 'mysql' && !TEST_REDIS_CLUSTER ? describe : describe.skip;
const onEmbedded = BACKEND === 'embedded' ? describe : describe.skip;

onMysql('a start that cannot reach its database', () => {
  it('exits 1 after 5 attempts over 8 s with one error line naming host:port, and no stack', async () => {
    const dbPort = await closedPort();
    const service = new Service(await closedPort(), {
      DATABASE_URL: `mariadb://root@127.0.0.1:${dbPort}/realtime`,
      REDIS_URL: TEST_REDIS_URL,
      ...(TEST_REDIS_CLUSTER ? { REDIS_CLUSTER: 'true' } : {}),
    });
    expect(await service.exitCode(150_000)).toBe(1);
    service.expectOnlyJsonWithoutStacks();
    const errors = service.lines.filter((line) => line.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0].context).toBe('Database');
    const match = new RegExp(
      `^database unreachable at 127\\.0\\.0\\.1:${dbPort} \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${dbPort}\\), ` +
        'tried 5 times over (\\d+) s: check that MySQL/MariaDB runs there and that DATABASE_URL names it$',
    ).exec(errors[0].msg);
    expect(match).not.toBeNull();
    // Four pauses of 2 s between the attempts; a refused connect costs next to nothing.
    const elapsed = service.sinceFirstLine(errors[0]);
    expect(elapsed).toBeGreaterThanOrEqual(8_000);
    expect(elapsed).toBeLessThan(10_000);
    expect(Number(match![1])).toBe(Math.round(elapsed / 1_000));
    // The error is the last line, and nothing else complained.
    expect(service.lines[service.lines.length - 1]).toBe(errors[0]);
    expect(service.problems()).toEqual(errors);
  }, 180_000);
});

onMysql('a start on a database that does not exist', () => {
  const name = `ra_missing_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const { hostname: host, port } = new URL(TEST_DATABASE_URL);
  const address = `${host}:${port || 3306}`;
  const hint =
    `database "${name}" does not exist on ${address}: run \`npm run migration:run\` (in a container ` +
    '`node dist/apps/cli/src/main.js migrate`) with the same DATABASE_URL; it creates the database and its tables';

  function start(logLevel: string): Service {
    return new Service(0, {
      DATABASE_URL: url.toString(),
      REDIS_URL: TEST_REDIS_URL,
      ...(TEST_REDIS_CLUSTER ? { REDIS_CLUSTER: 'true' } : {}),
      LOG_LEVEL: logLevel,
    });
  }

  it('exits 1 at once with one error line and the command that creates it, and no stack', async () => {
    const service = start('info');
    expect(await service.exitCode(150_000)).toBe(1);
    service.expectOnlyJsonWithoutStacks();
    const errors = service.lines.filter((line) => line.level >= 50);
    expect(errors).toEqual([expect.objectContaining({ level: 50, context: 'Database', msg: hint })]);
    // Not retried: waiting does not create a database.
    expect(service.sinceFirstLine(errors[0])).toBeLessThan(3_000);
    expect(service.problems()).toEqual(errors);
  }, 180_000);

  it('logs the driver error with its stack at debug', async () => {
    const service = start('debug');
    expect(await service.exitCode(150_000)).toBe(1);
    expect(service.lines.filter((line) => line.level >= 50)).toEqual([
      expect.objectContaining({ context: 'Database', msg: hint }),
    ]);
    const causes = service.lines.filter(
      (line) => line.level === 20 && line.context === 'Database' && line.err?.stack !== undefined,
    );
    expect(causes.length).toBeGreaterThan(0);
    expect(causes.every((line) => line.err!.message === `Unknown database '${name}'`)).toBe(true);
  }, 180_000);

  it('is created, with its tables, by the command the line names', async () => {
    const config = parseDatabaseConfig({ DATABASE_URL: url.toString() });
    if (config.connection.kind !== 'mysql') throw new Error('TEST_DATABASE_URL must be a MySQL URL');
    const { username, password } = config.connection;
    try {
      // What `npm run migration:run` runs.
      await runMigrations(config.connection, join(root, 'migrations'));
      const connection = await createConnection({
        host,
        port: Number(port || 3306),
        user: username,
        password,
      });
      const [tables] = await connection.query(`SHOW TABLES FROM \`${name}\``);
      await connection.end();
      expect((tables as unknown[]).length).toBeGreaterThan(0);
    } finally {
      const connection = await createConnection({
        host,
        port: Number(port || 3306),
        user: username,
        password,
      });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    }
  });
});

onMysqlSingleRedis('a start with MySQL and Redis unreachable', () => {
  const redis = new PrivateRedis();
  const name = `ra_startup_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  let service: Service;

  beforeAll(async () => {
    const config = parseDatabaseConfig({ DATABASE_URL: url.toString() });
    if (config.connection.kind !== 'mysql') throw new Error('TEST_DATABASE_URL must be a MySQL URL');
    await runMigrations(config.connection, join(root, 'migrations'));
    redis.port = await closedPort();
    service = new Service(await closedPort(), { DATABASE_URL: url.toString(), REDIS_URL: redis.url });
    await service.listening();
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await redis.stop();
    const { hostname, port, username, password } = new URL(TEST_DATABASE_URL);
    const connection = await createConnection({
      host: hostname,
      port: Number(port || 3306),
      user: decodeURIComponent(username),
      password: decodeURIComponent(password),
    });
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.end();
  });

  it('starts degraded: alive, not ready (redis down), the summary degraded, live writes refused', async () => {
    expect((await get(service.base, '/health/live')).status).toBe(200);
    const ready = await get(service.base, '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    expect(Object.keys(ready.body.error as object)).toEqual(['redis']);
    const summary = await get(service.base, '/api/v1/metrics/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.degraded).toEqual(['redis']);
    expect((await postActivity(service.base, 'while-redis-down')).status).toBe(503);
  });

  it('turns ready once Redis answers on that port, and records writes again', async () => {
    await redis.start();
    await waitFor(async () => (await get(service.base, '/health/ready')).status === 200, 15_000);
    expect((await postActivity(service.base, 'after-redis')).status).toBe(202);
    const summary = await get(service.base, '/api/v1/metrics/summary');
    expect(summary.body).toMatchObject({ degraded: [], activeUsers: 1 });
  }, 30_000);

  it('logged JSON lines only, no stack, and one warning about Redis at start', async () => {
    // Read after the exit: every line of the run is out.
    await service.stop();
    service.expectOnlyJsonWithoutStacks();
    const redisLines = service.lines.filter((line) => line.context === 'Redis');
    expect(redisLines[0]).toMatchObject({
      level: 40,
      msg:
        `Redis unreachable at 127.0.0.1:${redis.port} (connect ECONNREFUSED 127.0.0.1:${redis.port}): started ` +
        'without it, retrying in the background; until it answers, readiness fails, live writes answer 503 ' +
        'and the summary is degraded',
    });
    // Later lines are the outage's own reminder, at most one every 10 s.
    for (const line of redisLines.slice(1)) {
      expect(line).toMatchObject({
        level: 40,
        msg: `Redis unavailable: connect ECONNREFUSED 127.0.0.1:${redis.port}`,
      });
    }
    // The one warning of the start: the features that skipped a step because Redis is down say so at debug.
    expect(service.startProblems()).toEqual([redisLines[0]]);
  });
});

onEmbedded('the embedded database with Redis unreachable and the demo on', () => {
  const redis = new PrivateRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-startup-'));
  let service: Service;

  beforeAll(async () => {
    redis.port = await closedPort();
    service = new Service(await closedPort(), {
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      DEMO_SEED: 'true',
      DEMO_TRAFFIC: 'false',
    });
    await service.listening();
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts degraded with the demo rows in the database', async () => {
    expect((await get(service.base, '/health/live')).status).toBe(200);
    const ready = await get(service.base, '/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.error as object)).toEqual(['redis']);
    const summary = await get(service.base, '/api/v1/metrics/summary');
    expect(summary.body).toMatchObject({ degraded: ['redis'], activeUsers: null, sensorsOnline: null });
    expect(summary.body.totalLiveProjects).toBeGreaterThan(0);
  });

  it('seeds the live part once Redis answers on that port, and turns ready', async () => {
    await redis.start();
    await waitFor(async () => (await get(service.base, '/health/ready')).status === 200, 15_000);
    // The seed tries again every 5 s.
    await waitFor(async () => {
      const summary = await get(service.base, '/api/v1/metrics/summary');
      return (summary.body.activeUsers as number | null) !== null && (summary.body.activeUsers as number) > 0;
    }, 15_000);
    const summary = await get(service.base, '/api/v1/metrics/summary');
    expect(summary.body.degraded).toEqual([]);
    // DEMO_TRAFFIC is off: every active user and online sensor is the seed's.
    expect(summary.body.activeUsers).toBeGreaterThan(250);
    expect(summary.body.activeUsers).toBeLessThanOrEqual(300);
    expect(summary.body.sensorsOnline).toBeGreaterThan(0);
  }, 40_000);

  it('logged JSON lines only, no stack, and one line each about Redis and the postponed live part', async () => {
    // Read after the exit: every line of the run is out.
    await service.stop();
    service.expectOnlyJsonWithoutStacks();
    const demo = service.lines.filter((line) => line.context === 'Demo');
    expect(demo.map((line) => [line.level, line.msg])).toEqual([
      [
        30,
        expect.stringMatching(
          /^empty embedded database seeded with demo data: 200 projects, 2000 sensors, \d+ history samples in \d+ ms \(DEMO_SEED=false turns this off\)$/,
        ),
      ],
      [
        40,
        "demo live state (active users, sensor heartbeats) not seeded, the live store failed (Stream isn't " +
          'writeable and enableOfflineQueue options is false): trying again every 5 s until it answers',
      ],
      [
        30,
        expect.stringMatching(
          /^demo live state seeded now that the live store answers: 300 active users, \d+ sensor heartbeats$/,
        ),
      ],
    ]);
    expect(service.lines.filter((line) => line.context === 'Redis')[0]).toMatchObject({
      level: 40,
      msg: expect.stringMatching(
        new RegExp(`^Redis unreachable at 127\\.0\\.0\\.1:${redis.port} \\(connect ECONNREFUSED`),
      ),
    });
    // The start's warnings: Redis down, and the demo's live part postponed.
    expect(service.startProblems().map((line) => line.context)).toEqual(['Redis', 'Demo']);
  });
});

describe('a quiet service', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-quiet-'));
  let service: Service;

  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the last lines of its start to stdout within a second or so, while it keeps running', async () => {
    // The embedded stores, nothing else to do: the start writes far less than the log's 4 KB write size,
    // and probes are not logged, so nothing but the periodic flush brings these lines out before the exit.
    service = new Service(await closedPort(), {
      DATA_DIR: dataDir,
      DEMO_SEED: 'false',
      DEMO_TRAFFIC: 'false',
      // A misspelled variable: a warning at start.
      LOG_LEVL: 'info',
    });
    await service.listening();
    const arrived = (match: (line: LogLine) => boolean) => {
      const index = service.lines.findIndex(match);
      return index < 0 ? undefined : { line: service.lines[index], ...service.arrivals[index] };
    };
    const warning = (line: LogLine) => line.msg === 'LOG_LEVL is not used; did you mean LOG_LEVEL?';
    const listening = (line: LogLine) => line.msg.startsWith('listening on ');
    await waitFor(() => Promise.resolve(arrived(listening) !== undefined), 5_000);
    for (const match of [warning, listening]) {
      const { line, at, running } = arrived(match)!;
      expect(running).toBe(true);
      expect(at - line.time).toBeLessThan(2_000);
    }
    expect(arrived(warning)!.line.level).toBe(40);
    expect(service.child.exitCode).toBeNull();
  }, 180_000);
});
