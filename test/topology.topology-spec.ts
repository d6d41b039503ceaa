/**
 * The scale-out topology, for real: a Redis Cluster (three masters, one replica each), a MariaDB primary with a
 * GTID replica, three instances of the built service and nginx in front (scripts/topology.sh starts them on
 * ports of their own and stops them after, also when a test fails). Every request goes through nginx unless
 * a test asks one instance directly. Run by `npm test` (scripts/run-tests.js), or alone:
 *   npm run build && npx jest --testRegex 'topology-spec\.ts$'
 */
import { Cluster } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';

const ROOT = resolve(__dirname, '..');
const SCRIPT = join(ROOT, 'scripts', 'topology.sh');

interface Topology {
  dir: string;
  redisPorts: number[];
  lbPort: number;
  appPorts: number[];
  ingestKey: string;
  rateLimit: number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTP request from a loopback source address of the test's choosing (a distinct client to nginx). */
function call(
  port: number,
  method: string,
  path: string,
  options: { from?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolveAnswer({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body) as unknown,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The first `summary` event of an instance's stream that satisfies `accept`, within `withinMs`. */
function streamSummary(
  port: number,
  accept: (summary: Record<string, unknown>) => boolean,
  withinMs: number,
): Promise<Record<string, unknown>> {
  return new Promise((resolveEvent, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/metrics/stream', agent: false }, (res) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (!event.includes('event: summary') || !data) continue;
          const summary = JSON.parse(data.slice('data: '.length)) as Record<string, unknown>;
          if (accept(summary)) {
            clearTimeout(timer);
            req.destroy();
            resolveEvent(summary);
            return;
          }
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no matching summary on the stream of ${port} within ${withinMs} ms`));
    }, withinMs);
    req.on('error', () => undefined);
  });
}

async function until<T>(what: string, withinMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(
    `${what}: not within ${withinMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}

function readTopology(dir: string): Topology {
  const env = Object.fromEntries(
    readFileSync(join(dir, 'topology.env'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const ports = (value: string) => value.split(' ').map(Number);
  return {
    dir,
    redisPorts: ports(env.TOPOLOGY_REDIS_PORTS),
    lbPort: Number(env.TOPOLOGY_LB_PORT),
    appPorts: ports(env.TOPOLOGY_APP_PORTS),
    ingestKey: env.TOPOLOGY_INGEST_KEY,
    rateLimit: Number(env.TOPOLOGY_RATE_LIMIT),
  };
}

/** How often statements whose normalized text matches `pattern` ran on a server (performance_schema). */
async function statementCount(db: Connection, pattern: string): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COALESCE(SUM(COUNT_STAR), 0) AS n FROM performance_schema.events_statements_summary_by_digest
      WHERE DIGEST_TEXT LIKE ?`,
    [pattern],
  );
  return Number(rows[0].n);
}

async function comSelect(db: Connection): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Com_select'");
  return Number(rows[0].Value);
}

const HISTORY_QUERY = '%GROUP BY `bucket`%';
const BREAKDOWN_QUERY = 'SELECT %FROM `sensor_type_counts`%';
const SAMPLER_UPSERT = 'INSERT INTO `metric_samples` (%';
const SENSORS = 20;

describe('scale-out topology: Redis Cluster, MariaDB primary + replica, three instances behind nginx', () => {
  const dir = join(process.env.TMPDIR ?? '/tmp', `realtime-analytics-topology-${process.pid}`);
  const env = { TOPOLOGY_PORT_BASE: 'auto', ...process.env, TOPOLOGY_DIR: dir };
  let topology: Topology;
  let primary: Connection;
  let replica: Connection;
  let redis: Cluster;
  let ingest: Record<string, string>;
  const startedAt = Date.now();

  beforeAll(async () => {
    execFileSync(SCRIPT, ['up'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 150_000 });
    topology = readTopology(dir);
    ingest = { authorization: `Bearer ${topology.ingestKey}` };
    const db = (port: string) =>
      createConnection({ host: '127.0.0.1', port: Number(port), user: 'root', database: 'realtime' });
    const envFile = readFileSync(join(dir, 'topology.env'), 'utf8');
    primary = await db(/TOPOLOGY_DB_PRIMARY=(\d+)/.exec(envFile)![1]);
    replica = await db(/TOPOLOGY_DB_REPLICA=(\d+)/.exec(envFile)![1]);
    redis = new Cluster(topology.redisPorts.slice(0, 3).map((port) => ({ host: '127.0.0.1', port })));
    // One live project and SENSORS sensors, written to the primary (the replica follows).
    await primary.query("INSERT INTO projects (name, is_live) VALUES ('topology', 1)");
    const values = Array.from(
      { length: SENSORS },
      (_, i) => `(1, '${i % 2 ? 'humidity' : 'temperature'}', 's${i}')`,
    );
    await primary.query(`INSERT INTO sensors (project_id, type, name) VALUES ${values.join(',')}`);
  }, 180_000);

  afterAll(async () => {
    redis?.disconnect();
    await primary?.end().catch(() => undefined);
    replica?.destroy();
    execFileSync(SCRIPT, ['down'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
    process.stdout.write(`topology test: ${Math.round((Date.now() - startedAt) / 1000)} s in all\n`);
  }, 90_000);

  it('limits each client exactly across the three instances, by the address nginx saw', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < topology.rateLimit + 20; i++) {
      // A client cannot pick its own address: what it sends in X-Forwarded-For is not the hop the service trusts.
      const headers = i % 2 ? { 'x-forwarded-for': `198.51.100.${i}` } : undefined;
      const res = await call(topology.lbPort, 'GET', '/api/v1/metrics/types', { from: '127.0.0.2', headers });
      statuses.push(res.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(topology.rateLimit);
    expect(statuses.slice(topology.rateLimit).every((status) => status === 429)).toBe(true);
    expect(await redis.get('rate-limit:127.0.0.2')).toBe(String(topology.rateLimit + 20));
    const other = await call(topology.lbPort, 'GET', '/api/v1/metrics/types', { from: '127.0.0.3' });
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe(String(topology.rateLimit - 1));
  }, 60_000);

  it('gives the same summary, and the same on the stream, on every instance', async () => {
    const events = [
      ...Array.from({ length: 20 }, (_, i) => ({ userId: `web-${i}`, platform: 'web' })),
      ...Array.from({ length: 10 }, (_, i) => ({ userId: `app-${i}`, platform: 'mobile-app1' })),
    ];
    const activity = await call(topology.lbPort, 'POST', '/api/v1/activity', {
      from: '127.0.0.4',
      headers: ingest,
      body: { events },
    });
    expect(activity.status).toBe(202);
    const beats = await call(topology.lbPort, 'POST', '/api/v1/sensors/heartbeats', {
      from: '127.0.0.4',
      headers: ingest,
      body: { sensorIds: Array.from({ length: 12 }, (_, i) => i + 1) },
    });
    expect(beats.status).toBe(202);
    expect(beats.json()).toEqual({ accepted: 12, unknown: [] });

    const expected = {
      activeUsers: 30,
      activeUsersByPlatform: { web: 20, 'mobile-app1': 10, 'mobile-app2': 0 },
      sensorsOnline: 12,
      sensorsOffline: SENSORS - 12,
      totalLiveProjects: 1,
      degraded: [],
    };
    for (const [index, port] of topology.appPorts.entries()) {
      // The counts come from the replica and are cached for SUMMARY_DB_TTL: the first answers may be older.
      const summary = await until(`summary on ${port}`, 10_000, async () => {
        const res = await call(port, 'GET', '/api/v1/metrics/summary', { from: `127.0.3.${index + 1}` });
        const body = res.json() as Record<string, unknown>;
        return body.totalLiveProjects === 1 && body.sensorsOffline === SENSORS - 12 ? body : undefined;
      });
      expect(summary).toMatchObject(expected);
      const streamed = await streamSummary(
        port,
        (event) => event.activeUsers === 30 && event.sensorsOffline === SENSORS - 12,
        10_000,
      );
      expect(streamed).toMatchObject(expected);
    }
  }, 90_000);

  it('shows a module PUT on every instance within a second', async () => {
    for (const port of topology.appPorts) {
      // Every instance caches the list.
      expect((await call(port, 'GET', '/api/v1/modules', { from: '127.0.4.1' })).status).toBe(200);
    }
    for (const version of ['1.0.0', '2.0.0']) {
      const put = await call(topology.lbPort, 'PUT', '/api/v1/modules/topology', {
        from: '127.0.0.5',
        headers: ingest,
        body: { currentVersion: version },
      });
      expect([200, 201]).toContain(put.status);
      expect(put.json()).toMatchObject({ name: 'topology', currentVersion: version });
      // Each instance drops its copy as the announcement on channel:cache-invalidation reaches it (through
      // the cluster bus when its subscriber is on another node): within a second, here on a loaded machine.
      for (const port of topology.appPorts) {
        const res = await until(`version ${version} on ${port}`, 1_000, async () => {
          const answer = await call(port, 'GET', '/api/v1/modules/topology', { from: '127.0.4.2' });
          return (answer.json() as { currentVersion?: string }).currentVersion === version
            ? answer
            : undefined;
        });
        expect(res.status).toBe(200);
        expect(res.json()).toMatchObject({ currentVersion: version });
      }
    }
  }, 60_000);

  it('answers history and the breakdown from the replica', async () => {
    const before = {
      primary: await statementCount(primary, HISTORY_QUERY),
      replica: await statementCount(replica, HISTORY_QUERY),
      primarySelects: await comSelect(primary),
      replicaSelects: await comSelect(replica),
    };
    for (let i = 0; i < 10; i++) {
      // Ranges of their own: each is a cache miss that reads the database.
      const to = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
      const res = await call(
        topology.lbPort,
        'GET',
        `/api/v1/metrics/history?type=activeUsers&interval=1h&from=2025-12-01T00:00:00Z&to=${to}`,
        { from: '127.0.0.6' },
      );
      expect(res.status).toBe(200);
    }
    const breakdown = await call(topology.lbPort, 'GET', '/api/v1/sensors/type-breakdown', {
      from: '127.0.0.6',
    });
    expect(breakdown.json()).toEqual({
      total: SENSORS,
      types: [
        { type: 'humidity', count: SENSORS / 2 },
        { type: 'temperature', count: SENSORS / 2 },
      ],
    });
    const after = {
      primary: await statementCount(primary, HISTORY_QUERY),
      replica: await statementCount(replica, HISTORY_QUERY),
      primarySelects: await comSelect(primary),
      replicaSelects: await comSelect(replica),
    };
    process.stdout.write(
      `history x10: replica Com_select +${after.replicaSelects - before.replicaSelects}, ` +
        `primary Com_select +${after.primarySelects - before.primarySelects}\n`,
    );
    expect(after.replica - before.replica).toBeGreaterThanOrEqual(10);
    expect(after.primary).toBe(before.primary);
    // Every breakdown read since the start (the instances' recounts and the cold loads) went to the replica.
    expect(await statementCount(replica, BREAKDOWN_QUERY)).toBeGreaterThan(0);
    expect(await statementCount(primary, BREAKDOWN_QUERY)).toBe(0);
  }, 60_000);

  it('loses no GET when an instance is killed under load (nginx retries on another)', async () => {
    const statuses: number[] = [];
    let done = 0;
    const worker = async (index: number) => {
      for (let i = 0; i < 30; i++) {
        const path = i % 2 ? '/api/v1/metrics/summary' : '/api/v1/modules';
        const res = await call(topology.lbPort, 'GET', path, { from: `127.0.1.${index + 1}` }).catch(
          () => ({ status: 0 }) as Answer,
        );
        statuses.push(res.status);
        done++;
      }
    };
    const load = Promise.all(Array.from({ length: 10 }, (_, index) => worker(index)));
    await until('a third of the load', 30_000, () => Promise.resolve(done >= 100 ? true : undefined));
    const pid = Number(readFileSync(join(dir, 'app-2.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await load;
    expect(statuses).toHaveLength(300);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 90_000);

  it('rides out the loss of a Redis master: 503 or success while it fails over, back within 15 s, no 2xx lost', async () => {
    const slot = Number(await redis.cluster('KEYSLOT', 'active_users'));
    const slots = await redis.cluster('SLOTS');
    const owner = slots.find(([first, last]) => slot >= first && slot <= last)!;
    const masterPort = owner[2][1];
    const killedAt = Date.now();
    process.kill(Number(readFileSync(join(dir, 'redis', `${masterPort}.pid`), 'utf8')), 'SIGKILL');

    const accepted: string[] = [];
    const answers = new Map<number, number>();
    let recoveredAfterMs: number | null = null;
    for (let i = 0; Date.now() - killedAt < 20_000; i++) {
      const userId = `failover-${i}`;
      const res = await call(topology.lbPort, 'POST', '/api/v1/activity', {
        from: `127.0.2.${(i % 200) + 1}`,
        headers: ingest,
        body: { events: [{ userId, platform: 'web' }] },
      });
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
      expect([202, 503]).toContain(res.status);
      if (res.status === 202) accepted.push(userId);
      if (res.status === 202 && recoveredAfterMs === null) {
        const summary = await call(topology.lbPort, 'GET', '/api/v1/metrics/summary', { from: '127.0.0.7' });
        if (summary.status === 200 && (summary.json() as { degraded: string[] }).degraded.length === 0) {
          recoveredAfterMs = Date.now() - killedAt;
        }
      }
      if (recoveredAfterMs !== null && accepted.length >= 20) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    process.stdout.write(
      `redis master ${masterPort} killed: recovered after ${recoveredAfterMs} ms; answers ${JSON.stringify([...answers])}\n`,
    );
    expect(recoveredAfterMs).not.toBeNull();
    expect(recoveredAfterMs!).toBeLessThanOrEqual(15_000);
    for (const userId of accepted) {
      expect(await redis.zscore('active_users', userId)).not.toBeNull();
      expect(await redis.zscore('active_users:web', userId)).not.toBeNull();
    }
  }, 60_000);

  it('moves reads to the primary when the replica stops, and stays ready', async () => {
    const replicaPid = Number(readFileSync(join(dir, 'db-replica', 'pid'), 'utf8'));
    process.kill(replicaPid, 'SIGTERM');
    replica.destroy();
    await until('the replica stopped', 20_000, () => {
      try {
        process.kill(replicaPid, 0);
        return Promise.resolve(undefined);
      } catch {
        return Promise.resolve(true);
      }
    });
    const before = await statementCount(primary, HISTORY_QUERY);
    for (let i = 0; i < 10; i++) {
      const to = new Date(Date.UTC(2026, 1, 1 + i)).toISOString();
      const res = await call(
        topology.lbPort,
        'GET',
        `/api/v1/metrics/history?type=sensorsOnline&interval=1h&from=2026-01-15T00:00:00Z&to=${to}`,
        { from: '127.0.0.8' },
      );
      expect(res.status).toBe(200);
    }
    expect((await statementCount(primary, HISTORY_QUERY)) - before).toBeGreaterThanOrEqual(10);
    for (const port of topology.appPorts.slice(0, 2)) {
      // A check that began while the replica was shutting down waits out DATABASE_CONNECT_TIMEOUT_MS (5 s)
      // before it says down; the next one runs DATABASE_REPLICA_CHECK_MS (2 s) later, on a loaded machine later.
      const ready = await until(`readiness of ${port} naming the replica down`, 20_000, async () => {
        const res = await call(port, 'GET', '/health/ready');
        const body = res.json() as { details: { databaseReplicas: { replicas: { status: string }[] } } };
        return body.details.databaseReplicas.replicas[0].status === 'down' ? res : undefined;
      });
      expect(ready.status).toBe(200);
    }
  }, 60_000);

  it('has the sampler write each minute exactly once across the instances', async () => {
    const sampled = async () => {
      const [rows] = await primary.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM metric_samples WHERE metric = 'activeUsers'",
      );
      return Number(rows[0].n);
    };
    // The first minute is sampled five seconds after the first minute boundary since start. Read between two
    // equal statement counts, so that no sampling runs in between.
    const { minutes, upserts } = await until('a sampled minute', 75_000, async () => {
      const first = await statementCount(primary, SAMPLER_UPSERT);
      const rows = await sampled();
      const last = await statementCount(primary, SAMPLER_UPSERT);
      return rows > 0 && first === last ? { minutes: rows, upserts: last } : undefined;
    });
    // One upsert statement per sampled minute: no minute was written by two instances.
    expect(upserts).toBe(minutes);
  }, 90_000);
});
