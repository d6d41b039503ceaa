import { MetricSamplesRepository } from '@app/metrics';
import { MINUTE } from './support/fixtures';
import { createTestApp, TestContext } from './support/test-app';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HISTORY = '/api/v1/metrics/history';

describe('GET /api/v1/metrics/history as CSV', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
    const samples: Array<[string, number, number]> = [
      ['activeUsers', 0, 10],
      ['activeUsers', 1, 20],
      ['activeUsers', 4, 30], // 00:00 averages 20; 00:05 empty
      ['activeUsers', 10, 7],
      ['activeUsers', 14, 8], // 00:10 averages 7.5
      ['activeUsers', 20, 5],
      ['apiRejections', 0, 3],
      ['apiRejections', 2, 4],
    ];
    await ctx.app
      .get(MetricSamplesRepository)
      .upsert(
        samples.map(([metric, minutes, value]) => ({ metric, ts: new Date(T0 + minutes * MINUTE), value })),
      );
  });
  afterAll(() => ctx.close());

  const range = { interval: '5m', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:20:00Z' };

  it('answers timestamp,value rows with ISO timestamps and empty values where no sample exists', async () => {
    const res = await ctx
      .http()
      .get(HISTORY)
      .query({ type: 'activeUsers', ...range })
      .set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="activeUsers_5m_2026-01-01T00-00-00Z_2026-01-01T00-20-00Z.csv"',
    );
    expect(res.headers.vary).toBe('Accept');
    expect(res.text).toBe(
      'timestamp,value\r\n' +
        '2026-01-01T00:00:00.000Z,20\r\n' +
        '2026-01-01T00:05:00.000Z,\r\n' +
        '2026-01-01T00:10:00.000Z,7.5\r\n' +
        '2026-01-01T00:15:00.000Z,\r\n' +
        '2026-01-01T00:20:00.000Z,5\r\n',
    );
    // The second answer comes from the cached buckets: the same rows.
    const again = await ctx
      .http()
      .get(HISTORY)
      .query({ type: 'activeUsers', ...range })
      .set('Accept', 'text/csv');
    expect(again.text).toBe(res.text);
  });

  it('sums a count and names a dotted metric safely', async () => {
    const res = await ctx
      .http()
      .get(HISTORY)
      .query({
        type: 'apiRejections',
        interval: '1h',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-01T01:00:00Z',
      })
      .set('Accept', 'text/csv;q=0.9, */*;q=0.1');
    expect(res.status).toBe(200);
    expect(res.text).toBe('timestamp,value\r\n2026-01-01T00:00:00.000Z,7\r\n2026-01-01T01:00:00.000Z,\r\n');
    const dotted = await ctx
      .http()
      .get(HISTORY)
      .query({
        type: 'activeUsers.web',
        interval: '1h',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-01T00:59:00Z',
      })
      .set('Accept', 'text/csv');
    expect(dotted.status).toBe(200);
    expect(dotted.headers['content-disposition']).toBe(
      'attachment; filename="activeUsers.web_1h_2026-01-01T00-00-00Z_2026-01-01T00-59-00Z.csv"',
    );
    expect(dotted.text).toBe('timestamp,value\r\n2026-01-01T00:00:00.000Z,\r\n');
  });

  it('stays JSON by default and when JSON is preferred', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/csv;q=0.5, application/json']) {
      const call = ctx
        .http()
        .get(HISTORY)
        .query({ type: 'activeUsers', ...range });
      const res = await (accept ? call.set('Accept', accept) : call);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.headers.vary).toBe('Accept');
      expect(res.body.points[2]).toEqual({ timestamp: '2026-01-01T00:10:00.000Z', value: 7.5 });
    }
  });

  it.each([
    [
      { type: 'activeUsers', interval: '2m' },
      'interval',
      'interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d',
    ],
    [
      { type: 'nope' },
      'type',
      'type must be one of: activeUsers, activeUsers.web, activeUsers.mobile-app1, activeUsers.mobile-app2, sensorsOnline, sensorsOffline, liveProjects, apiRejections',
    ],
    [{ type: 'activeUsers', limit: '5' }, 'limit', 'property limit should not exist'],
  ])('refuses %j with the same problem+json 400 when CSV was asked', async (query, field, message) => {
    const res = await ctx.http().get(HISTORY).query(query).set('Accept', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse(res.text)).toMatchObject({ status: 400, errors: [{ field, message }] });
  });
});
