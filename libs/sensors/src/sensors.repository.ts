import { ReplicaReads, toSqlDateTime } from '@app/core';
import type { HeartbeatEntry } from './heartbeat.store';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { SensorTypeCountEntity } from './entities/sensor-type-count.entity';
import { SensorEntity } from './entities/sensor.entity';

export interface SensorTypeCount {
  type: string;
  count: number;
}

export interface StoredTypeCounts {
  types: SensorTypeCount[];
  /** When the stored counts were taken; null when none are stored. */
  refreshedAt: Date | null;
}

/**
 * Sensor ids written into the SQL text as a list: they are whole numbers, checked here, so nothing can be
 * injected, and a statement of 1,000 ids needs no 1,000 bound parameters for the driver to escape one by one.
 */
function idList(ids: readonly number[]): string {
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) throw new Error(`not a sensor id: ${id}`);
  }
  return ids.join(',');
}

@Injectable()
export class SensorsRepository {
  constructor(
    @InjectRepository(SensorEntity) private readonly sensors: Repository<SensorEntity>,
    @InjectRepository(SensorTypeCountEntity) private readonly typeCounts: Repository<SensorTypeCountEntity>,
    private readonly replicas: ReplicaReads,
  ) {}

  // The count and the breakdown tolerate a few seconds of lag: a read replica answers them when there is
  // one. The known-id check and everything that writes stay on the primary.

  countAll(): Promise<number> {
    return this.replicas.read((manager) => manager.getRepository(SensorEntity).count());
  }

  /** Sensors per type, count descending then type: a GROUP BY over every sensor (on idx_sensors_type). */
  async countByType(): Promise<SensorTypeCount[]> {
    const rows = await this.replicas.read((manager) =>
      manager
        .getRepository(SensorEntity)
        .createQueryBuilder('sensor')
        .select('sensor.type', 'type')
        .addSelect('COUNT(*)', 'count')
        .groupBy('sensor.type')
        .orderBy('count', 'DESC')
        .addOrderBy('type', 'ASC')
        .getRawMany<{ type: string; count: string | number }>(),
    );
    return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
  }

  /** The counts kept in sensor_type_counts, in the breakdown's order (a read of a few rows). */
  async storedTypeCounts(): Promise<StoredTypeCounts> {
    const rows = await this.replicas.read((manager) =>
      manager.getRepository(SensorTypeCountEntity).find({ order: { sensorCount: 'DESC', type: 'ASC' } }),
    );
    let refreshedAt: Date | null = null;
    for (const row of rows) {
      if (refreshedAt === null || row.refreshedAt < refreshedAt) refreshedAt = row.refreshedAt;
    }
    return { types: rows.map((row) => ({ type: row.type, count: row.sensorCount })), refreshedAt };
  }

  /** Replaces every kept count with these, taken at `refreshedAt`, in one transaction. */
  async replaceTypeCounts(types: readonly SensorTypeCount[], refreshedAt: Date): Promise<void> {
    await this.typeCounts.manager.transaction(async (manager) => {
      await manager.createQueryBuilder().delete().from(SensorTypeCountEntity).execute();
      for (let start = 0; start < types.length; start += 500) {
        const rows = types
          .slice(start, start + 500)
          .map((entry) => ({ type: entry.type, sensorCount: entry.count, refreshedAt }));
        await manager.createQueryBuilder().insert().into(SensorTypeCountEntity).values(rows).execute();
      }
    });
  }

  /** Forgets the kept counts: the next read counts again. */
  async clearTypeCounts(): Promise<void> {
    await this.typeCounts.createQueryBuilder().delete().from(SensorTypeCountEntity).execute();
  }

  /** Which of these ids exist: one primary-key lookup per id, in one statement. */
  async existingIds(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sensors.query<{ id: number | string }[]>(
      `SELECT id FROM sensors WHERE id IN (${idList(ids)})`,
    );
    return new Set(rows.map((row) => Number(row.id)));
  }

  /**
   * Sets last_seen_at to `atMs` for each of these ids whose stored time is null or older (only null, with
   * `onlyIfNull`); never moves a time back. One statement; returns the rows it changed.
   */
  async saveLastSeenAt(ids: readonly number[], atMs: number, onlyIfNull: boolean): Promise<number> {
    if (ids.length === 0) return 0;
    const at = toSqlDateTime(new Date(atMs));
    return this.update(
      `UPDATE sensors SET last_seen_at = ? WHERE id IN (${idList(ids)}) AND ` +
        (onlyIfNull ? 'last_seen_at IS NULL' : '(last_seen_at IS NULL OR last_seen_at < ?)'),
      onlyIfNull ? [at] : [at, at],
    );
  }

  /**
   * The same for heartbeats of different times: one statement, CASE on the id (so keep batches to a few
   * hundred). Returns the rows it changed.
   */
  async saveLastSeenEach(entries: readonly HeartbeatEntry[], onlyIfNull: boolean): Promise<number> {
    if (entries.length === 0) return 0;
    const ids = idList(entries.map((entry) => entry.sensorId));
    const cases = ids
      .split(',')
      .map((id) => `WHEN ${id} THEN ?`)
      .join(' ');
    const times = entries.map((entry) => toSqlDateTime(new Date(entry.atMs)));
    return this.update(
      `UPDATE sensors SET last_seen_at = CASE id ${cases} END WHERE id IN (${ids}) AND ` +
        (onlyIfNull
          ? 'last_seen_at IS NULL'
          : `(last_seen_at IS NULL OR last_seen_at < CASE id ${cases} END)`),
      onlyIfNull ? times : [...times, ...times],
    );
  }

  /** Runs one UPDATE and returns the rows it changed, on either driver. */
  private async update(sql: string, parameters: unknown[]): Promise<number> {
    const runner = this.sensors.manager.connection.createQueryRunner();
    try {
      const result = await runner.query(sql, parameters, true);
      return result.affected ?? 0;
    } finally {
      await runner.release();
    }
  }

  /**
   * One page of the sensors whose last_seen_at is at or after `since`, by id after `afterId`, to rebuild a
   * lost live set a page at a time.
   */
  async lastSeenPage(since: Date, afterId: number, limit: number): Promise<HeartbeatEntry[]> {
    const rows = await this.sensors.find({
      select: { id: true, lastSeenAt: true },
      where: { id: MoreThan(afterId), lastSeenAt: MoreThanOrEqual(since) },
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map((row) => ({ sensorId: row.id, atMs: (row.lastSeenAt as Date).getTime() }));
  }
}
