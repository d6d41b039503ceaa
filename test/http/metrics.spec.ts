import { MetricsSummaryService } from '@app/metrics';
import { MetricHistoryService } from '@app/metrics/metric-history.service';
import { MetricsController } from '@app/metrics/metrics.controller';
import { useHttpTier } from '../support/http-tier';

const HISTORY = '/api/v1/metrics/history';
const DATE_TIME_RULE =
  'must be a date-time like 2026-11-27T20:00:00Z: a real calendar date, years 1970-9999, offset Z or ±hh:mm';

const HISTORY_ANSWER = {
  metricType: 'activeUsers',
  interval: '5m',
  from: '2025-12-31T23:00:00.000Z',
  to: '2025-12-31T23:05:00.000Z',
  aggregation: 'avg',
  unit: 'users',
  points: [
    { timestamp: '2025-12-31T23:00:00.000Z', value: 2.5 },
    { timestamp: '2025-12-31T23:05:00.000Z', value: null },
  ],
};

describe('metrics over HTTP: validation', () => {
  const tier = useHttpTier({
    controllers: [MetricsController],
    services: [MetricsSummaryService, MetricHistoryService],
    answers: { 'MetricHistoryService.history': HISTORY_ANSWER },
  });
  const { callsNow } = tier;

  it.each([
    [
      { type: 'activeUsers', interval: '2m' },
      'interval',
      'interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d',
    ],
    [{ type: 'activeUsers', from: '2026-01-01T00:00:00' }, 'from', `from ${DATE_TIME_RULE}`],
    [{ type: 'activeUsers', to: 'yesterday' }, 'to', `to ${DATE_TIME_RULE}`],
    [{ type: 'activeUsers', to: '2026-13-01T00:00:00Z' }, 'to', `to ${DATE_TIME_RULE}`],
    [{ type: 'activeUsers', from: '2026-02-30T00:00:00Z' }, 'from', `from ${DATE_TIME_RULE}`],
    [{ type: 'activeUsers', to: '10000-01-01T00:00:00Z' }, 'to', `to ${DATE_TIME_RULE}`],
    [{ type: 'activeUsers', limit: '5' }, 'limit', 'property limit should not exist'],
  ])(
    'refuses the history query %j with a 400 naming %s, reaching no service',
    async (query, field, message) => {
      const res = await tier.http().get(HISTORY).query(query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field, message }]);
      expect(callsNow()).toEqual([]);
    },
  );

  it("answers the original service's ?metric= with a 400 that names type", async () => {
    const res = await tier.http().get(`${HISTORY}?metric=activeUsers&interval=5m`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe('metric is not a parameter here: use type instead, e.g. type=activeUsers');
    expect(res.body.errors).toEqual([
      { field: 'type', message: 'type must be a string' },
      { field: 'metric', message: 'metric is not a parameter here: use type instead, e.g. type=activeUsers' },
    ]);
    expect(callsNow()).toEqual([]);
  });

  it('refuses a missing type', async () => {
    const res = await tier.http().get(HISTORY);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'type', message: 'type must be a string' }]);
    expect(callsNow()).toEqual([]);
  });

  it('passes a valid query to the service with the interval defaulted to 5m, and serializes its answer', async () => {
    const res = await tier
      .http()
      .get(HISTORY)
      .query({ type: 'activeUsers', from: '2026-01-01T00:00:00+01:00' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual(HISTORY_ANSWER);
    expect(callsNow()).toEqual([
      [
        'MetricHistoryService.history',
        [{ type: 'activeUsers', interval: '5m', from: '2026-01-01T00:00:00+01:00' }],
      ],
    ]);
  });

  it('refuses a query parameter on the summary with a 400 naming it', async () => {
    const res = await tier.http().get('/api/v1/metrics/summary?platform=web');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'platform', message: 'property platform should not exist' }]);
    expect(callsNow()).toEqual([]);
  });
});
