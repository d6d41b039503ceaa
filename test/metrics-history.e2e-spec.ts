import { unixMinute } from '@app/core';
import { MetricSampleEntity, MetricSamplerService, MetricSamplesRepository } from '@app/metrics';
import { insertProject, insertSensors, MINUTE } from './support/fixtures';
import { createTestApp, TestContext } from './support/test-app';
import { awayFromMinuteEdge } from './support/wait';

const T0 = Date.parse('2026-01-01T00:00:00Z');

async function insertSamples(
  ctx: TestContext,
  metric: string,
  samples: Array<[minutesAfterT0: number, value: number]>,
) {
  // The way minutes are written in production: the repository keeps the hourly and daily rollups.
  await ctx.app
    .get(MetricSamplesRepository)
    .upsert(samples.map(([minutes, value]) => ({ metric, ts: new Date(T0 + minutes * MINUTE), value })));
}

describe('GET /api/v1/metrics/history', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
    await insertSamples(ctx, 'activeUsers', [
      [0, 10],
      [1, 20],
      [4, 30], // bucket 00:00 averages 20
      // 00:05 bucket empty
      [10, 7],
      [14, 8], // 00:10 averages 7.5
      [20, 5],
      [25, 99], // after `to`'s bucket: never read
    ]);
    await insertSamples(ctx, 'apiRejections', [
      [0, 3],
      [2, 4], // 00:00 sums to 7
      [6, 1],
    ]);
    await insertSamples(ctx, 'activeUsers.web', [[30, 4]]);
  });
  afterAll(() => ctx.close());

  it('averages a gauge into UTC-aligned buckets with null gaps, both ends included', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers',
      interval: '5m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:20:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      metricType: 'activeUsers',
      interval: '5m',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T00:20:00.000Z',
      aggregation: 'avg',
      unit: 'users',
      points: [
        { timestamp: '2026-01-01T00:00:00.000Z', value: 20 },
        { timestamp: '2026-01-01T00:05:00.000Z', value: null },
        { timestamp: '2026-01-01T00:10:00.000Z', value: 7.5 },
        { timestamp: '2026-01-01T00:15:00.000Z', value: null },
        { timestamp: '2026-01-01T00:20:00.000Z', value: 5 },
      ],
    });
  });

  it('sums a count', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'apiRejections',
      interval: '5m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:09:59Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.aggregation).toBe('sum');
    expect(res.body.unit).toBe('requests');
    expect(res.body.points).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: 7 },
      { timestamp: '2026-01-01T00:05:00.000Z', value: 1 },
    ]);
  });

  it('aligns buckets to UTC whatever the offset and position of from/to', async () => {
    // 01:03 at +01:00 is 00:03Z: its 5m bucket starts at 00:00Z; 00:12Z falls in the 00:10 bucket.
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers',
      interval: '5m',
      from: '2026-01-01T01:03:00+01:00',
      to: '2026-01-01T00:12:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-01-01T00:03:00.000Z');
    expect(res.body.points.map((p: { timestamp: string }) => p.timestamp)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:05:00.000Z',
      '2026-01-01T00:10:00.000Z',
    ]);
    const hourly = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers',
      interval: '1h',
      from: '2026-01-01T00:30:00Z',
      to: '2026-01-01T01:10:00Z',
    });
    expect(hourly.body.points).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: (10 + 20 + 30 + 7 + 8 + 5 + 99) / 7 },
      { timestamp: '2026-01-01T01:00:00.000Z', value: null },
    ]);
  });

  it('serves per-platform metrics', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers.web',
      interval: '30m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:59:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.points).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: null },
      { timestamp: '2026-01-01T00:30:00.000Z', value: 4 },
    ]);
  });

  it('defaults to 5m and the 288 intervals before now', async () => {
    const before = Date.now();
    const res = await ctx.http().get('/api/v1/metrics/history').query({ type: 'activeUsers' });
    expect(res.status).toBe(200);
    expect(res.body.interval).toBe('5m');
    expect(res.body.points).toHaveLength(289);
    const last = Date.parse(res.body.points[288].timestamp);
    expect(last).toBe(Math.floor(Date.parse(res.body.to) / 300_000) * 300_000);
    expect(Date.parse(res.body.to)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(288 * 300_000);
  });

  it('accepts exactly 2000 points and refuses 2001, saying why', async () => {
    const ok = await ctx
      .http()
      .get('/api/v1/metrics/history')
      .query({
        type: 'activeUsers',
        interval: '1m',
        from: '2026-01-01T00:00:00Z',
        to: new Date(T0 + 1999 * MINUTE).toISOString(),
      });
    expect(ok.status).toBe(200);
    expect(ok.body.points).toHaveLength(2000);
    const tooMany = await ctx
      .http()
      .get('/api/v1/metrics/history')
      .query({
        type: 'activeUsers',
        interval: '1m',
        from: '2026-01-01T00:00:00Z',
        to: new Date(T0 + 2000 * MINUTE).toISOString(),
      });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      {
        field: 'from',
        message: 'the range holds 2001 points of 1m; at most 2000: use a larger interval or a shorter range',
      },
    ]);
  });

  it.each([
    [
      { type: 'nope' },
      'type',
      'type must be one of: activeUsers, activeUsers.web, activeUsers.mobile-app1, activeUsers.mobile-app2, sensorsOnline, sensorsOffline, liveProjects, apiRejections',
    ],
    [
      { type: 'activeUsers', interval: '2m' },
      'interval',
      'interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d',
    ],
    [
      { type: 'activeUsers', from: '2026-01-01T00:00:00' },
      'from',
      'from must be an ISO-8601 date-time with an offset, e.g. 2026-11-27T20:00:00Z',
    ],
    [
      { type: 'activeUsers', to: 'yesterday' },
      'to',
      'to must be an ISO-8601 date-time with an offset, e.g. 2026-11-27T20:00:00Z',
    ],
    [
      { type: 'activeUsers', from: '2026-01-01T01:00:00Z', to: '2026-01-01T01:00:00Z' },
      'from',
      'from must be earlier than to',
    ],
    [
      { type: 'activeUsers', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      'from',
      'from must be earlier than to',
    ],
    [{ type: 'activeUsers', limit: '5' }, 'limit', 'property limit should not exist'],
  ])('refuses %j with a 400 naming %s', async (query, field, message) => {
    const res = await ctx.http().get('/api/v1/metrics/history').query(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field, message }]);
  });

  it('refuses a missing type', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'type', message: 'type must be a string' }]);
  });

  it('lists the registered metrics with unit and aggregation', async () => {
    const res = await ctx.http().get('/api/v1/metrics/types');
    expect(res.status).toBe(200);
    const byType = Object.fromEntries(res.body.items.map((item: { type: string }) => [item.type, item]));
    expect(Object.keys(byType)).toEqual([
      'activeUsers',
      'activeUsers.web',
      'activeUsers.mobile-app1',
      'activeUsers.mobile-app2',
      'sensorsOnline',
      'sensorsOffline',
      'liveProjects',
      'apiRejections',
    ]);
    expect(byType.activeUsers).toMatchObject({ unit: 'users', aggregation: 'avg' });
    expect(byType.apiRejections).toMatchObject({ unit: 'requests', aggregation: 'sum' });
    expect(byType.liveProjects.description).toEqual(expect.any(String));
  });
});

