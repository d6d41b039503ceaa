import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sensors per type, as of `refreshedAt`: what the type breakdown reads, so that no request has to count a
 * million sensors. Rewritten whole by one refresh at a time (migrations/003_sensor_type_counts.sql).
 */
@Entity({ name: 'sensor_type_counts' })
export class SensorTypeCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'sensor_count', type: 'int' })
  sensorCount: number;

  /** When the count that produced this row began; every row of one refresh has the same time. */
  @Column({ name: 'refreshed_at', type: 'datetime', precision: 3 })
  refreshedAt: Date;
}
