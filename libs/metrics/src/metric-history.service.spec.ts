import { ValidationProblemException, type AppCacheService } from '@app/core';
import { MetricHistoryQueryDto } from './dto/metric-history.dto';
import { levelFor, MetricHistoryService } from './metric-history.service';
import type { MetricRegistry } from './metric-registry';
import type { MetricSamplesRepository } from './metric-samples.repository';

describe('levelFor', () => {
  it.each([
    [60, 'minute'],
    [300, 'minute'],
    [900, 'minute'],
    [1_800, 'minute'],
    [3_600, 'hour'],
    [21_600, 'hour'],
    [43_200, 'hour'],
    [86_400, 'day'],
  ] as const)('reads buckets of %i s from the %s level', (step, level) => {
    expect(levelFor(step)).toBe(level);
  });
});

describe('MetricHistoryService', () => {
  const buckets = jest.fn();
  const registry = {
    find: (type: string) =>
      type === 'activeUsers'
        ? { type, unit: 'users', aggregation: 'avg', description: '' }
        : type === 'apiRejections'
          ? { type, unit: 'requests', aggregation: 'sum', description: '' }
          : undefined,
    types: () => ['activeUsers', 'apiRejections'],
  } as unknown as MetricRegistry;
  const cache = {
    getOrLoad: <T>(_key: string, _ttl: number, load: () => Promise<T>) => load(),
  } as unknown as AppCacheService;
  const service = new MetricHistoryService(
    registry,
    { buckets } as unknown as MetricSamplesRepository,
    cache,
  );
  const query = (fields: Partial<MetricHistoryQueryDto>) =>
    Object.assign(new MetricHistoryQueryDto(), fields);

  beforeEach(() => buckets.mockReset());

  it('asks the hourly rollups for whole hours around a range that starts and ends mid-hour', async () => {
    buckets.mockResolvedValue([{ bucketStart: Date.parse('2026-03-01T11:00:00Z') / 1000, value: 4.5 }]);
    const answer = await service.history(
      query({
        type: 'activeUsers',
        interval: '1h',
        from: '2026-03-01T10:17:00Z',
        to: '2026-03-01T12:05:00Z',
      }),
    );
    expect(buckets).toHaveBeenCalledWith(
      'activeUsers',
      Date.parse('2026-03-01T10:00:00Z'),
      Date.parse('2026-03-01T13:00:00Z'),
      3_600,
      'avg',
      'hour',
    );
    expect(answer.points).toEqual([
      { timestamp: '2026-03-01T10:00:00.000Z', value: null },
      { timestamp: '2026-03-01T11:00:00.000Z', value: 4.5 },
      { timestamp: '2026-03-01T12:00:00.000Z', value: null },
    ]);
  });

  it.each([
    ['1d', 'day', 86_400, '2026-03-02T00:00:00Z', 1],
    ['12h', 'hour', 43_200, '2026-03-01T12:00:00Z', 1],
    ['6h', 'hour', 21_600, '2026-03-01T06:00:00Z', 1],
    ['30m', 'minute', 1_800, '2026-03-01T01:30:00Z', 3],
    ['1m', 'minute', 60, '2026-03-01T01:01:00Z', 61],
  ] as const)(
    'reads %s from the %s level, over the whole buckets holding both ends',
    async (interval, level, step, end, points) => {
      buckets.mockResolvedValue([]);
      const answer = await service.history(
        query({ type: 'apiRejections', interval, from: '2026-03-01T00:00:00Z', to: '2026-03-01T01:00:00Z' }),
      );
      expect(buckets.mock.calls).toEqual([
        ['apiRejections', Date.parse('2026-03-01T00:00:00Z'), Date.parse(end), step, 'sum', level],
      ]);
      expect(answer.points).toHaveLength(points);
      expect(answer.points[0]).toEqual({ timestamp: '2026-03-01T00:00:00.000Z', value: null });
      expect(answer.points[points - 1].timestamp).toBe(
        new Date(Date.parse('2026-03-01T00:00:00Z') + (points - 1) * step * 1000).toISOString(),
      );
    },
  );

  it('without from and to answers the 288 intervals before now, the current one included', async () => {
    buckets.mockResolvedValue([]);
    const nowMs = Date.parse('2026-03-01T12:07:30Z');
    const answer = await service.history(query({ type: 'activeUsers', interval: '5m' }), nowMs);
    expect(answer.from).toBe('2026-02-28T12:07:30.000Z');
    expect(answer.to).toBe('2026-03-01T12:07:30.000Z');
    expect(answer.points).toHaveLength(289);
    expect(answer.points[0].timestamp).toBe('2026-02-28T12:05:00.000Z');
    expect(answer.points[288].timestamp).toBe('2026-03-01T12:05:00.000Z');
    expect(buckets.mock.calls).toEqual([
      [
        'activeUsers',
        Date.parse('2026-02-28T12:05:00Z'),
        Date.parse('2026-03-01T12:10:00Z'),
        300,
        'avg',
        'minute',
      ],
    ]);
  });

  it('takes exactly 2000 points and refuses 2001 without reading', async () => {
    buckets.mockResolvedValue([]);
    const from = '2026-03-01T00:00:00Z';
    const at = (minutes: number) => new Date(Date.parse(from) + minutes * 60_000).toISOString();
    const ok = await service.history(query({ type: 'activeUsers', interval: '1m', from, to: at(1_999) }));
    expect(ok.points).toHaveLength(2_000);
    buckets.mockReset();
    const refused = await service
      .history(query({ type: 'activeUsers', interval: '1m', from, to: at(2_000) }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationProblemException);
    expect((refused as ValidationProblemException).errors).toEqual([
      {
        field: 'from',
        message: 'the range holds 2001 points of 1m; at most 2000: use a larger interval or a shorter range',
      },
    ]);
    expect(buckets).not.toHaveBeenCalled();
  });

  it.each([
    ['an empty range', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z'],
    ['a reversed range', '2026-03-01T00:00:01Z', '2026-03-01T00:00:00Z'],
  ])('refuses %s naming from', async (_case, from, to) => {
    const refused = await service
      .history(query({ type: 'activeUsers', interval: '1m', from, to }))
      .catch((error: unknown) => error);
    expect((refused as ValidationProblemException).errors).toEqual([
      { field: 'from', message: 'from must be earlier than to' },
    ]);
    expect(buckets).not.toHaveBeenCalled();
  });

  it('refuses an unknown type naming the registered ones', async () => {
    const refused = await service
      .history(query({ type: 'nope', interval: '1m' }))
      .catch((error: unknown) => error);
    expect((refused as ValidationProblemException).errors).toEqual([
      { field: 'type', message: 'type must be one of: activeUsers, apiRejections' },
    ]);
    expect(buckets).not.toHaveBeenCalled();
  });
});
