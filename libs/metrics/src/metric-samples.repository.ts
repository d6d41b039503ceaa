import { ReplicaReads, SqlDialect, sqlDialectOf, toSqlDateTime } from '@app/core';
import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { MetricSampleDailyEntity, MetricSampleHourlyEntity } from './entities/metric-sample-rollup.entity';
import { MetricSampleEntity } from './entities/metric-sample.entity';
import type { Aggregation, MetricSample } from '@app/core';

export interface BucketValue {
  /** Bucket start, epoch seconds. */
  bucketStart: number;
  value: number;
}

/**
 * Where a history is read from: the per-minute samples, or their hourly or daily rollups (one row per
 * metric per UTC hour / day holding the sum and the count of its minutes).
 */
export type SampleLevel = 'minute' | 'hour' | 'day';

export const SAMPLE_LEVEL_SECONDS: Readonly<Record<SampleLevel, number>> = {
  minute: 60,
  hour: 3_600,
  day: 86_400,
};

const TABLES: Readonly<Record<SampleLevel, string>> = {
  minute: 'metric_samples',
  hour: 'metric_samples_hourly',
  day: 'metric_samples_daily',
};

const HOUR_MS = SAMPLE_LEVEL_SECONDS.hour * 1000;
const DAY_MS = SAMPLE_LEVEL_SECONDS.day * 1000;

const floorTo = (ms: number, unitMs: number) => Math.floor(ms / unitMs) * unitMs;
const ceilTo = (ms: number, unitMs: number) => Math.ceil(ms / unitMs) * unitMs;

/** Some metrics over [fromMs, toMs). */
export interface MetricsRange {
  metrics: string[];
  fromMs: number;
  toMs: number;
}

/**
 * The UTC hours these samples fall in, as runs of consecutive hours, each with every metric written in
 * it: the rollups a write has to refresh. A minute's samples give one run (two across an hour's edge).
 */
export function touchedHours(samples: readonly MetricSample[]): MetricsRange[] {
  const byHour = new Map<number, Set<string>>();
  for (const sample of samples) {
    const hour = floorTo(sample.ts.getTime(), HOUR_MS);
    const metrics = byHour.get(hour) ?? new Set<string>();
    metrics.add(sample.metric);
    byHour.set(hour, metrics);
  }
  const runs: Array<{ metrics: Set<string>; fromMs: number; toMs: number }> = [];
  for (const hour of [...byHour.keys()].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.toMs === hour) {
      last.toMs = hour + HOUR_MS;
      for (const metric of byHour.get(hour)!) last.metrics.add(metric);
    } else {
      runs.push({ metrics: new Set(byHour.get(hour)), fromMs: hour, toMs: hour + HOUR_MS });
    }
  }
  return runs.map((run) => ({ metrics: [...run.metrics].sort(), fromMs: run.fromMs, toMs: run.toMs }));
}

/**
 * The per-minute samples and their hourly and daily rollups. The rollups are kept equal to what the
 * minutes give: every write of minutes recomputes the hours it touched from the minutes and their days
 * from the hours, in the same transaction, so replays and late minutes converge on the same rows.
 */
@Injectable()
export class MetricSamplesRepository {
  /** @param replicas where lag-tolerant reads (history buckets) go; without it they run on `samples`' own. */
  constructor(
    @InjectRepository(MetricSampleEntity) private readonly samples: Repository<MetricSampleEntity>,
    @Optional() private readonly replicas?: ReplicaReads,
  ) {}

  /** The repository on a data source's (or a query runner's) manager, outside the injector. */
  static over(manager: EntityManager): MetricSamplesRepository {
    return new MetricSamplesRepository(manager.getRepository(MetricSampleEntity));
  }

  /**
   * Insert or overwrite by (metric, ts), then recompute the rollups of the hours and days written to:
   * replays never duplicate, and a minute arriving late lands in its hour and day like any other.
   */
  async upsert(samples: readonly MetricSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.samples.manager.transaction(async (manager) => {
      await manager.upsert(MetricSampleEntity, [...samples], {
        conflictPaths: ['metric', 'ts'],
        skipUpdateIfNoValuesChanged: false,
      });
      for (const range of touchedHours(samples)) await this.refreshRollups(manager, range);
    });
  }

  /**
   * Recomputes these metrics' hourly rollups of every hour overlapping [fromMs, toMs) from the minutes,
   * then their daily rollups of every day overlapping it from the hours. Idempotent; an indexed range per
   * metric. Minutes written by other means than `upsert` (bulk loads) are rolled up by this.
   */
  async rollUp(metrics: readonly string[], fromMs: number, toMs: number): Promise<void> {
    if (metrics.length === 0 || !(fromMs < toMs)) return;
    await this.samples.manager.transaction((manager) =>
      this.refreshRollups(manager, { metrics: [...metrics], fromMs, toMs }),
    );
  }

