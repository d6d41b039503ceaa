import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One value of one metric for one sample minute (UTC). */
@Entity({ name: 'metric_samples' })
export class MetricSampleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  metric: string;

  @PrimaryColumn({ type: 'datetime', precision: 3 })
  ts: Date;

  @Column({ type: 'double' })
  value: number;
}
