import type { AddressInfo } from 'node:net';
import { SensorHeartbeatService } from '@app/sensors';
import type { Response } from 'supertest';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWrongTypedKeys, redisCheckCommand } from '../apps/cli/src/redis-check.command';
import { onRedis, onSingleRedis, TEST_REDIS_URL } from './support/backends';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';
import { insertProject, insertSensors } from './support/fixtures';
import { PrivateRedis } from './support/private-redis';
import { rawRequest } from './support/raw-http';
import { pastSummaryReuse, waitFor } from './support/wait';

const HEARTBEATS = '/api/v1/sensors/heartbeats';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What every answer carries, whoever produced it: problem+json, a request id, the security headers. */
function expectProblem(
  headers: Record<string, string | undefined>,
  body: unknown,
  status: number,
  detail: string | RegExp,
): void {
  expect(headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(headers['x-request-id']).toMatch(UUID);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  const problem = body as {
    status: number;
    detail: string;
    requestId: string;
    title: string;
  };
  expect(problem.status).toBe(status);
  expect(problem.requestId).toBe(headers['x-request-id']);
  if (typeof detail === 'string') expect(problem.detail).toBe(detail);
  else expect(problem.detail).toMatch(detail);
}

function expectProblemResponse(res: Response, status: number, detail: string | RegExp): void {
  expect(res.status).toBe(status);
  expectProblem(res.headers, res.body, status, detail);
}

describe('faults: answers Fastify and Node produce themselves', () => {
  let ctx: TestContext;
  let port: number;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { REQUEST_TIMEOUT_MS: '1000' } });
    await ctx.app.listen(0, '127.0.0.1');
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ctx.close());

  it('answers a wrong method on an existing path with 405 and Allow', async () => {
    const res = await ctx.http().delete('/api/v1/metrics/summary');
    expectProblemResponse(
      res,
      405,
      'DELETE is not allowed on /api/v1/metrics/summary; allowed: GET, HEAD, OPTIONS.',
    );
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    const put = await ctx.http().get('/api/v1/activity');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('OPTIONS, POST');
    const param = await ctx.http().post('/api/v1/modules/gateway');
    expect(param.status).toBe(405);
    expect(param.headers.allow).toBe('GET, HEAD, OPTIONS, PUT');
  });

  it('allows inline scripts and styles only under /docs (Swagger UI), nowhere else', async () => {
    for (const path of ['/', '/api/v1/metrics/summary', '/health/live', '/api/v1/nothing']) {
      const csp = (await ctx.http().get(path)).headers['content-security-policy'];
      expect(csp).toContain(";script-src 'self';");
      expect(csp).toContain(";style-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
    }
    for (const path of ['/docs', '/docs-json']) {
      const csp = (await ctx.http().get(path)).headers['content-security-policy'];
      expect(csp).toContain(";script-src 'self' 'unsafe-inline';");
      expect(csp).toContain(";style-src 'self' 'unsafe-inline';");
    }
  });

  it('answers a plain OPTIONS with 204 and Allow, and an unknown path with 404', async () => {
    const options = await ctx.http().options('/api/v1/sensors/heartbeats');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('OPTIONS, POST');
    expect(options.headers['x-request-id']).toMatch(UUID);
    const unknown = await ctx.http().options('/api/v1/nothing');
    expectProblemResponse(unknown, 404, 'Cannot OPTIONS /api/v1/nothing');
  });

  it('answers a path parameter over 1,000 characters with 414', async () => {
    const res = await ctx.http().get(`/api/v1/modules/${'a'.repeat(1_001)}`);
    expectProblemResponse(res, 414, 'A path segment is longer than 1000 characters.');
  });

  it('answers broken percent-encoding in the path with 400', async () => {
    for (const path of ['/api/v1/modules/%zz', '/api/v1/modules/%ff']) {
      const res = await ctx.http().get(path);
      expectProblemResponse(res, 400, 'The path is not valid percent-encoding (RFC 3986).');
    }
  });

  it('gives a request id and the security headers to other methods on such a path too', async () => {
    // Found by the fuzz test: Fastify sends these to the not-found handler without its onRequest hooks.
    const res = await ctx.http().delete('/api/v1/modules/%zz');
    expectProblemResponse(
      res,
      405,
      'DELETE is not allowed on /api/v1/modules/%zz; allowed: GET, HEAD, OPTIONS, PUT.',
    );
    const options = await ctx.http().options('/api/v1/modules/%2');
    expect(options.status).toBe(204);
    expect(options.headers['x-request-id']).toMatch(UUID);
    expect(options.headers['x-content-type-options']).toBe('nosniff');
    const unknown = await ctx.http().patch('/api/v1/nothing/%ff');
    expectProblemResponse(unknown, 404, 'Cannot PATCH /api/v1/nothing/%ff');
  });

  it('answers text/plain and form bodies with 415, recording nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await ctx
        .http()
        .post('/api/v1/activity')
        .set('X-API-Key', INGEST_KEY)
        .set('Content-Type', type)
        .send('events=1');
      expectProblemResponse(res, 415, 'The body must be JSON: send Content-Type: application/json.');
    }
    expect((await ctx.http().get('/api/v1/metrics/summary')).body.activeUsers).toBe(0);
  });

  it('refuses JSON nested deeper than 32 levels with 400 before validation, on every route', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    for (const [path, body] of [
      ['/api/v1/sensors/heartbeats', `{"sensorIds":${nested(40)}}`],
      ['/api/v1/activity', `{"events":${nested(2_000)}}`],
      ['/api/v1/modules/gateway', `{"currentVersion":${nested(400_000)}}`],
    ] as const) {
      const started = Date.now();
      const http = ctx.http();
      const res = await (path.startsWith('/api/v1/modules') ? http.put(path) : http.post(path))
        .set('X-API-Key', INGEST_KEY)
        .set('Content-Type', 'application/json')
        .send(body);
      expectProblemResponse(res, 400, 'The JSON body is nested deeper than 32 levels.');
      // Bounded: one pass over the bytes, no recursion (the 400,000-deep body is 800 KB).
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    // 32 levels is allowed through to validation (which names the field).
    const ok = await ctx
      .http()
      .post('/api/v1/sensors/heartbeats')
      .set('X-API-Key', INGEST_KEY)
      .set('Content-Type', 'application/json')
      .send(`{"sensorIds":${nested(31)}}`);
    expect(ok.status).toBe(400);
    expect(ok.body.errors[0].field).toMatch(/^sensorIds/);
  });

  it('refuses unknown and prototype query keys on every route, writes included, recording nothing', async () => {
    const write = await ctx
      .http()
      .post('/api/v1/activity?dryRun=true')
      .set('X-API-Key', INGEST_KEY)
      .send({ events: [{ userId: 'u-1', platform: 'web' }] });
    expectProblemResponse(write, 400, 'The request has invalid fields: dryRun');
    expect(write.body.errors).toEqual([{ field: 'dryRun', message: 'property dryRun should not exist' }]);
    expect((await ctx.http().get('/api/v1/metrics/summary')).body.activeUsers).toBe(0);
    for (const [path, key] of [
      ['/api/v1/metrics/summary?__proto__=1', '__proto__'],
      ['/api/v1/metrics/history?type=activeUsers&constructor=1', 'constructor'],
      ['/api/v1/modules?prototype=x', 'prototype'],
      ['/health/live?__proto__=1', '__proto__'],
    ]) {
      const res = await ctx.http().get(path);
      expectProblemResponse(res, 400, `The request has invalid fields: ${key}`);
      expect(res.body.errors).toEqual([{ field: key, message: `property ${key} should not exist` }]);
    }
    const beat = await ctx
      .http()
      .post('/api/v1/sensors/heartbeats?constructor=1')
      .set('X-API-Key', INGEST_KEY)
      .send({ sensorIds: [1] });
    expectProblemResponse(beat, 400, 'The request has invalid fields: constructor');
  });

  it('answers an unknown method with a 400 problem', async () => {
    const res = await rawRequest(port, 'FOO /api/v1/metrics/summary HTTP/1.1\r\nHost: x\r\n\r\n');
    expectProblem(res.headers, JSON.parse(res.body), 400, 'The request method is unknown.');
  });

  it('answers headers over 16 KB with a 431 problem', async () => {
    const res = await rawRequest(
      port,
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
    );
    expectProblem(res.headers, JSON.parse(res.body), 431, 'The request headers are larger than 16 KB.');
    // Found by the fuzz test: a HEAD request's answer carried the body, which clients read as garbage.
    const head = await rawRequest(
      port,
      `HEAD /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
    );
    expect({ status: head.status, body: head.body }).toEqual({ status: 431, body: '' });
    expect(head.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(head.headers['x-request-id']).toMatch(UUID);
  });

  it('cuts a stalled body and a slow header within REQUEST_TIMEOUT_MS with a 408 problem', async () => {
    const stalled = rawRequest(
      port,
      `POST /api/v1/activity HTTP/1.1\r\nHost: x\r\nX-API-Key: ${INGEST_KEY}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events":',
    );
    const slowHeader = rawRequest(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\n');
    for (const res of await Promise.all([stalled, slowHeader])) {
      expectProblem(
        res.headers,
        JSON.parse(res.body),
        408,
        'The request was not received in full within 1000 ms.',
      );
      // The timeout (1 s) plus Node's check interval (1 s) and a margin.
      expect(res.ms).toBeLessThan(3_500);
    }
  });
});

