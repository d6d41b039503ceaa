import { BulkPace, BulkWriter, tableSize, toSqlDateTime } from '@app/core';
import type { QueryRunner } from 'typeorm';

/** A sensor to insert in bulk, with its id chosen by the caller and its own times. */
export interface NewSensor {
  id: number;
  projectId: number;
  type: string;
  name: string;
  lastSeenAtMs: number | null;
  createdAtMs: number;
}

/**
 * Loading many sensors at once (demo data, an import), on one connection the caller holds: the table's
 * SQL stays in this feature.
 */
export class SensorsBulk {
  constructor(private readonly runner: QueryRunner) {}

  size(): Promise<{ rows: number; maxId: number }> {
    return tableSize(this.runner, 'sensors');
  }

  writer(pace: BulkPace): BulkWriter<NewSensor> {
    return new BulkWriter<NewSensor>(this.runner, {
      table: 'sensors',
      columns: ['id', 'project_id', 'type', 'name', 'last_seen_at', 'created_at', 'updated_at'],
      values: (sensor) => {
        const created = toSqlDateTime(new Date(sensor.createdAtMs));
        const lastSeen = sensor.lastSeenAtMs === null ? null : toSqlDateTime(new Date(sensor.lastSeenAtMs));
        return [
          sensor.id,
          sensor.projectId,
          sensor.type,
          sensor.name,
          lastSeen,
          created,
          lastSeen ?? created,
        ];
      },
      ...pace,
    });
  }

  /** Up to `limit` sensor ids above `afterId`, ascending: pages over every sensor. */
  async idsAfter(afterId: number, limit: number): Promise<number[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`not a page size: ${limit}`);
    const rows = (await this.runner.query(`SELECT id FROM sensors WHERE id > ? ORDER BY id LIMIT ${limit}`, [
      afterId,
    ])) as { id: number | string }[];
    return rows.map((row) => Number(row.id));
  }
}
