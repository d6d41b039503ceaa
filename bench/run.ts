/**
 * `npm run bench`: the whole benchmark, from data to one table. bench/README.md explains what it measures,
 * its options and how to read it.
 *
 *   1. migrates and seeds the large data set into its own database and Redis key prefix, builds if needed
 *   2. starts the service (with the probe preloaded) and the bare baseline app on CPU 0
 *   3. times the first (cold) requests, waits for the first heartbeat flush
 *   4. drives a million sensors' heartbeats for a few minutes, paced (event-loop delay, rows, RSS)
 *   5. loads each read endpoint, then the baseline answering the same bytes, alternately, from CPU 1
 *   6. loads the two ingestion endpoints
 *   7. prints one Markdown table and writes the raw results to artifacts/bench/
 */
import { ChildProcess, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mysql2/promise';
import type Redis from 'ioredis';
import { BenchOptions, OptionError, readOptions, selected } from './support/options';
import {
  compileChildren,
  freePort,
  pinned,
  run,
  runForLastLine,
  sleep,
  start,
  stop,
  stopAll,
  tasksetAvailable,
} from './support/processes';
import type { ClosedLoadSpec, LoadResult, LoadSpec, ProbeRequest, ProbeStats } from './support/protocol';
import {
  BenchResults,
  ColdResult,
  IngestResult,
  ReadResult,
  renderTable,
  SensorPhaseResult,
} from './support/report';
import {
  deleteMatching,
  rowsUpdated,
  openDatabase,
  openRedis,
  sensorRange,
  SensorRange,
} from './support/stores';

const ROOT = path.resolve(__dirname, '..');
const INGEST_KEY = 'bench-key';
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const WARM_REQUESTS = 20;
/** The service's cache keys (after the prefix): deleted before it starts, so first requests are cold. */
const CACHE_KEY_PATTERNS = ['sensors:type-breakdown*', 'history:*', 'modules*', 'summary:*'];
const MINUTE_MS = 60_000;
/** How long the service may finish its start-up work before the cold requests. */
const COLD_SETTLE_MS = 10_000;
/** The service's lock (after the prefix) while one instance writes heartbeats to MySQL. */
const FLUSH_LOCK_KEY = 'lock:sensors-flush';

interface ReadEndpoint {
  key: string;
  name: string;
  path: string;
  targetRatio: number;
}

function readEndpoints(nowMs: number): ReadEndpoint[] {
  // Fixed once per run, so every request of the run asks the same (cacheable) question.
  const to = new Date(Math.floor(nowMs / 1000) * 1000).toISOString();
  const from = new Date(Date.parse(to) - 80 * 86_400_000).toISOString();
  const longRange = `/api/v1/metrics/history?type=activeUsers&interval=1h&from=${from}&to=${to}`;
  return [
    {
      key: 'summary',
      name: 'GET /api/v1/metrics/summary',
      path: '/api/v1/metrics/summary',
      targetRatio: 0.5,
    },
    { key: 'modules', name: 'GET /api/v1/modules', path: '/api/v1/modules', targetRatio: 0.6 },
    {
      key: 'type-breakdown',
      name: 'GET /api/v1/sensors/type-breakdown',
      path: '/api/v1/sensors/type-breakdown',
      targetRatio: 0.6,
    },
    {
      key: 'history-5m',
      name: 'GET /api/v1/metrics/history 5m over 24 h (cached)',
      path: '/api/v1/metrics/history?type=activeUsers&interval=5m',
      targetRatio: 0.6,
    },
    {
      key: 'history-1h-80d',
      name: 'GET /api/v1/metrics/history 1h over 80 days',
      path: longRange,
      targetRatio: 0.3,
    },
    { key: 'health-live', name: 'GET /health/live', path: '/health/live', targetRatio: 0.8 },
  ];
}

function say(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** A small, fixed environment for everything started here: nothing of the caller's shell leaks in. */
function baseEnv(options: BenchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'NODE_EXTRA_CA_CERTS']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  env.DATABASE_URL = options.databaseUrl;
  env.REDIS_URL = options.redisUrl;
  env.REDIS_KEY_PREFIX = options.keyPrefix;
  return env;
}

function newestMtime(dir: string, depth = 0): number {
  let newest = 0;
  if (depth > 20) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, depth + 1));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The same rule as `npm start`: no build, or sources (or package.json) newer than it. */
