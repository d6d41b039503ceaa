import { BulkWriter, sqlDialectOf, toSqlDateTime } from '@app/core';
import type { QueryRunner } from 'typeorm';

/** A module to insert or replace by name, with its own times. */
export interface ModuleImport {
  name: string;
  currentVersion: string;
  lastDeployedAtMs: number;
  upcomingVersion: string | null;
  /** YYYY-MM-DD, or null. */
  upcomingReleaseDate: string | null;
  releaseNotes: string | null;
  createdAtMs: number;
}

const COLUMNS = [
  'name',
  'current_version',
  'last_deployed_at',
  'upcoming_version',
  'upcoming_release_date',
  'release_notes',
  'created_at',
  'updated_at',
];

/** Loading many modules at once (demo data, an import): upserted by name, in one transaction. */
export class ModulesBulk {
  constructor(private readonly runner: QueryRunner) {}

  /** Inserts or replaces every module by name; returns how many were written. */
  upsert(modules: readonly ModuleImport[]): Promise<number> {
    const writer = new BulkWriter<ModuleImport>(this.runner, {
      table: 'modules',
      columns: COLUMNS,
      values: (module) => [
        module.name,
        module.currentVersion,
        toSqlDateTime(new Date(module.lastDeployedAtMs)),
        module.upcomingVersion,
        module.upcomingReleaseDate,
        module.releaseNotes,
        toSqlDateTime(new Date(module.createdAtMs)),
        toSqlDateTime(new Date(module.lastDeployedAtMs)),
      ],
      // Created stays; the rest (and updated_at) is replaced.
      suffix: sqlDialectOf(this.runner.connection.options).upsertValuesSuffix(
        ['name'],
        COLUMNS.slice(1, 6).concat('updated_at'),
      ),
      rowsPerStatement: 100,
      statementsPerTransaction: Number.MAX_SAFE_INTEGER,
    });
    return writer.write(async (add) => {
      for (const module of modules) await add(module);
    });
  }
}
