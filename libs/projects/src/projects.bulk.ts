import { BulkPace, BulkWriter, sqlDateTimeToEpochMs, tableSize, toSqlDateTime } from '@app/core';
import type { QueryRunner } from 'typeorm';

/** A project to insert in bulk, with its own times. */
export interface NewProject {
  name: string;
  isLive: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

/** Every project, ascending by id: its id and creation time, and the creation times of the live ones. */
export interface ProjectCreationIndex {
  ids: Int32Array;
  createdAtMs: Float64Array;
  /** Creation times of the live projects, ascending. */
  liveCreatedAtMs: Float64Array;
}

/**
 * Loading many projects at once (demo data, an import), on one connection the caller holds: the table's
 * SQL stays in this feature.
 */
export class ProjectsBulk {
  constructor(private readonly runner: QueryRunner) {}

  size(): Promise<{ rows: number; maxId: number }> {
    return tableSize(this.runner, 'projects');
  }

  writer(pace: BulkPace): BulkWriter<NewProject> {
    return new BulkWriter<NewProject>(this.runner, {
      table: 'projects',
      columns: ['name', 'is_live', 'created_at', 'updated_at'],
      values: (project) => [
        project.name,
        project.isLive ? 1 : 0,
        toSqlDateTime(new Date(project.createdAtMs)),
        toSqlDateTime(new Date(project.updatedAtMs)),
      ],
      ...pace,
    });
  }

  async creationIndex(): Promise<ProjectCreationIndex> {
    const rows = (await this.runner.query('SELECT id, is_live, created_at FROM projects ORDER BY id')) as {
      id: number | string;
      is_live: number | string | boolean;
      created_at: unknown;
    }[];
    const ids = new Int32Array(rows.length);
    const createdAtMs = new Float64Array(rows.length);
    const live: number[] = [];
    rows.forEach((row, i) => {
      ids[i] = Number(row.id);
      createdAtMs[i] = sqlDateTimeToEpochMs(row.created_at);
      if (Number(row.is_live) === 1) live.push(createdAtMs[i]);
    });
    return { ids, createdAtMs, liveCreatedAtMs: Float64Array.from(live).sort() };
  }
}