  /**
   * Aggregates one metric into buckets of `stepSeconds` aligned to UTC epoch multiples, over
   * [fromMs, toMs), from the per-minute samples (`minute`, the default) or a rollup level whose periods
   * tile the buckets exactly: `stepSeconds` and both ends must then be whole periods of that level.
   * A range scan on the (metric, ts) primary key; only buckets holding samples come back.
   */
  async buckets(
    metric: string,
    fromMs: number,
    toMs: number,
    stepSeconds: number,
    aggregation: Aggregation,
    level: SampleLevel = 'minute',
  ): Promise<BucketValue[]> {
    if (level !== 'minute') {
      const periodMs = SAMPLE_LEVEL_SECONDS[level] * 1000;
      if (
        stepSeconds % SAMPLE_LEVEL_SECONDS[level] !== 0 ||
        fromMs % periodMs !== 0 ||
        toMs % periodMs !== 0
      ) {
        throw new Error(`buckets of ${stepSeconds} s over [${fromMs}, ${toMs}) are not whole ${level}s`);
      }
    }
    const bucket = this.dialect().epochBucket('ts', stepSeconds);
    const aggregate =
      level === 'minute'
        ? aggregation === 'sum'
          ? 'SUM(value)'
          : 'AVG(value)'
        : aggregation === 'sum'
          ? 'SUM(value_sum)'
          : 'SUM(value_sum) / SUM(sample_count)';
    // History tolerates a few seconds of lag: a read replica answers it when there is one.
    const read = (manager: EntityManager) =>
      manager.query<{ bucket: number | string; value: number | string }[]>(
        `SELECT ${bucket} AS bucket, ${aggregate} AS value
           FROM ${TABLES[level]}
          WHERE metric = ? AND ts >= ? AND ts < ?
          GROUP BY bucket
          ORDER BY bucket`,
        [metric, toSqlDateTime(new Date(fromMs)), toSqlDateTime(new Date(toMs))],
      );
    const rows = this.replicas ? await this.replicas.read(read) : await read(this.samples.manager);
    return rows.map((row) => ({ bucketStart: Number(row.bucket) * stepSeconds, value: Number(row.value) }));
  }

  /**
   * Deletes one metric's samples older than `before`, a whole UTC hour, at every level (primary-key
   * ranges, not table scans): minutes and hours before it, days before the day holding it, and that day's
   * rollup is rebuilt from its remaining hours. Every level then answers for exactly the minutes kept.
   * Returns the per-minute samples deleted.
   */
  async deleteOlderThan(metric: string, before: Date): Promise<number> {
    const cutoffMs = before.getTime();
    if (cutoffMs % HOUR_MS !== 0)
      throw new Error(`the retention cutoff ${before.toISOString()} is not a whole hour`);
    const dayStart = floorTo(cutoffMs, DAY_MS);
    const dayEnd = ceilTo(cutoffMs, DAY_MS);
    return this.samples.manager.transaction(async (manager) => {
      const deleted = await this.deleteBefore(manager, MetricSampleEntity, metric, cutoffMs);
      await this.deleteBefore(manager, MetricSampleHourlyEntity, metric, cutoffMs);
      await this.deleteBefore(manager, MetricSampleDailyEntity, metric, dayEnd);
      if (dayEnd > dayStart) await this.refreshLevel(manager, 'day', [metric], dayStart, dayEnd);
      return deleted;
    });
  }

  private async deleteBefore(
    manager: EntityManager,
    entity: typeof MetricSampleEntity | typeof MetricSampleHourlyEntity | typeof MetricSampleDailyEntity,
    metric: string,
    beforeMs: number,
  ): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(entity)
      .where('metric = :metric AND ts < :before', { metric, before: toSqlDateTime(new Date(beforeMs)) })
      .execute();
    return result.affected ?? 0;
  }

  private async refreshRollups(manager: EntityManager, range: MetricsRange): Promise<void> {
    await this.refreshLevel(
      manager,
      'hour',
      range.metrics,
      floorTo(range.fromMs, HOUR_MS),
      ceilTo(range.toMs, HOUR_MS),
    );
    await this.refreshLevel(
      manager,
      'day',
      range.metrics,
      floorTo(range.fromMs, DAY_MS),
      ceilTo(range.toMs, DAY_MS),
    );
  }

  /**
   * Upserts the rollups of `level` for the periods in [fromMs, toMs) (whole periods) from the level below:
   * hours from minutes, days from hours. A period with nothing below keeps no row; only retention removes
   * minutes, and it trims every level itself.
   */
  private async refreshLevel(
    manager: EntityManager,
    level: 'hour' | 'day',
    metrics: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<void> {
    const source = level === 'hour' ? TABLES.minute : TABLES.hour;
    const sum = level === 'hour' ? 'SUM(value)' : 'SUM(value_sum)';
    const count = level === 'hour' ? 'COUNT(*)' : 'SUM(sample_count)';
    const where = `metric IN (${metrics.map(() => '?').join(', ')}) AND ts >= ? AND ts < ?`;
    const sql = this.dialect().insertSelectUpsert(
      TABLES[level],
      ['metric', 'ts', 'value_sum', 'sample_count'],
      `SELECT metric, ${this.dialect().periodStart('ts', level)} AS period, ${sum} AS value_sum, ${count} AS sample_count
         FROM ${source}
        WHERE ${where}
        GROUP BY metric, period`,
      ['metric', 'ts'],
      ['value_sum', 'sample_count'],
    );
    await manager.query(sql, [...metrics, toSqlDateTime(new Date(fromMs)), toSqlDateTime(new Date(toMs))]);
  }

  private dialect(): SqlDialect {
    return sqlDialectOf(this.samples.manager.connection.options);
  }
}
