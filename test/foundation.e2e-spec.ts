import { DemoTrafficService } from '@app/demo';
import { runMigrations, parseDatabaseConfig, unixMinute } from '@app/core';
import { Controller, Get, Module, Query } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { shutdownGracefully } from '../apps/api/src/bootstrap';
import { BACKEND, onRedis } from './support/backends';
import { createTestApp, TestContext } from './support/test-app';
import { closedPort, sharedCacheEntry } from './support/wait';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('foundation', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(() => ctx.close());

  it('runs on the backend E2E_BACKEND names', () => {
    const stores = [ctx.dataSource.options.type, ctx.liveStore.backend];
    if (BACKEND === 'mysql') expect(stores).toEqual([expect.stringMatching(/^(mysql|mariadb)$/), 'redis']);
    else expect(stores).toEqual(['better-sqlite3', 'memory']);
  });

  it('wires no demo code when demo data and demo traffic are off', () => {
    expect(() => ctx.app.get(DemoTrafficService)).toThrow(/DemoTrafficService/);
  });

  describe('request id', () => {
    it('echoes a valid incoming X-Request-Id, on errors too', async () => {
      const ok = await ctx.http().get('/health/live').set('X-Request-Id', 'abc.DEF_123-x');
      expect(ok.headers['x-request-id']).toBe('abc.DEF_123-x');
      const notFound = await ctx.http().get('/nope').set('X-Request-Id', 'trace-42');
      expect(notFound.status).toBe(404);
      expect(notFound.headers['x-request-id']).toBe('trace-42');
      expect(notFound.body.requestId).toBe('trace-42');
    });

    it('replaces a malformed or oversized id with a fresh UUID', async () => {
      for (const bad of ['has space', 'semi;colon', 'x'.repeat(65), '<script>']) {
        const res = await ctx.http().get('/health/live').set('X-Request-Id', bad);
        expect(res.headers['x-request-id']).toMatch(UUID);
      }
      const none = await ctx.http().get('/health/live');
      expect(none.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('problem+json', () => {
    it('answers an unknown route with a 404 problem', async () => {
      const res = await ctx.http().get('/api/v1/nothing-here?x=1').set('X-Request-Id', 'r-404');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'Cannot GET /api/v1/nothing-here?x=1',
        instance: '/api/v1/nothing-here',
        requestId: 'r-404',
      });
    });

    it('refuses an unknown query parameter, naming it', async () => {
      const res = await ctx.http().get('/api/v1/metrics/summary?verbose=true');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'verbose', message: 'property verbose should not exist' }]);
      expect(res.body.title).toBe('Bad Request');
    });

    it('answers malformed JSON with a 400 problem and no stack', async () => {
      const res = await ctx
        .http()
        .post('/api/v1/activity')
        .set('Authorization', 'Bearer test-ingest-key')
        .set('Content-Type', 'application/json')
        .send('{"events": [');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
    });

    it('answers a body over the size limit with 413', async () => {
      const huge = JSON.stringify({ events: [{ userId: 'x'.repeat(1_100_000), platform: 'web' }] });
      const res = await ctx
        .http()
        .post('/api/v1/activity')
        .set('X-API-Key', 'test-ingest-key')
        .set('Content-Type', 'application/json')
        .send(huge);
      expect(res.status).toBe(413);
      expect(res.body.status).toBe(413);
    });

    it('sends security headers', async () => {
      const res = await ctx.http().get('/health/live');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    });
  });

  describe('rejection counting', () => {
    it('counts each 4xx answer in the current minute by status', async () => {
      const minute = unixMinute(Date.now());
      await ctx.http().get('/nope-1');
      await ctx.http().get('/nope-2');
      await ctx.http().get('/api/v1/metrics/history?type=nope');
      await ctx.http().post('/api/v1/activity').send({ events: [] });
      // The count happens after the answer is sent: give it a moment.
      await new Promise((r) => setTimeout(r, 100));
      const counted = (await ctx.rejections.totalIn(minute)) + (await ctx.rejections.totalIn(minute + 1));
      expect(counted).toBeGreaterThanOrEqual(4);
      if (ctx.redis) {
        const hash = {
          ...(await ctx.redis.hgetall(`${ctx.keyPrefix}api_rejected:${minute}`)),
          ...(await ctx.redis.hgetall(`${ctx.keyPrefix}api_rejected:${minute + 1}`)),
        };
        expect(Number(hash['404'])).toBeGreaterThanOrEqual(2);
        expect(Number(hash['400'])).toBeGreaterThanOrEqual(1);
        expect(Number(hash['401'])).toBeGreaterThanOrEqual(1);
        const ttl = await ctx.redis.ttl(`${ctx.keyPrefix}api_rejected:${minute}`);
        expect(ttl).toBeGreaterThan(590);
        expect(ttl).toBeLessThanOrEqual(600);
      }
    });
  });

  describe('rate limit', () => {
    it('refuses the 101st request in a minute from one IP with 429 and Retry-After, while another IP passes', async () => {
      const ip = '203.0.113.7';
      for (let i = 1; i <= 100; i++) {
        const res = await ctx.http().get('/api/v1/metrics/types').set('X-Forwarded-For', ip);
        expect(res.status).toBe(200);
        if (i === 1) expect(res.headers['x-ratelimit-limit']).toBe('100');
        if (i === 100) expect(res.headers['x-ratelimit-remaining']).toBe('0');
      }
      // The limit is per client, across routes.
      const refused = await ctx
        .http()
        .get('/api/v1/modules')
        .set('X-Forwarded-For', ip)
        .set('X-Request-Id', 'limited-1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.headers['x-request-id']).toBe('limited-1');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.status).toBe(429);

      const other = await ctx.http().get('/api/v1/metrics/types').set('X-Forwarded-For', '203.0.113.8');
      expect(other.status).toBe(200);
      expect(other.headers['x-ratelimit-remaining']).toBe('99');

      // Health probes are never limited.
      const probe = await ctx.http().get('/health/live').set('X-Forwarded-For', ip);
      expect(probe.status).toBe(200);

      if (ctx.redis) {
        const hits = await ctx.redis.get(`${ctx.keyPrefix}rate-limit:${ip}`);
        expect(Number(hits)).toBe(101);
      }
    });

    it('counts a burst of concurrent requests from one IP exactly: 100 pass, each with its own remaining count', async () => {
      const ip = '203.0.113.9';
      const server = ctx.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        // 130 requests on as many sockets, all in flight at once: they reach the limiter in a few turns.
        const answers = await Promise.all(
          Array.from({ length: 130 }, () =>
            fetch(`http://127.0.0.1:${port}/api/v1/metrics/types`, {
              headers: { 'X-Forwarded-For': ip },
            }).then(async (res) => ({
              status: res.status,
              remaining: res.headers.get('x-ratelimit-remaining'),
              body: await res.text(),
            })),
          ),
        );
        const passed = answers.filter((answer) => answer.status === 200);
        const refused = answers.filter((answer) => answer.status === 429);
        expect(passed).toHaveLength(100);
        expect(refused).toHaveLength(30);
        const remaining = passed.map((answer) => Number(answer.remaining)).sort((a, b) => a - b);
        expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => i));
        expect(refused.every((answer) => answer.remaining === '0')).toBe(true);
        if (ctx.redis) {
          expect(Number(await ctx.redis.get(`${ctx.keyPrefix}rate-limit:${ip}`))).toBe(130);
          const ttl = await ctx.redis.pttl(`${ctx.keyPrefix}rate-limit:${ip}`);
          expect(ttl).toBeGreaterThan(50_000);
          expect(ttl).toBeLessThanOrEqual(60_000);
        }
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('health', () => {
    it('is ready and live when the stores answer', async () => {
      const ready = await ctx.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      expect(ready.body.details.database.status).toBe('up');
      expect(ready.body.details.redis.status).toBe('up');
      const seed = await ctx.http().get('/health');
      expect(seed.status).toBe(200);
      expect(seed.body.status).toBe('ok');
    });
  });

  onRedis('cache', () => {
    it('writes the sensor breakdown as a real Redis key under the prefix', async () => {
      const res = await ctx.http().get('/api/v1/sensors/type-breakdown');
      expect(res.status).toBe(200);
      const stored = await sharedCacheEntry(ctx.redis!, `${ctx.keyPrefix}sensors:type-breakdown`);
      expect(stored).toMatchObject({ value: { total: 0, types: [] } });
      const ttl = await ctx.redis!.pttl(`${ctx.keyPrefix}sensors:type-breakdown`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
  });
});

onRedis('migrations and schema', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  async function schemaDump(): Promise<string> {
    const tables = [
      'projects',
      'sensors',
      'modules',
      'metric_samples',
      'metric_samples_hourly',
      'metric_samples_daily',
      'schema_migrations',
    ];
    const parts: string[] = [];
    for (const table of tables) {
      const [row] = await ctx.dataSource.query<Record<string, string>[]>(`SHOW CREATE TABLE \`${table}\``);
      parts.push(row['Create Table']);
    }
    const versions = await ctx.dataSource.query<{ version: string }[]>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    return parts.join('\n') + JSON.stringify(versions);
  }

  it('applied again, the runner changes nothing', async () => {
    const before = await schemaDump();
    const database = (ctx.dataSource.options as { database: string }).database;
    const config = parseDatabaseConfig({ DATABASE_URL: `mysql://root@127.0.0.1:3306/${database}` });
    if (config.connection.kind !== 'mysql') throw new Error('expected mysql');
    const again = await runMigrations(
      { ...config.connection, ...pickConnection(ctx) },
      resolve(__dirname, '../migrations'),
    );
    expect(again.applied).toEqual([]);
    expect(again.skipped).toEqual(['001_init_schema', '002_metric_rollups', '003_sensor_type_counts']);
    expect(await schemaDump()).toBe(before);
  });

  it('the entities match the SQL schema exactly', async () => {
    const pending = await ctx.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});

function pickConnection(ctx: TestContext) {
  const options = ctx.dataSource.options as {
    host: string;
    port: number;
    username: string;
    password: string;
    database: string;
  };
  return {
    host: options.host,
    port: options.port,
    username: options.username,
    password: options.password ?? '',
    database: options.database,
  };
}

onRedis('with Redis unreachable', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0` } });
  });
  afterAll(() => ctx.close());

  it('readiness is 503 naming redis, liveness stays 200', async () => {
    const ready = await ctx.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('error');
    expect(ready.body.error.redis.status).toBe('down');
    expect(ready.body.details.database.status).toBe('up');
    const live = await ctx.http().get('/health/live');
    expect(live.status).toBe(200);
  });

  it('still serves requests: rate limiting and rejection counting fail open', async () => {
    const res = await ctx.http().get('/api/v1/metrics/types');
    expect(res.status).toBe(200);
    const missing = await ctx.http().get('/nope');
    expect(missing.status).toBe(404);
  });
});

@Controller('test')
class SlowController {
  @Get('slow')
  async slow(@Query('ms') ms: string): Promise<{ done: boolean }> {
    await new Promise((r) => setTimeout(r, Number(ms)));
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, turning readiness 503 at once', async () => {
    const ctx = await createTestApp({ extraModules: [SlowModule] });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const url = await ctx.app.getUrl();
    const base = url.replace('[::1]', '127.0.0.1');
    try {
      const inFlight = fetch(`${base}/test/slow?ms=800`).then(async (res) => ({
        status: res.status,
        body: await res.json(),
      }));
      await new Promise((r) => setTimeout(r, 150));
      // The delay keeps the listener open: this request reaches the app.
      const shutdown = shutdownGracefully(ctx.app, 5_000, 1_000);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; error: Record<string, unknown> };
      expect(body.status).toBe('error');
      expect(body.error.shutdown).toEqual({ status: 'down', message: 'shutting down' });
      const result = await inFlight;
      expect(result).toEqual({ status: 200, body: { done: true } });
      expect(await shutdown).toBe('clean');
      await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    } finally {
      await ctx.close();
    }
  });
});