/** A log file of the test's own, at info, for the lines the app writes during an outage. */
function logFile(): {
  env: Record<string, string>;
  linesOf: (requestId: string) => unknown[];
  all: () => LogLine[];
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'ra-faults-log-'));
  const file = join(dir, 'app.log');
  const all = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  return {
    env: { LOG_LEVEL: 'info', LOG_FILE: file },
    all,
    linesOf: (requestId) => all().filter((line) => JSON.stringify(line).includes(requestId)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface LogLine {
  level: number;
  msg: string;
  context?: string;
}

/** The one line a request answered 503 for an outage writes: its access line, at warn, no stack. */
function outageLine(method: string, path: string, requestId: string, unavailable: string) {
  return expect.objectContaining({
    level: 40,
    requestId,
    path,
    res: { statusCode: 503 },
    unavailable: [unavailable],
    msg: `${method} ${path} 503 (unavailable: ${unavailable})`,
  });
}

/** How long `run` took, with what it gave. */
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await run();
  return [result, Date.now() - started];
}

onRedis('faults: a hung MySQL (a proxy that stops forwarding)', () => {
  const DEADLINE_MS = 1_000;
  /** The deadline, plus a busy machine's scheduling. */
  const WITHIN_MS = DEADLINE_MS + 1_500;
  let ctx: TestContext;
  let known: number;
  let unknownToThisInstance: number;
  const log = logFile();

  beforeAll(async () => {
    ctx = await createTestApp({
      viaProxies: true,
      env: {
        DB_QUERY_TIMEOUT_MS: String(DEADLINE_MS),
        SUMMARY_DB_TTL: '0',
        DATABASE_POOL_SIZE: '4',
        ...log.env,
      },
    });
    const project = await insertProject(ctx.dataSource, {
      isLive: true,
      createdAt: new Date(),
    });
    [known, unknownToThisInstance] = (await insertSensors(ctx.dataSource, project.id, ['gps', 'gps'])).map(
      (sensor) => sensor.id,
    );
    // This instance learns that `known` exists; the other id it has never been asked about.
    const first = await ctx
      .http()
      .post(HEARTBEATS)
      .set('X-API-Key', INGEST_KEY)
      .send({ sensorIds: [known] });
    expect(first.body).toEqual({ accepted: 1, unknown: [] });
    // Connections in the pool before the hang: their queries must time out, not only new connections.
    expect((await ctx.http().get('/api/v1/metrics/summary')).body.degraded).toEqual([]);
    ctx.proxies!.database.hang();
    await pastSummaryReuse();
  });
  afterAll(async () => {
    await ctx.proxies!.database.cut();
    await ctx.close();
    log.remove();
  });

  it('answers the summary degraded with what Redis knows, within the deadline', async () => {
    const [res, ms] = await timed(() => ctx.http().get('/api/v1/metrics/summary'));
    expect(res.status).toBe(200);
    expect(res.body.degraded).toEqual(['database']);
    expect(res.body.activeUsers).toBe(0);
    expect(res.body.sensorsOnline).toBe(1);
    expect(res.body.totalLiveProjects).toBeNull();
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it('fails readiness within its timeout, logging one warn line naming the database', async () => {
    const [res, ms] = await timed(() => ctx.http().get('/health/ready').set('X-Request-Id', 'hung-db-ready'));
    expect(res.status).toBe(503);
    expect(res.body.error.database.status).toBe('down');
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(log.linesOf('hung-db-ready')).toEqual([
      outageLine('GET', '/health/ready', 'hung-db-ready', 'database'),
    ]);
    expect(log.all().filter((line) => line.msg.startsWith('Health Check has failed'))).toEqual([]);
  });

  it('records heartbeats of sensors it knows from Redis alone, at once', async () => {
    const [res, ms] = await timed(() =>
      ctx
        .http()
        .post(HEARTBEATS)
        .set('X-API-Key', INGEST_KEY)
        .send({ sensorIds: [known] }),
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, unknown: [] });
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it('answers heartbeats that need the database 503 within the deadline, again and again, recording none', async () => {
    // Three rounds on a pool of four: connections whose query timed out must not be handed out again.
    for (let round = 0; round < 3; round++) {
      const [res, ms] = await timed(() =>
        ctx
          .http()
          .post(HEARTBEATS)
          .set('X-API-Key', INGEST_KEY)
          .send({ sensorIds: [known, unknownToThisInstance] }),
      );
      expectProblemResponse(res, 503, 'The database is unavailable; try again shortly.');
      expect(ms).toBeLessThan(WITHIN_MS);
      const requestId = res.body.requestId as string;
      expect(log.linesOf(requestId)).toEqual([outageLine('POST', HEARTBEATS, requestId, 'database')]);
    }
    // An outage is no bug: no line of the error filter, no stack.
    expect(log.all().filter((line) => line.context === 'Errors' || line.level >= 50)).toEqual([]);
    const live = await ctx.heartbeats.since(0);
    expect(live.map((entry) => entry.sensorId)).toEqual([known]);
  });

  it('answers five heartbeats at once, more than the pool holds, each 503 within twice the deadline', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        timed(() =>
          ctx
            .http()
            .post(HEARTBEATS)
            .set('X-API-Key', INGEST_KEY)
            .send({ sensorIds: [unknownToThisInstance] }),
        ),
      ),
    );
    for (const [res, ms] of answers) {
      expect(res.status).toBe(503);
      // A wait for a connection (one deadline) never adds up with a query on it (another).
      expect(ms).toBeLessThan(2 * DEADLINE_MS + 1_500);
    }
  });

  it('shuts down within twice the deadline, its final flush failing on the hung database', async () => {
    const [, ms] = await timed(() => ctx.closeApp());
    // The final flush waits one query deadline at most; closing the pool another.
    expect(ms).toBeLessThan(2 * DEADLINE_MS + 1_500);
  });
});

onRedis('faults: Redis restarted empty while heartbeats keep arriving', () => {
  const redis = new PrivateRedis();
  let ctx: TestContext;
  let ids: number[];
  let service: SensorHeartbeatService;
  const beat = (sensorIds: number[]) =>
    ctx.http().post(HEARTBEATS).set('X-API-Key', INGEST_KEY).send({ sensorIds });
  const online = async () => {
    const res = await ctx.http().get('/api/v1/metrics/summary');
    expect(res.body.degraded).toEqual([]);
    return [res.body.sensorsOnline, res.body.sensorsOffline] as [number, number];
  };

  beforeAll(async () => {
    await redis.start();
    ctx = await createTestApp({
      env: {
        REDIS_URL: redis.url,
        REDIS_CLUSTER: 'false',
        SUMMARY_DB_TTL: '0',
      },
    });
    service = ctx.app.get(SensorHeartbeatService);
    service.flushTakeoverDelayMs = 0;
    const project = await insertProject(ctx.dataSource, {
      isLive: true,
      createdAt: new Date(),
    });
    ids = (await insertSensors(ctx.dataSource, project.id, ['gps', 'gps', 'lux', 'lux', 'co2'])).map(
      (sensor) => sensor.id,
    );
  });
  afterAll(async () => {
    await ctx.close();
    await redis.stop();
  });

  it('counts every sensor online again within the next minute turn, not only those that beat since', async () => {
    expect((await beat(ids)).body).toEqual({ accepted: 5, unknown: [] });
    // A flush stores each sensor's time, as the minute's turn does.
    expect(await service.flush()).toBe(5);
    expect(await online()).toEqual([5, 0]);

    await redis.restartEmpty();
    // One sensor beats as soon as Redis answers again; the other four beat less often.
    await waitFor(async () => (await beat([ids[0]])).status === 202);
    expect(await online()).toEqual([1, 4]);

    // The minute's turn (what the cron runs): the marker is missing, so the set is rebuilt from MySQL.
    await service.takeTurn(Date.now());
    expect(await online()).toEqual([5, 0]);
    expect((await ctx.heartbeats.since(0)).map((entry) => entry.sensorId).sort((a, b) => a - b)).toEqual(
      [...ids].sort((a, b) => a - b),
    );
    // The marker is back: the next turn reads nothing from MySQL.
    expect(await service.rebuildIfLost()).toBe(0);
  });
});

onSingleRedis('faults: keys of another type left by the replaced Go service', () => {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  let ctx: TestContext;
  const record = (events: { userId: string; platform: string }[]) =>
    ctx.http().post('/api/v1/activity').set('X-API-Key', INGEST_KEY).send({ events });
  const summary = async () => {
    const res = await ctx.http().get('/api/v1/metrics/summary');
    expect(res.status).toBe(200);
    return res.body as {
      degraded: string[];
      activeUsers: number;
      activeUsersByPlatform: Record<string, number>;
    };
  };
  const wrongTyped = (key: string, outcome: string) =>
    `Redis key "${prefix}${key}" holds a string where this service keeps a sorted set (data of another ` +
    `program, such as the replaced Go service); ${outcome}. Run "npm run redis:check -- --fix" to clear such keys.`;

  beforeAll(async () => {
    // Connected here, not where the block is declared: a run that skips the block opens no connection.
    redis = new Redis(TEST_REDIS_URL);
    // The Go service's counter, there before the service starts.
    await redis.set(`${prefix}active_users:web`, '30');
    ctx = await createTestApp({ keyPrefix: prefix });
  });
  afterAll(async () => {
    await ctx.close();
    redis.disconnect();
  });

  it('refuses a write touching a key found at boot with 503 naming it, writing nothing of the batch', async () => {
    const res = await record([
      { userId: 'u-1', platform: 'mobile-app1' },
      { userId: 'u-2', platform: 'web' },
    ]);
    expectProblemResponse(res, 503, wrongTyped('active_users:web', 'nothing was recorded'));
    expect(await redis.exists(`${prefix}active_users`, `${prefix}active_users:mobile-app1`)).toBe(0);
    expect(await redis.get(`${prefix}active_users:web`)).toBe('30');
  });

  it('answers the summary with the other counts, the wrong-typed key read as empty', async () => {
    expect((await record([{ userId: 'u-1', platform: 'mobile-app1' }])).status).toBe(202);
    expect(await summary()).toMatchObject({
      degraded: [],
      activeUsers: 1,
      activeUsersByPlatform: { web: 0, 'mobile-app1': 1, 'mobile-app2': 0 },
    });
  });

  it('redis-check lists the key, --fix deletes it, and writes resume', async () => {
    expect(await findWrongTypedKeys(redis, prefix)).toEqual([
      { key: `${prefix}active_users:web`, found: 'string', expected: 'zset' },
    ]);
    const output = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // createTestApp put REDIS_URL and REDIS_KEY_PREFIX of this app in the environment.
      expect(await redisCheckCommand([])).toBe(1);
      expect(await redisCheckCommand(['--fix'])).toBe(0);
      expect(await redisCheckCommand([])).toBe(0);
      expect(output.mock.calls.map(([line]) => String(line))).toEqual([
        `${prefix}active_users:web: string, expected zset\n`,
        '1 key(s) of another type: writes to them answer 503; run with --fix to delete them\n',
        `${prefix}active_users:web: string, expected zset (deleted)\n`,
        'deleted 1 key(s) of another type; the service writes them anew\n',
        "every key of the service's names holds the type the service keeps there\n",
      ]);
    } finally {
      output.mockRestore();
    }
    // A key found wrong is asked about again at most every second.
    await waitFor(async () => (await record([{ userId: 'u-2', platform: 'web' }])).status === 202, 5_000);
    expect((await summary()).activeUsersByPlatform).toEqual({ web: 1, 'mobile-app1': 1, 'mobile-app2': 0 });
  });

  it('names a key that changed type after boot, saying part may have been recorded, then refuses it whole', async () => {
    await redis.set(`${prefix}active_users:mobile-app2`, '5');
    const first = await record([
      { userId: 'u-3', platform: 'web' },
      { userId: 'u-4', platform: 'mobile-app2' },
    ]);
    expectProblemResponse(
      first,
      503,
      wrongTyped(
        'active_users:mobile-app2',
        'part of the request may have been recorded, and retrying is safe once the key is cleared',
      ),
    );
    const second = await record([{ userId: 'u-5', platform: 'mobile-app2' }]);
    expectProblemResponse(second, 503, wrongTyped('active_users:mobile-app2', 'nothing was recorded'));
    expect(await redis.zscore(`${prefix}active_users`, 'u-5')).toBeNull();
    expect((await summary()).activeUsersByPlatform['mobile-app2']).toBe(0);
  });
});

