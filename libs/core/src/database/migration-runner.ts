import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';
import type { MysqlConnection } from '../config/database.config';

export interface MigrationFile {
  version: string;
  file: string;
  statements: string[];
}

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly statement: string,
    cause: Error,
  ) {
    super(`migration ${file} failed: ${cause.message}\n--- failing statement ---\n${statement}`);
    this.name = 'MigrationError';
  }
}

/** Splits a SQL file into statements: `;` at the end of a line ends one; `--` comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of sql.split(/\r?\n/)) {
    if (/^\s*--/.test(line) || (current.length === 0 && line.trim() === '')) continue;
    current.push(line);
    if (/;\s*$/.test(line)) {
      statements.push(current.join('\n').replace(/;\s*$/, '').trim());
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest !== '') statements.push(rest);
  return statements;
}

/** The numbered SQL files (`001_name.sql`) of a folder, in order. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort((a, b) => Number(a.split('_')[0]) - Number(b.split('_')[0]))
    .map((file) => ({
      version: file.replace(/\.sql$/, ''),
      file,
      statements: splitStatements(readFileSync(join(dir, file), 'utf8')),
    }));
}

const LOCK_NAME = 'realtime_analytics_migrations';

/**
 * Applies pending numbered SQL migrations to a MySQL/MariaDB database, in order, each recorded in
 * `schema_migrations`. Creates the database if missing; holds a named lock so two runners never interleave.
 */
export async function runMigrations(target: MysqlConnection, dir: string): Promise<MigrationResult> {
  const server = await createConnection({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    timezone: 'Z',
  });
  try {
    await server.query(
      `CREATE DATABASE IF NOT EXISTS \`${target.database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await server.changeUser({ database: target.database });
    return await applyPending(server, dir);
  } finally {
    await server.end();
  }
}

async function applyPending(connection: Connection, dir: string): Promise<MigrationResult> {
  const [[lock]] = await connection.query<import('mysql2').RowDataPacket[]>('SELECT GET_LOCK(?, 60) AS got', [
    LOCK_NAME,
  ]);
  if (Number(lock.got) !== 1) throw new Error('another migration run holds the lock; try again');
  try {
    await connection.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version VARCHAR(255) NOT NULL PRIMARY KEY,
         applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    const [rows] = await connection.query<import('mysql2').RowDataPacket[]>(
      'SELECT version FROM schema_migrations',
    );
    const done = new Set(rows.map((row) => String(row.version)));
    const result: MigrationResult = { applied: [], skipped: [] };
    for (const migration of readMigrationFiles(dir)) {
      if (done.has(migration.version)) {
        result.skipped.push(migration.version);
        continue;
      }
      for (const statement of migration.statements) {
        try {
          await connection.query(statement);
        } catch (error) {
          throw new MigrationError(migration.file, statement, error as Error);
        }
      }
      await connection.query('INSERT INTO schema_migrations (version) VALUES (?)', [migration.version]);
      result.applied.push(migration.version);
    }
    return result;
  } finally {
    await connection.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
  }
}
