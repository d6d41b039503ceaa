import { QueryFailedError, type DataSourceOptions } from 'typeorm';

/**
 * Everything that differs between the two databases the service runs on (MySQL/MariaDB, embedded SQLite)
 * and that raw SQL in a repository needs: upsert syntax, epoch arithmetic, truncating a DATETIME to its
 * hour or day, the error of a duplicate key. Repositories ask `sqlDialectOf(...)` for the dialect of their
 * connection and build their SQL from it; no feature names either database.
 */
export interface SqlDialect {
  readonly name: 'mysql' | 'sqlite';
  /** The embedded database (the zero-setup start), as opposed to a shared server. */
  readonly embedded: boolean;
  /**
   * The text after an `INSERT ... VALUES (...)` list that overwrites `updateColumns` of a row whose key
   * (`conflictColumns`, a primary or unique key) already exists.
   */
  upsertValuesSuffix(conflictColumns: readonly string[], updateColumns: readonly string[]): string;
  /**
   * `INSERT INTO table (columns) <select>` that overwrites `updateColumns` of rows whose key exists. The
   * select returns the columns in order and names each updated column as the table does.
   */
  insertSelectUpsert(
    table: string,
    columns: readonly string[],
    select: string,
    conflictColumns: readonly string[],
    updateColumns: readonly string[],
  ): string;
  /**
   * The bucket number of a DATETIME column in buckets of `stepSeconds` aligned to epoch multiples:
   * floor(epoch seconds / step), independent of the session time zone.
   */
  epochBucket(column: string, stepSeconds: number): string;
  /**
   * A DATETIME column truncated to the start of its UTC hour or day, as the text the dialect stores for a
   * DATETIME(3) (so it compares and inserts like the column itself).
   */
  periodStart(column: string, period: 'hour' | 'day'): string;
}

const mysql: SqlDialect = {
  name: 'mysql',
  embedded: false,
  upsertValuesSuffix: (_conflict, update) =>
    ` ON DUPLICATE KEY UPDATE ${update.map((column) => `${column} = VALUES(${column})`).join(', ')}`,
  insertSelectUpsert: (table, columns, select, _conflict, update) =>
    // MariaDB has no alias for the inserted row (MySQL 8's `AS new`), so the select is a derived table
    // whose columns the update reads.
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM (${select}) AS incoming ` +
    `ON DUPLICATE KEY UPDATE ${update.map((column) => `${column} = incoming.${column}`).join(', ')}`,
  // TIMESTAMPDIFF from the epoch does not depend on the session time zone, unlike UNIX_TIMESTAMP.
  epochBucket: (column, step) =>
    `FLOOR(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${column}) / ${wholeSeconds(step)})`,
  periodStart: (column, period) =>
    `DATE_FORMAT(${column}, '%Y-%m-%d ${period === 'hour' ? '%H' : '00'}:00:00')`,
};

const sqlite: SqlDialect = {
  name: 'sqlite',
  embedded: true,
  upsertValuesSuffix: (conflict, update) =>
    ` ON CONFLICT(${conflict.join(', ')}) DO UPDATE SET ${update
      .map((column) => `${column} = excluded.${column}`)
      .join(', ')}`,
  // The select must end in WHERE or GROUP BY so SQLite parses ON CONFLICT as the upsert, not a join's ON.
  insertSelectUpsert: (table, columns, select, conflict, update) =>
    `INSERT INTO ${table} (${columns.join(', ')}) ${select}` +
    ` ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${update
      .map((column) => `${column} = excluded.${column}`)
      .join(', ')}`,
  // Integer division of positive integers floors, as FLOOR does.
  epochBucket: (column, step) => `(CAST(strftime('%s', ${column}) AS INTEGER) / ${wholeSeconds(step)})`,
  // TypeORM stores a DATETIME(3) on SQLite as this text; SQLite compares it as text.
  periodStart: (column, period) =>
    `strftime('%Y-%m-%d ${period === 'hour' ? '%H' : '00'}:00:00.000', ${column})`,
};

function wholeSeconds(step: number): number {
  if (!Number.isSafeInteger(step) || step <= 0)
    throw new Error(`a bucket step must be whole seconds, got ${step}`);
  return step;
}

/** The dialect of a data source (its options, or a manager's `connection.options`). */
export function sqlDialectOf(options: Pick<DataSourceOptions, 'type'>): SqlDialect {
  if (options.type === 'mysql' || options.type === 'mariadb') return mysql;
  if (options.type === 'better-sqlite3') return sqlite;
  throw new Error(`the service runs on MySQL/MariaDB or SQLite, not ${options.type}`);
}

/** A duplicate primary or unique key, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; errno?: number } | undefined;
  return (
    driverError?.code === 'ER_DUP_ENTRY' ||
    driverError?.errno === 1062 ||
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
