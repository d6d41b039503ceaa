import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestContext } from './support/test-app';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

describe('GET /api/v1/info', () => {
  describe('with the configuration set', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestApp({
        env: {
          GIT_COMMIT: '0123ABCdef',
          ACTIVE_USER_WINDOW: '120',
          SENSOR_ONLINE_WINDOW: '600',
          ACTIVE_USER_PLATFORMS: 'web,ios,android,tv',
          HISTORY_RETENTION_DAYS: '30',
        },
      });
    });
    afterAll(() => ctx.close());

    it('names the version, the windows, the platforms and how far each interval reaches', async () => {
      const res = await ctx.http().get('/api/v1/info');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        version: PACKAGE_VERSION,
        commit: '0123abcdef',
        windows: {
          activeUsersSeconds: 120,
          apiRejectionsSeconds: 300,
          sensorOnlineSeconds: 600,
          newProjectsSeconds: 604_800,
        },
        platforms: ['web', 'ios', 'android', 'tv'],
        history: {
          retentionDays: 30,
          maxPoints: 2000,
          intervals: [
            // 1,999 intervals, or the 30 days kept (2,592,000 s), whichever is shorter.
            { interval: '1m', seconds: 60, maxRangeSeconds: 119_940 },
            { interval: '5m', seconds: 300, maxRangeSeconds: 599_700 },
            { interval: '15m', seconds: 900, maxRangeSeconds: 1_799_100 },
            { interval: '30m', seconds: 1_800, maxRangeSeconds: 2_592_000 },
            { interval: '1h', seconds: 3_600, maxRangeSeconds: 2_592_000 },
            { interval: '6h', seconds: 21_600, maxRangeSeconds: 2_592_000 },
            { interval: '12h', seconds: 43_200, maxRangeSeconds: 2_592_000 },
            { interval: '1d', seconds: 86_400, maxRangeSeconds: 2_592_000 },
          ],
        },
      });
    });

    it('serves every interval up to its reach, and refuses one interval more', async () => {
      const to = Date.UTC(2026, 10, 27, 12, 0, 0);
      for (const { interval, reach } of [
        { interval: '1m', reach: 119_940 },
        { interval: '5m', reach: 599_700 },
      ]) {
        const at = (seconds: number) => new Date(to - seconds * 1000).toISOString();
        const query = { type: 'activeUsers', interval, to: new Date(to).toISOString() };
        const within = await ctx
          .http()
          .get('/api/v1/metrics/history')
          .query({ ...query, from: at(reach) });
        expect(within.status).toBe(200);
        expect(within.body.points).toHaveLength(2000);
        const step = interval === '1m' ? 60 : 300;
        const beyond = await ctx
          .http()
          .get('/api/v1/metrics/history')
          .query({ ...query, from: at(reach + step) });
        expect(beyond.status).toBe(400);
      }
    });

    it('refuses query parameters, naming the field', async () => {
      const res = await ctx.http().get('/api/v1/info?limit=5');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'limit', message: 'property limit should not exist' }]);
    });
  });

  describe('with the defaults', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestApp({
        env: {
          GIT_COMMIT: undefined,
          ACTIVE_USER_WINDOW: undefined,
          SENSOR_ONLINE_WINDOW: undefined,
          ACTIVE_USER_PLATFORMS: undefined,
          HISTORY_RETENTION_DAYS: undefined,
        },
      });
    });
    afterAll(() => ctx.close());

    it('says five-minute windows, three platforms and 90 days', async () => {
      const res = await ctx.http().get('/api/v1/info');
      expect(res.status).toBe(200);
      expect(res.body.windows).toEqual({
        activeUsersSeconds: 300,
        apiRejectionsSeconds: 300,
        sensorOnlineSeconds: 300,
        newProjectsSeconds: 604_800,
      });
      expect(res.body.platforms).toEqual(['web', 'mobile-app1', 'mobile-app2']);
      expect(res.body.history.retentionDays).toBe(90);
      expect(
        Object.fromEntries(
          (res.body.history.intervals as { interval: string; maxRangeSeconds: number }[]).map((entry) => [
            entry.interval,
            entry.maxRangeSeconds,
          ]),
        ),
      ).toEqual({
        '1m': 119_940,
        '5m': 599_700,
        '15m': 1_799_100,
        '30m': 3_598_200,
        '1h': 7_196_400,
        '6h': 7_776_000,
        '12h': 7_776_000,
        '1d': 7_776_000,
      });
    });
  });
});
