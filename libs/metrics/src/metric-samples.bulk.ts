import { BulkPace, BulkWriter, sqlDialectOf, toSqlDateTime } from '@app/core';
import type { QueryRunner } from 'typeorm';
import { MetricSamplesRepository } from './metric-samples.repository';

/** One metric's value in one minute (the minute's start, epoch ms). */
export interface MinuteSample {
  metric: string;
  minuteMs: number;
  value: number;
}

/**
 * Loading many minutes of history at once (demo data, an import), on one connection the caller holds:
 * minutes are upserted by (metric, minute) without touching the rollups, then `rollUp` recomputes the
 * hours and days of the range once, as the service's own writes do per minute.
 */
export class MetricSamplesBulk {
  constructor(private readonly runner: QueryRunner) {}

  writer(pace: BulkPace): BulkWriter<MinuteSample> {
    return new BulkWriter<MinuteSample>(this.runner, {
      table: 'metric_samples',
      columns: ['metric', 'ts', 'value'],
      values: (sample) => [sample.metric, toSqlDateTime(new Date(sample.minuteMs)), sample.value],
      suffix: sqlDialectOf(this.runner.connection.options).upsertValuesSuffix(['metric', 'ts'], ['value']),
      ...pace,
    });
  }

  /** Recomputes the hourly and daily rollups of these metrics over [fromMs, toMs). */
  rollUp(metrics: readonly string[], fromMs: number, toMs: number): Promise<void> {
    return MetricSamplesRepository.over(this.runner.manager).rollUp(metrics, fromMs, toMs);
  }
}