function buildIsStale(): boolean {
  const entry = path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
  const dashboard = path.join(ROOT, 'dist', 'public', 'index.html');
  if (!existsSync(entry) || !existsSync(dashboard)) return true;
  const built = Math.min(statSync(entry).mtimeMs, statSync(dashboard).mtimeMs);
  const sources = ['apps', 'libs', 'web', 'clients'].map((dir) => path.join(ROOT, dir)).filter(existsSync);
  return (
    sources.some((dir) => newestMtime(dir) > built) ||
    statSync(path.join(ROOT, 'package.json')).mtimeMs > built
  );
}

function gitCommit(): string {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (rev.status !== 0) return 'unknown';
  const dirty = spawnSync(
    'git',
    ['status', '--porcelain', '--', 'apps', 'libs', 'migrations', 'package-lock.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return `${rev.stdout.trim()}${dirty.stdout.trim() !== '' ? ' + uncommitted changes' : ''}`;
}

interface Timed {
  ms: number;
  status: number;
  body: string;
}

async function timedFetch(url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

async function waitForStatus(
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      throw new Error(`the process serving ${url} exited (${child.exitCode ?? child.signalCode}):\n${tail}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`nothing answered ${url} within ${timeoutMs / 1000} s`);
}

class Probe {
  private seq = 0;
  constructor(private readonly child: ChildProcess) {}

  stats(reset: boolean): Promise<ProbeStats> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (typeof message === 'object' && message !== null && (message as ProbeStats).id === id) {
          clearTimeout(timer);
          this.child.off('message', onMessage);
          resolve(message as ProbeStats);
        }
      };
      const timer = setTimeout(() => {
        this.child.off('message', onMessage);
        reject(new Error('the probe did not answer within 15 s'));
      }, 15_000);
      this.child.on('message', onMessage);
      const request: ProbeRequest = { cmd: 'stats', id, reset };
      this.child.send(request);
    });
  }
}

class Bench {
  private readonly results: BenchResults;
  private readonly env: NodeJS.ProcessEnv;
  private readonly tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  private readonly pin: boolean;
  private children: Record<'probe' | 'baseline' | 'worker', string> = { probe: '', baseline: '', worker: '' };
  private db?: Connection;
  private redis?: Redis;
  private range?: SensorRange;
  private serviceUrl = '';
  private baselineUrl = '';
  private failures = 0;

  constructor(private readonly options: BenchOptions) {
    const cores = os.availableParallelism();
    this.pin = tasksetAvailable(cores);
    this.env = baseEnv(options);
    this.results = {
      facts: {
        startedAt: new Date().toISOString(),
        node: process.version,
        cores,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
        pinned: this.pin,
        commit: gitCommit(),
        loadAverageAtStart: os.loadavg()[0],
        connections: options.connections,
        durationS: options.durationS,
        rounds: options.rounds,
      },
      cold: [],
      reads: [],
      ingest: [],
      notes: [],
    };
  }

  private want(key: string): boolean {
    return selected(this.options, key);
  }

  private note(text: string): void {
    this.results.notes.push(text);
    say(`note: ${text}`);
  }

  async run(): Promise<number> {
    const startedAt = Date.now();
    const reads = readEndpoints(Date.now()).filter((read) => this.want(`reads ${read.key}`));
    const wantIngest = ['activity', 'heartbeats'].some((name) => this.want(`ingest ${name}`));
    const wantSensors = this.want('million-sensors');
    say(`logs of this run: ${this.tmp} (removed at the end unless a step failed)`);

    await this.prepare();
    let service: ChildProcess | undefined;
    let baseline: ChildProcess | undefined;
    try {
      ({ child: service } = await this.startService());
      const probe = new Probe(service);
      await this.coldTimings();
      if (reads.length > 0) baseline = await this.startBaseline();
      if ((reads.length > 0 || wantIngest || wantSensors) && !this.options.skipSettle) {
        const settled = await this.waitForFlush(Date.now(), 'the first heartbeat flush after start');
        if (!settled.finished) this.note('the first heartbeat flush was still writing when the load began');
      }
      if (wantSensors) await this.sensorPhase(probe);
      if (reads.length > 0 || wantIngest) {
        await probe.stats(true);
        for (const read of reads) await this.readEndpoint(read);
        if (wantIngest) await this.ingestion();
        try {
          this.results.loadProbe = await probe.stats(false);
        } catch (error) {
          this.failures++;
          this.note(`no event-loop and RSS figures for the load: ${(error as Error).message}`);
        }
      }
    } finally {
      if (baseline) await stop(baseline, 3_000);
      if (service) {
        say('stopping the service');
        await stop(service, 20_000);
      }
      await this.redis
        ?.unlink(...readEndpoints(0).map((read) => `${this.options.keyPrefix}baseline:${read.key}`))
        .catch(() => undefined);
    }
    this.results.facts.loadAverageAtEnd = os.loadavg()[0];
    this.results.totalS = Math.round((Date.now() - startedAt) / 1000);
    return this.report();
  }

  private async prepare(): Promise<void> {
    const options = this.options;
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    let t: number;
    say(`migrating ${new URL(options.databaseUrl).pathname.slice(1)} (npm run migration:run)`);
    await run(npm, ['run', 'migration:run'], {
      cwd: ROOT,
      env: this.env,
      logFile: path.join(this.tmp, 'migrate.log'),
      timeoutMs: 5 * MINUTE_MS,
    });
    if (options.skipSeed) {
      say('seed skipped (BENCH_SKIP_SEED=1): the live data in Redis may have aged out of its windows');
    } else {
      t = Date.now();
      say('seeding the large data set (npm run seed -- --scale large; ~45 s fresh, ~17 s again)');
      await run(npm, ['run', 'seed', '--', '--scale', 'large'], {
        cwd: ROOT,
        env: this.env,
        logFile: path.join(this.tmp, 'seed.log'),
        timeoutMs: 20 * MINUTE_MS,
      });
      say(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    if (options.skipBuild) {
      say('build skipped (BENCH_SKIP_BUILD=1)');
    } else if (buildIsStale()) {
      t = Date.now();
      say('building (npm run build): no build, or the sources are newer');
      await run(npm, ['run', 'build'], {
        cwd: ROOT,
        env: this.env,
        logFile: path.join(this.tmp, 'build.log'),
        timeoutMs: 10 * MINUTE_MS,
      });
      say(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } else {
      say('the build is newer than the sources: not rebuilding');
    }
    if (!existsSync(path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js'))) {
      throw new Error('there is no build (dist/apps/api/src/main.js); run without BENCH_SKIP_BUILD=1');
    }

    this.db = await openDatabase(options.databaseUrl);
    this.redis = openRedis(options.redisUrl);
    this.range = await sensorRange(this.db);
    this.results.facts.sensors = this.range;
    const contiguous = this.range.count === this.range.maxId - this.range.minId + 1;
    say(
      `sensors: ${this.range.count.toLocaleString('en-US')}, ids ${this.range.minId}..${this.range.maxId}` +
        `${contiguous ? '' : ' (not contiguous: some ids of the range are unknown)'}`,
    );
    if (this.range.count < 1_000_000) {
      this.note(
        `the database holds ${this.range.count} sensors, not 1,000,000: the sensor phase drives those`,
      );
    }

    this.children = compileChildren(__dirname, path.join(ROOT, 'artifacts', 'bench', 'build'));

    const deleted = await deleteMatching(
      this.redis,
      CACHE_KEY_PATTERNS.map((pattern) => options.keyPrefix + pattern),
    );
    say(`deleted ${deleted} cached answers in Redis, so the first requests are cold`);
  }

  private async startService(): Promise<{ child: ChildProcess }> {
    // A heartbeat flush at each minute's start: begin early in a minute, so the cold requests do not meet it.
    const intoMinute = Date.now() % MINUTE_MS;
    if (intoMinute > 35_000) {
      say(
        `waiting ${Math.ceil((MINUTE_MS - intoMinute) / 1000) + 1} s for the next minute to start the service`,
      );
      await sleep(MINUTE_MS - intoMinute + 1_000);
    }
    const port = await freePort();
    this.serviceUrl = `http://127.0.0.1:${port}`;
    const logFile = path.join(this.tmp, 'service.log');
    const [command, args] = pinned(this.pin ? SERVER_CPU : undefined, process.execPath, [
      '-r',
      this.children.probe,
      path.join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js'),
    ]);
    const child = start(command, args, {
      cwd: ROOT,
      env: {
        ...this.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        RATE_LIMIT_PER_MINUTE: '1000000',
        INGEST_API_KEYS: INGEST_KEY,
      },
      logFile,
      ipc: true,
    });
    say(
      `starting the service on ${this.serviceUrl}${this.pin ? ` (CPU ${SERVER_CPU})` : ''}, log: ${logFile}`,
    );
    const readyMs = await waitForStatus(`${this.serviceUrl}/health/ready`, child, logFile, 90_000);
    say(`the service is ready after ${(readyMs / 1000).toFixed(1)} s`);
    return { child };
  }

  private async startBaseline(): Promise<ChildProcess> {
    const port = await freePort();
    this.baselineUrl = `http://127.0.0.1:${port}`;
    const logFile = path.join(this.tmp, 'baseline.log');
    const [command, args] = pinned(this.pin ? SERVER_CPU : undefined, process.execPath, [
      this.children.baseline,
    ]);
    const child = start(command, args, {
      cwd: ROOT,
      env: { ...this.env, PORT: String(port), BASELINE_KEY_PREFIX: this.options.keyPrefix },
      logFile,
    });
    await waitForStatus(`${this.baselineUrl}/baseline/health-live`, child, logFile, 30_000);
    say(`the baseline app answers on ${this.baselineUrl}${this.pin ? ` (CPU ${SERVER_CPU})` : ''}`);
    return child;
  }

  private async coldTimings(): Promise<void> {
    // Cold means nothing cached, not an instance still starting: at boot the service brings the kept type
    // counts up to date and checks the live heartbeat set, work that shares its one core with the first
    // requests. Wait for that, so the timings are those of a cache miss.
    say(`waiting ${COLD_SETTLE_MS / 1000} s for the service's start-up work before the cold requests`);
    await sleep(COLD_SETTLE_MS);
    const all = readEndpoints(Date.now());
    const byKey = (key: string) => all.find((read) => read.key === key) as ReadEndpoint;
    const targets: [string, string, number | undefined][] = [
      ['type-breakdown', 'GET /api/v1/sensors/type-breakdown', 150],
      ['history-1h-80d', 'GET /api/v1/metrics/history 1h over 80 days', 50],
      ['summary', 'GET /api/v1/metrics/summary', undefined],
    ];
    for (const [key, name, targetMs] of targets) {
      if (!this.want(`cold ${key}`)) continue;
      const { path: requestPath } = byKey(key);
      const result: ColdResult = { name, path: requestPath, ms: 0, status: 0, targetMs };
      try {
        const timed = await timedFetch(this.serviceUrl + requestPath);
        result.ms = timed.ms;
        result.status = timed.status;
      } catch (error) {
        result.error = (error as Error).message;
        this.failures++;
      }
      this.results.cold.push(result);
      say(`cold ${name}: ${result.error ?? `${result.ms.toFixed(1)} ms (status ${result.status})`}`);
    }
  }

  /**
   * Waits for the heartbeat flush that starts at the first minute boundary after `afterMs`: while the
   * service holds the flush lock in Redis, and until MySQL's count of updated rows has stood still for
   * 8 s (12 s when neither the lock nor any writes were seen: the flush was quick, or there was none).
   * Bounded by `boundMs` after the boundary.
   */
  private async waitForFlush(afterMs: number, what: string, boundMs = 120_000) {
    const db = this.db as Connection;
    const redis = this.redis as Redis;
    const lockKey = `${this.options.keyPrefix}${FLUSH_LOCK_KEY}`;
    const boundary = Math.ceil((afterMs + 1) / MINUTE_MS) * MINUTE_MS + 1_000;
    const started = Date.now();
    say(
      `waiting for ${what} (next minute + the flush; at most ${Math.round((boundary - started + boundMs) / 1000)} s)`,
    );
    await sleep(Math.max(0, boundary - Date.now()));
    let previous = (await rowsUpdated(db)).value;
    const first = previous;
    let active = false;
    let still = 0;
    const deadline = Date.now() + boundMs;
    let finished = false;
    while (Date.now() < deadline) {
      await sleep(1_000);
      const now = (await rowsUpdated(db)).value;
      const locked = (await redis.exists(lockKey)) === 1;
      if (locked || now - previous >= 2_000) {
        active = true;
        still = 0;
      } else {
        still++;
      }
      previous = now;
      if (still >= (active ? 8 : 12)) {
        finished = true;
        break;
      }
    }
    const waitedS = Math.round((Date.now() - started) / 1000);
    say(
      `${what}: ${finished ? 'done' : 'NOT done'} after ${waitedS} s (${(previous - first).toLocaleString('en-US')} rows updated)`,
    );
    return { finished, waitedS };
  }

  private async load(spec: LoadSpec, timeoutMs: number): Promise<LoadResult> {
    const [command, args] = pinned(this.pin ? LOAD_CPU : undefined, process.execPath, [
      this.children.worker,
      JSON.stringify(spec),
    ]);
    const line = await runForLastLine(command, args, { cwd: ROOT, env: this.env, timeoutMs });
    return JSON.parse(line) as LoadResult;
  }

  private closed(url: string, extra: Partial<ClosedLoadSpec> = {}): Promise<LoadResult> {
    const spec: ClosedLoadSpec = {
      mode: 'closed',
      url,
      method: 'GET',
      connections: this.options.connections,
      durationS: this.options.durationS,
      ...extra,
    };
    return this.load(spec, (this.options.durationS + 60) * 1_000);
  }

  private async warm(url: string, init: RequestInit = {}, count = WARM_REQUESTS): Promise<number> {
    let failed = 0;
    for (let i = 0; i < count; i++) {
      const { status } = await timedFetch(url, init);
      if (status < 200 || status >= 300) failed++;
    }
    return failed;
  }

  private async readEndpoint(read: ReadEndpoint): Promise<void> {
    const redis = this.redis as Redis;
    const result: ReadResult = {
      name: read.name,
      path: read.path,
      bodyBytes: 0,
      targetRatio: read.targetRatio,
      service: [],
      baseline: [],
    };
    this.results.reads.push(result);
    try {
      const answer = await timedFetch(this.serviceUrl + read.path);
      if (answer.status !== 200) throw new Error(`the service answered ${answer.status}`);
      result.bodyBytes = Buffer.byteLength(answer.body);
      await redis.set(`${this.options.keyPrefix}baseline:${read.key}`, answer.body);
      const baselineUrl = `${this.baselineUrl}/baseline/${read.key}`;
      const failedWarm = (await this.warm(this.serviceUrl + read.path)) + (await this.warm(baselineUrl));
      if (failedWarm > 0) this.note(`${read.name}: ${failedWarm} warm-up requests were not 2xx`);
      for (let round = 1; round <= this.options.rounds; round++) {
        const roundLabel = this.options.rounds > 1 ? ` round ${round}/${this.options.rounds}` : '';
        say(
          `${read.name}${roundLabel}: service, ${this.options.durationS} s (${result.bodyBytes} bytes an answer)`,
        );
        const service = await this.closed(this.serviceUrl + read.path);
        result.service.push(service);
        say(`  ${describe(service)}`);
        say(`${read.name}${roundLabel}: baseline, ${this.options.durationS} s`);
        const baseline = await this.closed(baselineUrl);
        result.baseline.push(baseline);
        say(`  ${describe(baseline)}`);
      }
    } catch (error) {
      result.error = (error as Error).message;
      this.failures++;
      say(`${read.name}: failed: ${result.error}`);
    }
  }

  private async ingestion(): Promise<void> {
    const range = this.range as SensorRange;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` };
    const items: (IngestResult & { key: string; spec: Partial<ClosedLoadSpec>; sample: string })[] = [
      {
        key: 'activity',
        name: 'POST /api/v1/activity, 100 events a request',
        path: '/api/v1/activity',
        itemsPerRequest: 100,
        unit: 'events',
        targetPerSec: 100_000,
        runs: [],
        spec: {
          method: 'POST',
          headers,
          body: {
            kind: 'activity',
            eventsPerRequest: 100,
            distinctBodies: 1_000,
            platforms: ['web', 'mobile-app1', 'mobile-app2'],
          },
        },
        sample: JSON.stringify({ events: [{ userId: 'u-bench-warm', platform: 'web' }] }),
      },
      {
        key: 'heartbeats',
        name: 'POST /api/v1/sensors/heartbeats, 1,000 ids a request',
        path: '/api/v1/sensors/heartbeats',
        itemsPerRequest: 1_000,
        unit: 'ids',
        targetPerSec: 200_000,
        runs: [],
        spec: {
          method: 'POST',
          headers,
          body: { kind: 'heartbeats', idsPerRequest: 1_000, firstId: range.minId, sensorCount: range.count },
        },
        sample: JSON.stringify({ sensorIds: [range.minId] }),
      },
    ];
    for (const item of items) {
      if (!this.want(`ingest ${item.key}`)) continue;
      const { key: _key, spec, sample, ...result } = item;
      this.results.ingest.push(result);
      try {
        const failedWarm = await this.warm(
          this.serviceUrl + item.path,
          { method: 'POST', headers, body: sample },
          5,
        );
        if (failedWarm > 0) throw new Error(`${failedWarm} of 5 warm-up requests were not 2xx`);
        for (let round = 1; round <= this.options.rounds; round++) {
          say(`${item.name}: ${this.options.durationS} s`);
          const run = await this.closed(this.serviceUrl + item.path, spec);
          result.runs.push(run);
          say(
            `  ${describe(run)} = ${Math.round(run.okPerSec * item.itemsPerRequest).toLocaleString('en-US')} ${item.unit}/s`,
          );
        }
      } catch (error) {
        result.error = (error as Error).message;
        this.failures++;
        say(`${item.name}: failed: ${result.error}`);
      }
    }
  }

  private async sensorPhase(probe: Probe): Promise<void> {
    const range = this.range as SensorRange;
    const minutes = this.options.sensorMinutes;
    const phase: SensorPhaseResult = { sensors: range.count, minutes };
    this.results.sensors = phase;
    try {
      const db = this.db as Connection;
      await probe.stats(true);
      const rowsBefore = await rowsUpdated(db);
      const rowsSinceMs = Date.now();
      phase.rowsCounter = rowsBefore.counter;
      say(
        `a million sensors: ${range.count.toLocaleString('en-US')} ids once a minute for ${minutes} min, ` +
          `${Math.floor(range.count / 1_000)} requests of 1,000 ids a minute, evenly paced`,
      );
      phase.load = await this.load(
        {
          mode: 'paced',
          url: `${this.serviceUrl}/api/v1/sensors/heartbeats`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` },
          minutes,
          idsPerRequest: 1_000,
          firstId: range.minId,
          sensorCount: range.count,
          timeoutMs: 10_000,
        },
        (minutes * 60 + 60) * 1_000,
      );
      say(`  ${describe(phase.load)}, ${(phase.load.accepted ?? 0).toLocaleString('en-US')} ids accepted`);
      const flush = await this.waitForFlush(Date.now(), 'the flush of the last minute');
      phase.flushWaitS = flush.waitedS;
      phase.flushFinished = flush.finished;
      phase.rowsUpdated = (await rowsUpdated(db)).value - rowsBefore.value;
      // Over the whole time the counter was watched: the paced minutes and the wait for the last flush,
      // whose rows it includes (dividing by the paced minutes alone counted one flush too many).
      phase.rowsMinutes = (Date.now() - rowsSinceMs) / MINUTE_MS;
      phase.rowsPerMinute = phase.rowsUpdated / phase.rowsMinutes;
      phase.probe = await probe.stats(true);
      say(
        `  event loop max ${phase.probe.loopMaxMs} ms, p99 ${phase.probe.loopP99Ms} ms; ` +
          `${Math.round(phase.rowsPerMinute).toLocaleString('en-US')} rows updated a minute; peak RSS ${phase.probe.rssPeakMb} MB`,
      );
    } catch (error) {
      phase.error = (error as Error).message;
      this.failures++;
      say(`the sensor phase failed: ${phase.error}`);
    }
  }

  private report(): number {
    const table = renderTable(this.results);
    const stamp = this.results.facts.startedAt.replace(/[:.]/g, '-');
    const outDir = path.join(ROOT, 'artifacts', 'bench');
    mkdirSync(outDir, { recursive: true });
    const jsonFile = path.join(outDir, `bench-${stamp}.json`);
    writeFileSync(jsonFile, `${JSON.stringify(this.results, null, 2)}\n`);
    writeFileSync(path.join(outDir, `bench-${stamp}.md`), `${table.text}\n`);
    process.stdout.write(`\n${table.text}\n\n`);
    if (this.results.notes.length > 0) {
      process.stdout.write(`Notes:\n${this.results.notes.map((text) => `- ${text}`).join('\n')}\n\n`);
    }
    process.stdout.write(
      `${table.missed === 0 ? 'every target met' : `${table.missed} of ${table.rows} targets missed`}; ` +
        `the whole run took ${this.results.totalS} s; raw results: ${path.relative(ROOT, jsonFile)}\n`,
    );
    if (this.failures > 0) {
      process.stdout.write(`${this.failures} step(s) could not be measured (see above); exiting 1\n`);
      return 1;
    }
    rmSync(this.tmp, { recursive: true, force: true });
    return 0;
  }

  async close(): Promise<void> {
    await this.db?.end().catch(() => undefined);
    this.redis?.disconnect();
  }
}

function describe(result: LoadResult): string {
  const codes = Object.entries(result.statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  return (
    `${Math.round(result.reqPerSec).toLocaleString('en-US')} req/s, p50 ${result.p50Ms.toFixed(1)} ms, ` +
    `p99 ${result.p99Ms.toFixed(1)} ms, ${result.non2xx} non-2xx, ${result.errors} errors (${codes || 'no answers'})`
  );
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = readOptions();
  } catch (error) {
    if (error instanceof OptionError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const bench = new Bench(options);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n${signal}: stopping what the benchmark started\n`);
      void stopAll(3_000).finally(() => process.exit(130));
    });
  }
  try {
    return await bench.run();
  } finally {
    await stopAll();
    await bench.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch(async (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
  });
