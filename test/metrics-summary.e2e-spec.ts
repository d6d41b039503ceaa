import { unixMinute } from '@app/core';
import { MetricsSummaryService } from '@app/metrics';
import { onSingleRedis } from './support/backends';
import { DAY, HOUR, insertProject, insertSensors, MINUTE } from './support/fixtures';
import { createTestApp, TestContext } from './support/test-app';
import { awayFromMinuteEdge, pastSummaryReuse, waitFor } from './support/wait';

const SECOND = 1000;

/** Known live state and rows around every boundary of the summary. */
async function seedKnownState(ctx: TestContext, now: number): Promise<void> {
  await insertProject(ctx.dataSource, {
    name: 'new-live',
    isLive: true,
    createdAt: new Date(now - 6 * DAY - 23 * HOUR),
  });
  await insertProject(ctx.dataSource, {
    name: 'old-live',
    isLive: true,
    createdAt: new Date(now - 7 * DAY - 1 * HOUR),
  });
  await insertProject(ctx.dataSource, {
    name: 'new-draft',
    isLive: false,
    createdAt: new Date(now - 6 * DAY - 23 * HOUR),
  });
  const owner = await insertProject(ctx.dataSource, {
    name: 'old-draft',
    isLive: false,
    createdAt: new Date(now - 30 * DAY),
  });
  const sensors = await insertSensors(ctx.dataSource, owner.id, [
    'temperature',
    'temperature',
    'humidity',
    'co2',
    'pressure',
  ]);

  await ctx.heartbeats.record([
    { sensorId: sensors[0].id, atMs: now - 10 * SECOND },
    { sensorId: sensors[1].id, atMs: now - 200 * SECOND },
    { sensorId: sensors[2].id, atMs: now - 290 * SECOND }, // inside the 300 s window
    { sensorId: sensors[3].id, atMs: now - 310 * SECOND }, // outside: offline
  ]); // sensors[4] never beat: offline

  await ctx.activeUsers.record([
    { userId: 'u-1', platform: 'web', atMs: now - 5 * SECOND },
    { userId: 'u-1', platform: 'mobile-app1', atMs: now - 20 * SECOND }, // same user, second platform
    { userId: 'u-2', platform: 'web', atMs: now - 100 * SECOND },
    { userId: 'u-3', platform: 'mobile-app2', atMs: now - 290 * SECOND },
    { userId: 'u-4', platform: 'web', atMs: now - 310 * SECOND }, // outside the window
  ]);

  const minute = unixMinute(now);
  for (let i = 0; i < 2; i++) await ctx.rejections.count(404, (minute - 4) * MINUTE + 30 * SECOND); // 4 minutes old
  await ctx.rejections.count(429, (minute - 4) * MINUTE + 1 * SECOND);
  for (let i = 0; i < 3; i++) await ctx.rejections.count(429, (minute - 6) * MINUTE + 30 * SECOND); // 6 minutes old
  await ctx.rejections.count(400, (minute - 5) * MINUTE + 59 * SECOND); // 5 minutes old: just out
}

describe('GET /api/v1/metrics/summary', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('answers every number exactly from known data', async () => {
    await awayFromMinuteEdge();
    const now = Date.now();
    await seedKnownState(ctx, now);
    const res = await ctx.http().get('/api/v1/metrics/summary');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { generatedAt, ...numbers } = res.body;
    expect(numbers).toEqual({
      activeUsers: 3,
      activeUsersByPlatform: { web: 2, 'mobile-app1': 1, 'mobile-app2': 1 },
      apiRejectedCount: 3,
      newProjectsLast7Days: 2,
      totalLiveProjects: 2,
      sensorsOnline: 3,
      sensorsOffline: 2,
      degraded: [],
    });
    expect(Date.parse(generatedAt)).toBeGreaterThanOrEqual(now);
  });
});

describe('summary rejections', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('counts the 4xx answers the service itself gives', async () => {
    expect((await ctx.http().get('/api/v1/metrics/summary')).body.apiRejectedCount).toBe(0);
    await ctx.http().get('/api/v1/metrics/summary?bogus=1');
    await ctx.http().get('/no-such-route');
    await ctx
      .http()
      .post('/api/v1/sensors/heartbeats')
      .send({ sensorIds: [1] });
    await new Promise((r) => setTimeout(r, 50));
    expect((await ctx.http().get('/api/v1/metrics/summary')).body.apiRejectedCount).toBe(3);
  });
});