onSingleRedis('faults: a hung Redis (a proxy that stops forwarding)', () => {
  const COMMAND_TIMEOUT_MS = 500;
  /** The command timeout, plus a busy machine's scheduling. */
  const WITHIN_MS = COMMAND_TIMEOUT_MS + 1_500;
  let ctx: TestContext;
  const log = logFile();

  beforeAll(async () => {
    ctx = await createTestApp({
      viaProxies: true,
      env: { REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS), SUMMARY_DB_TTL: '0', ...log.env },
    });
    expect((await ctx.http().get('/api/v1/metrics/summary')).body.degraded).toEqual([]);
    ctx.proxies!.redis.hang();
    await pastSummaryReuse();
  });
  afterAll(async () => {
    await ctx.proxies!.redis.cut();
    await ctx.close();
    log.remove();
  });

  it('answers the summary degraded with what MySQL knows, within the command timeout', async () => {
    const [res, ms] = await timed(() => ctx.http().get('/api/v1/metrics/summary'));
    expect(res.status).toBe(200);
    expect(res.body.degraded).toEqual(['redis']);
    expect(res.body.activeUsers).toBeNull();
    expect(res.body.totalLiveProjects).toBe(0);
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it('fails readiness within its timeout, logging one warn line naming Redis', async () => {
    const [res, ms] = await timed(() =>
      ctx.http().get('/health/ready').set('X-Request-Id', 'hung-redis-ready'),
    );
    expect(res.status).toBe(503);
    expect(res.body.error.redis.status).toBe('down');
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(log.linesOf('hung-redis-ready')).toEqual([
      outageLine('GET', '/health/ready', 'hung-redis-ready', 'redis'),
    ]);
    expect(log.all().filter((line) => line.msg.startsWith('Health Check has failed'))).toEqual([]);
  });

  it('answers a write 503 saying it may have been recorded, which it is once Redis resumes', async () => {
    const [res, ms] = await timed(() =>
      ctx
        .http()
        .post('/api/v1/activity')
        .set('X-API-Key', INGEST_KEY)
        .send({ events: [{ userId: 'u-hung', platform: 'web' }] }),
    );
    const requestId = res.body.requestId as string;
    expect(log.linesOf(requestId)).toEqual([outageLine('POST', '/api/v1/activity', requestId, 'redis')]);
    // An outage is no bug: no line of the error filter, no stack.
    expect(log.all().filter((line) => line.context === 'Errors' || line.level >= 50)).toEqual([]);
    expectProblemResponse(
      res,
      503,
      'Redis did not answer in time: the write may or may not have been recorded. Retrying is safe: ' +
        'recording the same events or heartbeats again counts each user or sensor once.',
    );
    expect(ms).toBeLessThan(WITHIN_MS);
    // The command was sent before the timeout: a Redis that resumes applies it.
    ctx.proxies!.redis.resume();
    await waitFor(
      async () => (await ctx.redis!.zscore(`${ctx.keyPrefix}active_users:web`, 'u-hung')) !== null,
    );
    // And the retry the detail allows changes nothing: the user counts once.
    const retry = await ctx
      .http()
      .post('/api/v1/activity')
      .set('X-API-Key', INGEST_KEY)
      .send({ events: [{ userId: 'u-hung', platform: 'web' }] });
    expect(retry.status).toBe(202);
    await waitFor(async () => (await ctx.http().get('/api/v1/metrics/summary')).body.degraded.length === 0);
    const after = await ctx.http().get('/api/v1/metrics/summary');
    expect(after.body.activeUsers).toBe(1);
    expect(after.body.activeUsersByPlatform.web).toBe(1);
  });
});
