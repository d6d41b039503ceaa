import { HeartbeatEntry, toSqlDateTime } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, Repository } from 'typeorm';
import { SensorEntity } from './entities/sensor.entity';

export interface SensorTypeCount {
  type: string;
  count: number;
}

@Injectable()
export class SensorsRepository {
  constructor(@InjectRepository(SensorEntity) private readonly sensors: Repository<SensorEntity>) {}

  countAll(): Promise<number> {
    return this.sensors.count();
  }

  /** Sensors per type, count descending then type; a GROUP BY served by idx_sensors_type. */
  async countByType(): Promise<SensorTypeCount[]> {
    const rows = await this.sensors
      .createQueryBuilder('sensor')
      .select('sensor.type', 'type')
      .addSelect('COUNT(*)', 'count')
      .groupBy('sensor.type')
      .orderBy('count', 'DESC')
      .addOrderBy('type', 'ASC')
      .getRawMany<{ type: string; count: string | number }>();
    return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
  }

  /** Which of these ids exist (primary-key lookups). */
  async existingIds(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sensors.find({ select: { id: true }, where: { id: In([...ids]) } });
    return new Set(rows.map((row) => row.id));
  }

  /** Writes heartbeat times to last_seen_at, one UPDATE per batch of 500 (portable CASE, no temp table). */
  async saveLastSeen(entries: readonly HeartbeatEntry[]): Promise<number> {
    let written = 0;
    for (let start = 0; start < entries.length; start += 500) {
      const batch = entries.slice(start, start + 500);
      const cases = batch.map(() => 'WHEN ? THEN ?').join(' ');
      const params = batch.flatMap((entry) => [entry.sensorId, toSqlDateTime(new Date(entry.atMs))]);
      const ids = batch.map((entry) => entry.sensorId);
      await this.sensors.manager.transaction(async (manager) => {
        await manager.query(
          `UPDATE sensors SET last_seen_at = CASE id ${cases} END WHERE id IN (${ids.map(() => '?').join(',')})`,
          [...params, ...ids],
        );
      });
      written += batch.length;
    }
    return written;
  }

  /** Heartbeats recorded in the database at or after `since`, to rebuild a lost live set. */
  async lastSeenSince(since: Date): Promise<HeartbeatEntry[]> {
    const rows = await this.sensors.find({
      select: { id: true, lastSeenAt: true },
      where: { lastSeenAt: MoreThanOrEqual(since) },
    });
    return rows.map((row) => ({ sensorId: row.id, atMs: (row.lastSeenAt as Date).getTime() }));
  }

  /** The lowest `limit` sensor ids (a primary-key range), e.g. for generating demo heartbeats. */
  async firstIds(limit: number): Promise<number[]> {
    const rows = await this.sensors.find({ select: { id: true }, order: { id: 'ASC' }, take: limit });
    return rows.map((row) => row.id);
  }
}
