import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One metric's samples of one UTC period, pre-aggregated: the sum of their values and how many there were.
 * Averages are Σ value_sum / Σ sample_count and sums Σ value_sum over any set of whole periods, which
 * weighs every minute exactly as the per-minute samples do.
 */
abstract class MetricSampleRollupColumns {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  metric: string;

  /** The start of the period (UTC). */
  @PrimaryColumn({ type: 'datetime', precision: 3 })
  ts: Date;

  @Column({ name: 'value_sum', type: 'double' })
  valueSum: number;

  @Column({ name: 'sample_count', type: 'int' })
  sampleCount: number;
}

/** The per-minute samples of one metric in one UTC hour. */
@Entity({ name: 'metric_samples_hourly' })
export class MetricSampleHourlyEntity extends MetricSampleRollupColumns {}

/** The per-minute samples of one metric in one UTC day (summed from its hours). */
@Entity({ name: 'metric_samples_daily' })
export class MetricSampleDailyEntity extends MetricSampleRollupColumns {}
