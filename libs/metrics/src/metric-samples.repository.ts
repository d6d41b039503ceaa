import { toSqlDateTime } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MetricSampleEntity } from './entities/metric-sample.entity';
import type { Aggregation, MetricSample } from './metric-registry';

export interface BucketValue {
  /** Bucket start, epoch seconds. */
  bucketStart: number;
  value: number;
}

@Injectable()
export class MetricSamplesRepository {
  constructor(
    @InjectRepository(MetricSampleEntity) private readonly samples: Repository<MetricSampleEntity>,
  ) {}

  /** Insert or overwrite by (metric, ts): replays never duplicate. */
  async upsert(samples: readonly MetricSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.samples.upsert([...samples], {
      conflictPaths: ['metric', 'ts'],
      skipUpdateIfNoValuesChanged: false,
    });
  }

  /**
   * Aggregates one metric into buckets of `stepSeconds` aligned to UTC epoch multiples, over
   * [fromMs, toMs). A range scan on the (metric, ts) primary key; only buckets holding samples come back.
   */
  async buckets(
    metric: string,
    fromMs: number,
    toMs: number,
    stepSeconds: number,
    aggregation: Aggregation,
  ): Promise<BucketValue[]> {
    // Both floor to the bucket: SQLite's integer division of positive integers, MySQL's FLOOR. TIMESTAMPDIFF
    // from the epoch does not depend on the session time zone, unlike UNIX_TIMESTAMP.
    const bucket = this.isSqlite()
      ? `(CAST(strftime('%s', ts) AS INTEGER) / ${stepSeconds})`
      : `FLOOR(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ts) / ${stepSeconds})`;
    const aggregate = aggregation === 'sum' ? 'SUM(value)' : 'AVG(value)';
    const rows = await this.samples.query<{ bucket: number | string; value: number | string }[]>(
      `SELECT ${bucket} AS bucket, ${aggregate} AS value
         FROM metric_samples
        WHERE metric = ? AND ts >= ? AND ts < ?
        GROUP BY bucket
        ORDER BY bucket`,
      [metric, toSqlDateTime(new Date(fromMs)), toSqlDateTime(new Date(toMs))],
    );
    return rows.map((row) => ({ bucketStart: Number(row.bucket) * stepSeconds, value: Number(row.value) }));
  }

  /** Deletes one metric's samples older than `before` (a primary-key range, not a table scan). */
  async deleteOlderThan(metric: string, before: Date): Promise<number> {
    const result = await this.samples
      .createQueryBuilder()
      .delete()
      .where('metric = :metric AND ts < :before', { metric, before: toSqlDateTime(before) })
      .execute();
    return result.affected ?? 0;
  }

  private isSqlite(): boolean {
    return this.samples.manager.connection.options.type === 'better-sqlite3';
  }
}
