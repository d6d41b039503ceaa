import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig, MysqlConnection } from '../config/database.config';
import { useTimestampDialect } from './timestamp-default';

type EntityList = NonNullable<DataSourceOptions['entities']>;

const SILENT_LOGGER = {
  logQuery: () => undefined,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

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
  const credentials = (target: MysqlConnection) => ({
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
  });
  return {
    type: connection.flavor,
    ...credentials(connection),
    // With read replicas, TypeORM keeps a pool per server. Every query goes to the primary unless a caller
    // asks for a replica (ReplicaReads, for reads that tolerate a few seconds of lag). A server that fails
    // three connection attempts in a row is skipped for 2 s, then tried again.
    ...(config.replicas.length > 0
      ? {
          replication: {
            master: credentials(connection),
            slaves: config.replicas.map(credentials),
            defaultMode: 'master' as const,
            canRetry: true,
            removeNodeErrorCount: 3,
            restoreNodeTimeout: 2_000,
            selector: 'RR' as const,
          },
        }
      : {}),
    entities,
    synchronize: false,
    migrationsRun: false,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: config.connectTimeoutMs,
    // mysql2's per-query timeout (TypeORM passes it only with enableQueryTimeout): a query a hung server
    // never answers fails after DB_QUERY_TIMEOUT_MS and its connection is dropped. The wait for a pooled
    // connection is bounded by DatabaseDeadline.
    maxQueryExecutionTime: config.queryTimeoutMs,
    enableQueryTimeout: true,
    // TypeORM's console logger would print slow queries as plain text among the JSON lines; failures
    // reach the log through the error filter.
    logger: SILENT_LOGGER,
    poolSize: config.poolSize,
    extra: { connectionLimit: config.poolSize, enableKeepAlive: true, keepAliveInitialDelay: 10_000 },
  };
}
