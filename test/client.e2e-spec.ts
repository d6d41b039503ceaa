import { MetricSamplesRepository } from '@app/metrics';
import { ApiError, createAnalyticsClient, unwrap, type AnalyticsClient } from '../clients/typescript';
import { DAY, insertProject, insertSensors, MINUTE } from './support/fixtures';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

/**
 * The generated client (openapi/openapi.json → clients/typescript) against the running server: each call
 * compiles only if the spec describes it, and its answer must be what the spec's types promise.
 */
describe('generated TypeScript client', () => {
  let ctx: TestContext;
  let api: AnalyticsClient;
  const ingest = { Authorization: `Bearer ${INGEST_KEY}` };
  const minute = Math.floor(Date.now() / MINUTE) * MINUTE;

  beforeAll(async () => {
    ctx = await createTestApp();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    api = createAnalyticsClient({ baseUrl: (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1') });

    const now = Date.now();
    const fresh = await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date(now - DAY) });
    await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date(now - 30 * DAY) });
    await insertProject(ctx.dataSource, { isLive: false, createdAt: new Date(now - 2 * DAY) });
    const sensors = await insertSensors(ctx.dataSource, fresh.id, ['temperature', 'temperature', 'humidity']);

    // The write endpoints through the client too.
    const activity = await unwrap(
      api.POST('/api/v1/activity', {
        headers: ingest,
        body: {
          events: [
            { userId: 'client-1', platform: 'web' },
            { userId: 'client-2', platform: 'mobile-app1' },
            { userId: 'client-3', platform: 'mobile-app1' },
          ],
        },
      }),
    );
    expect(activity).toEqual({ accepted: 3, rejected: [] });
    const heartbeats = await unwrap(
      api.POST('/api/v1/sensors/heartbeats', {
        headers: ingest,
        body: { sensorIds: [sensors[0].id, sensors[2].id] },
      }),
    );
    expect(heartbeats).toEqual({ accepted: 2, unknown: [] });
    await unwrap(
      api.PUT('/api/v1/modules/{name}', {
        headers: ingest,
        params: { path: { name: 'billing' } },
        body: { currentVersion: '2.4.1', upcomingVersion: '2.5.0', upcomingReleaseDate: '2030-01-15' },
      }),
    );
    await ctx.app.get(MetricSamplesRepository).upsert([
      { metric: 'activeUsers', ts: new Date(minute - 2 * MINUTE), value: 10 },
      { metric: 'activeUsers', ts: new Date(minute - MINUTE), value: 14 },
    ]);
  });
  afterAll(() => ctx.close());

  it('getSummary', async () => {
    const summary = await unwrap(api.GET('/api/v1/metrics/summary'));
    expect(summary).toEqual({
      activeUsers: 3,
      activeUsersByPlatform: { web: 1, 'mobile-app1': 2, 'mobile-app2': 0 },
      apiRejectedCount: 0,
      newProjectsLast7Days: 2,
      totalLiveProjects: 2,
      sensorsOnline: 2,
      sensorsOffline: 1,
      generatedAt: expect.any(String),
      degraded: [],
    });
    expect(Number.isNaN(Date.parse(summary.generatedAt))).toBe(false);
  });

  it('getHistory', async () => {
    const history = await unwrap(
      api.GET('/api/v1/metrics/history', {
        params: {
          query: {
            type: 'activeUsers',
            interval: '1m',
            from: new Date(minute - 3 * MINUTE).toISOString(),
            to: new Date(minute - MINUTE).toISOString(),
          },
        },
      }),
    );
    expect(history).toMatchObject({
      metricType: 'activeUsers',
      interval: '1m',
      aggregation: 'avg',
      unit: 'users',
    });
    expect(history.points.map((point) => point.value)).toEqual([null, 10, 14]);
    expect(history.points[1].timestamp).toBe(new Date(minute - 2 * MINUTE).toISOString());
  });

  it('getMetricTypes', async () => {
    const types = await unwrap(api.GET('/api/v1/metrics/types'));
    expect(types.items).toContainEqual({
      type: 'activeUsers',
      label: 'Active users',
      unit: 'users',
      aggregation: 'avg',
      description: expect.any(String),
    });
    // Every metric the server lists is served by the history.
    for (const item of types.items) {
      const history = await unwrap(
        api.GET('/api/v1/metrics/history', { params: { query: { type: item.type } } }),
      );
      expect(history.metricType).toBe(item.type);
    }
  });

  it('getSensorTypeBreakdown', async () => {
    const breakdown = await unwrap(api.GET('/api/v1/sensors/type-breakdown'));
    expect(breakdown).toEqual({
      total: 3,
      types: [
        { type: 'temperature', count: 2 },
        { type: 'humidity', count: 1 },
      ],
    });
  });

  it('listModules and getModule', async () => {
    const list = await unwrap(api.GET('/api/v1/modules'));
    expect(list.items.map((module) => module.name)).toEqual(['billing']);
    const billing = await unwrap(
      api.GET('/api/v1/modules/{name}', { params: { path: { name: 'billing' } } }),
    );
    expect(billing).toMatchObject({
      name: 'billing',
      currentVersion: '2.4.1',
      upcomingVersion: '2.5.0',
      upcomingReleaseDate: '2030-01-15',
    });
    expect(list.items[0]).toEqual(billing);
  });

  it('turns an error answer into an ApiError carrying the problem document', async () => {
    const missing = await unwrap(
      api.GET('/api/v1/modules/{name}', { params: { path: { name: 'no-such-module' } } }),
    ).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBe(404);
    expect((missing as ApiError).problem).toMatchObject({ status: 404, title: 'Not Found' });

    const refused = await unwrap(
      api.POST('/api/v1/activity', { body: { events: [{ userId: 'x', platform: 'web' }] } }),
    ).catch((error: unknown) => error);
    expect((refused as ApiError).status).toBe(401);
    expect((refused as ApiError).problem?.requestId).toEqual(expect.any(String));
  });
});
