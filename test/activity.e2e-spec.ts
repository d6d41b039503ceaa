import { onRedis, onSingleRedis } from './support/backends';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';
import { waitFor } from './support/wait';

const auth = { Authorization: `Bearer ${INGEST_KEY}` };

describe('POST /api/v1/activity', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const activeUsers = async () =>
    (await ctx.http().get('/api/v1/metrics/summary')).body as {
      activeUsers: number;
      activeUsersByPlatform: Record<string, number>;
    };

  it('records a batch, counting a user on two platforms once, and refuses stale or future events alone', async () => {
    const now = Date.now();
    const res = await ctx
      .http()
      .post('/api/v1/activity')
      .set(auth)
      .send({
        events: [
          { userId: 'alice', platform: 'web' },
          { userId: 'alice', platform: 'mobile-app1', at: new Date(now - 60_000).toISOString() },
          {
            userId: 'bob',
            platform: 'mobile-app2',
            at: new Date(now - 1_000).toISOString().replace('Z', '+00:00'),
          },
          { userId: 'carol', platform: 'web', at: new Date(now + 60_000).toISOString() },
          { userId: 'dave', platform: 'web', at: new Date(now - 301_000).toISOString() },
        ],
      });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 3,
      rejected: [
        { index: 3, reason: 'at is in the future' },
        { index: 4, reason: 'at is older than the active window (300 s)' },
      ],
    });
    const summary = await activeUsers();
    expect(summary.activeUsers).toBe(2);
    expect(summary.activeUsersByPlatform).toEqual({ web: 1, 'mobile-app1': 1, 'mobile-app2': 1 });
  });

  it('refuses an unknown platform with 400 naming the event, and writes nothing of the batch', async () => {
    const before = (await activeUsers()).activeUsers;
    const res = await ctx
      .http()
      .post('/api/v1/activity')
      .set(auth)
      .send({
        events: [
          { userId: 'frank', platform: 'web' },
          { userId: 'frank', platform: 'desktop' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'events[1].platform', message: 'platform must be one of web, mobile-app1, mobile-app2' },
    ]);
    expect((await activeUsers()).activeUsers).toBe(before);
  });

  // Authentication and the body's shape are proven in the HTTP tier (test/http/activity.spec.ts).

  it('takes 1000 events and refuses 1001', async () => {
    const events = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ userId: `bulk-${i}`, platform: 'web' }));
    const ok = await ctx
      .http()
      .post('/api/v1/activity')
      .set(auth)
      .send({ events: events(1000) });
    expect(ok.status).toBe(202);
    expect(ok.body.accepted).toBe(1000);
    const tooMany = await ctx
      .http()
      .post('/api/v1/activity')
      .set(auth)
      .send({ events: events(1001) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      { field: 'events', message: 'events must contain no more than 1000 elements' },
    ]);
  });

  onRedis('in Redis', () => {
    it('keeps the latest time per user in active_users and the platform set, never moving it back', async () => {
      const now = Date.now();
      await ctx
        .http()
        .post('/api/v1/activity')
        .set(auth)
        .send({
          events: [{ userId: 'grace', platform: 'mobile-app2', at: new Date(now - 10_000).toISOString() }],
        });
      await ctx
        .http()
        .post('/api/v1/activity')
        .set(auth)
        .send({
          events: [{ userId: 'grace', platform: 'mobile-app2', at: new Date(now - 100_000).toISOString() }],
        });
      const score = Number(await ctx.redis!.zscore(`${ctx.keyPrefix}active_users`, 'grace'));
      const platformScore = Number(
        await ctx.redis!.zscore(`${ctx.keyPrefix}active_users:mobile-app2`, 'grace'),
      );
      expect(Math.abs(score - (now - 10_000))).toBeLessThan(1);
      expect(platformScore).toBe(score);
    });
  });
});

onSingleRedis('activity with Redis down', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ viaProxies: true });
  });
  afterAll(() => ctx.close());

  it('answers 503 problem+json saying nothing was recorded, and records again once Redis is back', async () => {
    await ctx.proxies!.redis.cut();
    const res = await ctx
      .http()
      .post('/api/v1/activity')
      .set(auth)
      .send({ events: [{ userId: 'ivan', platform: 'web' }] });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.detail).toBe('Redis is unavailable: nothing was recorded; retry shortly.');
    await ctx.proxies!.redis.restore();
    await waitFor(
      async () =>
        (
          await ctx
            .http()
            .post('/api/v1/activity')
            .set(auth)
            .send({ events: [{ userId: 'ivan', platform: 'web' }] })
        ).status === 202,
    );
  });
});
