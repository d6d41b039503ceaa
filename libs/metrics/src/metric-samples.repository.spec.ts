import type { Repository } from 'typeorm';
import type { MetricSampleEntity } from './entities/metric-sample.entity';
import { MetricSamplesRepository, touchedHours } from './metric-samples.repository';

const at = (iso: string) => new Date(iso);

describe('touchedHours', () => {
  it('is nothing for no samples', () => {
    expect(touchedHours([])).toEqual([]);
  });

  it("gives a minute's samples one hour, with every metric written", () => {
    expect(
      touchedHours([
        { metric: 'b', ts: at('2026-03-01T10:17:00Z'), value: 1 },
        { metric: 'a', ts: at('2026-03-01T10:17:00Z'), value: 2 },
        { metric: 'a', ts: at('2026-03-01T10:59:59.999Z'), value: 3 },
      ]),
    ).toEqual([
      {
        metrics: ['a', 'b'],
        fromMs: Date.parse('2026-03-01T10:00:00Z'),
        toMs: Date.parse('2026-03-01T11:00:00Z'),
      },
    ]);
  });

  it('joins consecutive hours (a count of the minute before, across the hour) and keeps apart the others', () => {
    const runs = touchedHours([
      { metric: 'gauge', ts: at('2026-03-02T00:00:00Z'), value: 1 },
      { metric: 'count', ts: at('2026-03-01T23:59:00Z'), value: 1 },
      { metric: 'late', ts: at('2026-02-27T05:42:00Z'), value: 1 },
    ]);
    expect(runs).toEqual([
      {
        metrics: ['late'],
        fromMs: Date.parse('2026-02-27T05:00:00Z'),
        toMs: Date.parse('2026-02-27T06:00:00Z'),
      },
      {
        metrics: ['count', 'gauge'],
        fromMs: Date.parse('2026-03-01T23:00:00Z'),
        toMs: Date.parse('2026-03-02T01:00:00Z'),
      },
    ]);
  });
});

describe('MetricSamplesRepository.buckets', () => {
  const query = jest.fn().mockResolvedValue([{ bucket: 20_000, value: '2.5' }]);
  const repository = new MetricSamplesRepository({
    manager: { query, connection: { options: { type: 'mariadb' } } },
  } as unknown as Repository<MetricSampleEntity>);
  const HOUR = 3_600_000;

  beforeEach(() => query.mockClear());

  it('reads a rollup level as sums and counts, weighting every minute alike', async () => {
    await expect(repository.buckets('m', 0, 6 * HOUR, 21_600, 'avg', 'hour')).resolves.toEqual([
      { bucketStart: 20_000 * 21_600, value: 2.5 },
    ]);
    const [sql, params] = query.mock.calls[0] as [string, unknown[]];
    expect(sql).toContain('SUM(value_sum) / SUM(sample_count)');
    expect(sql).toContain('FROM metric_samples_hourly');
    expect(params).toEqual(['m', '1970-01-01 00:00:00.000', '1970-01-01 06:00:00.000']);
    await repository.buckets('m', 0, 86_400_000, 86_400, 'sum', 'day');
    expect(query.mock.calls[1][0]).toContain('SUM(value_sum) AS value');
    expect(query.mock.calls[1][0]).toContain('FROM metric_samples_daily');
  });

  it('reads the minutes by default', async () => {
    await repository.buckets('m', 0, 300_000, 300, 'avg');
    expect(query.mock.calls[0][0]).toContain('AVG(value)');
    expect(query.mock.calls[0][0]).toMatch(/FROM metric_samples\s/);
  });

  it.each([
    ['a step that is not whole hours', 0, HOUR, 1_800, 'hour'],
    ['a start inside an hour', 60_000, HOUR, 3_600, 'hour'],
    ['an end inside a day', 0, 6 * HOUR, 21_600, 'day'],
  ] as const)('refuses %s instead of answering wrong', async (_name, fromMs, toMs, step, level) => {
    await expect(repository.buckets('m', fromMs, toMs, step, 'avg', level)).rejects.toThrow('are not whole');
    expect(query).not.toHaveBeenCalled();
  });
});
