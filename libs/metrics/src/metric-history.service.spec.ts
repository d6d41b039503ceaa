import type { AppCacheService } from '@app/core';
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
    ['1d', 'day', 86_400],
    ['12h', 'hour', 43_200],
    ['6h', 'hour', 21_600],
    ['30m', 'minute', 1_800],
    ['1m', 'minute', 60],
  ] as const)('reads %s from the %s level', async (interval, level, step) => {
    buckets.mockResolvedValue([]);
    await service.history(
      query({ type: 'apiRejections', interval, from: '2026-03-01T00:00:00Z', to: '2026-03-01T01:00:00Z' }),
    );
    expect(buckets).toHaveBeenCalledWith(
      'apiRejections',
      expect.any(Number),
      expect.any(Number),
      step,
      'sum',
      level,
    );
  });
});
