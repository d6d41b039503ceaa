import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config';
import { useTimestampDialect } from './timestamp-default';

type EntityList = NonNullable<DataSourceOptions['entities']>;

/**
 * TypeORM options for either backend. MySQL/MariaDB: schema from the SQL migrations only, never
 * synchronized. Embedded SQLite: the schema comes from the same entities, created on first start.
 */
export function buildDataSourceOptions(config: DatabaseConfig, entities: EntityList = []): DataSourceOptions {
  const { connection } = config;
  useTimestampDialect(connection.kind);
  if (connection.kind === 'sqlite') {
    mkdirSync(dirname(connection.file), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: connection.file,
      entities,
      synchronize: true,
      // WAL lets the sampler write while requests read.
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    type: connection.flavor,
    host: connection.host,
    port: connection.port,
    username: connection.username,
    password: connection.password,
    database: connection.database,
    entities,
    synchronize: false,
    migrationsRun: false,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: config.connectTimeoutMs,
    poolSize: config.poolSize,
    extra: { connectionLimit: config.poolSize, enableKeepAlive: true, keepAliveInitialDelay: 10_000 },
  };
}

export function isSqlite(options: Pick<DataSourceOptions, 'type'>): boolean {
  return options.type === 'better-sqlite3';
}