describe('the sampler', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('records every metric once per minute, upserting, on one instance, and trims stale activity', async () => {
    await awayFromMinuteEdge(8_000); // the second run, 5 s later, must fall in the same minute
    const now = Date.now();
    const minuteStart = unixMinute(now) * MINUTE;
    const project = await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date(now - 1000) });
    const sensors = await insertSensors(ctx.dataSource, project.id, ['co2', 'co2', 'humidity']);
    await ctx.liveStore.recordHeartbeats([{ sensorId: sensors[0].id, atMs: now - 1000 }]);
    await ctx.liveStore.recordActivity([
      { userId: 'a', platform: 'web', atMs: now - 1000 },
      { userId: 'b', platform: 'mobile-app2', atMs: now - 2000 },
      { userId: 'stale', platform: 'web', atMs: now - 400_000 },
    ]);
    await ctx.liveStore.countRejection(404, minuteStart - 30_000);
    await ctx.liveStore.countRejection(429, minuteStart - 10_000);

    const sampler = ctx.app.get(MetricSamplerService);
    const run = await sampler.runOnce(now);
    expect(run).toMatchObject({ ran: true, recorded: 8, trimmed: 2 });
    // Same minute again (another instance, or a retry): the minute's lock says no.
    expect((await sampler.runOnce(now + 5_000)).ran).toBe(false);

    const rows = await ctx.dataSource.getRepository(MetricSampleEntity).find({ order: { metric: 'ASC' } });
    const values = Object.fromEntries(
      rows.map((row) => [row.metric, [new Date(row.ts).toISOString(), row.value]]),
    );
    const at = new Date(minuteStart).toISOString();
    expect(values).toEqual({
      activeUsers: [at, 2],
      'activeUsers.web': [at, 1],
      'activeUsers.mobile-app1': [at, 0],
      'activeUsers.mobile-app2': [at, 1],
      apiRejections: [new Date(minuteStart - MINUTE).toISOString(), 2],
      liveProjects: [at, 1],
      sensorsOffline: [at, 2],
      sensorsOnline: [at, 1],
    });
    expect(rows).toHaveLength(8);

    // The next minute writes new rows; re-writing a minute overwrites, never duplicates.
    await sampler.runOnce(now + MINUTE);
    expect(await ctx.dataSource.getRepository(MetricSampleEntity).count()).toBe(16);
  });
});