describe('summary on an empty deployment', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { ACTIVE_USER_PLATFORMS: 'web,ios,android' } });
  });
  afterAll(() => ctx.close());

  it('answers zeros, with every configured platform present', async () => {
    const res = await ctx.http().get('/api/v1/metrics/summary');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      activeUsers: 0,
      activeUsersByPlatform: { web: 0, ios: 0, android: 0 },
      apiRejectedCount: 0,
      newProjectsLast7Days: 0,
      totalLiveProjects: 0,
      sensorsOnline: 0,
      sensorsOffline: 0,
      degraded: [],
    });
  });
});

onSingleRedis('summary cost in Redis', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ viaProxies: true, env: { SUMMARY_DB_TTL: '60' } });
  });
  afterAll(() => ctx.close());

  it('reads activity, rejections and sensors in one write to Redis, one round trip', async () => {
    await awayFromMinuteEdge();
    const now = Date.now();
    await seedKnownState(ctx, now);
    const summary = ctx.app.get(MetricsSummaryService);
    await summary.summary(now); // the database counts are now in this process's cache
    await new Promise((resolve) => setTimeout(resolve, 50));
    const proxy = ctx.proxies!.redis;
    proxy.chunksFromClients = 0;
    const batches = jest.spyOn(ctx.liveStore, 'batch');
    const result = await summary.summary(now);
    // One batch (one pipeline), and nothing else reached Redis: one write, one reply to wait for.
    expect(batches).toHaveBeenCalledTimes(1);
    batches.mockRestore();
    expect(proxy.chunksFromClients).toBe(1);
    expect(result).toMatchObject({
      activeUsers: 3,
      activeUsersByPlatform: { web: 2, 'mobile-app1': 1, 'mobile-app2': 1 },
      apiRejectedCount: 3,
      sensorsOnline: 3,
      sensorsOffline: 2,
      degraded: [],
    });
  });
});

onSingleRedis('summary with a store down', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ viaProxies: true, env: { SUMMARY_DB_TTL: '0' } });
    await seedKnownState(ctx, Date.now());
  });
  afterAll(() => ctx.close());

  it('with Redis down answers what MySQL knows, names redis, and recovers by itself', async () => {
    await ctx.proxies!.redis.cut();
    await pastSummaryReuse();
    const res = await ctx.http().get('/api/v1/metrics/summary');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      activeUsers: null,
      activeUsersByPlatform: null,
      apiRejectedCount: null,
      newProjectsLast7Days: 2,
      totalLiveProjects: 2,
      sensorsOnline: null,
      sensorsOffline: null,
      degraded: ['redis'],
    });
    const ready = await ctx.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.redis.status).toBe('down');

    await ctx.proxies!.redis.restore();
    await waitFor(async () => (await ctx.http().get('/api/v1/metrics/summary')).body.degraded.length === 0);
    const back = await ctx.http().get('/api/v1/metrics/summary');
    expect(back.body.activeUsers).toBe(3);
    expect((await ctx.http().get('/health/ready')).status).toBe(200);
  });

  it('with MySQL down answers the live numbers, names database; data endpoints answer 503; recovers', async () => {
    await ctx.proxies!.database.cut();
    await pastSummaryReuse();
    const res = await ctx.http().get('/api/v1/metrics/summary');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      activeUsers: 3,
      newProjectsLast7Days: null,
      totalLiveProjects: null,
      sensorsOnline: 3,
      sensorsOffline: null,
      degraded: ['database'],
    });
    const ready = await ctx.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.database.status).toBe('down');

    const history = await ctx.http().get('/api/v1/metrics/history?type=activeUsers');
    expect(history.status).toBe(503);
    expect(history.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(history.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(JSON.stringify(history.body)).not.toMatch(/SELECT|ECONN|at \//);

    await ctx.proxies!.database.restore();
    await waitFor(async () => (await ctx.http().get('/api/v1/metrics/summary')).body.degraded.length === 0);
    expect((await ctx.http().get('/api/v1/metrics/history?type=activeUsers')).status).toBe(200);
  });

  it('with both down answers 503 problem+json', async () => {
    await ctx.proxies!.database.cut();
    await ctx.proxies!.redis.cut();
    await pastSummaryReuse();
    try {
      const res = await ctx.http().get('/api/v1/metrics/summary');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toBe('Neither Redis nor the database is reachable.');
    } finally {
      await ctx.proxies!.database.restore();
      await ctx.proxies!.redis.restore();
    }
  });
});
