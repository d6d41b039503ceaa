import { ConfigType, registerAs } from '@nestjs/config';
import { join } from 'node:path';
import { ConfigError, Env, readInt, readList, readString, readUrl } from './env';

export interface MysqlConnection {
  kind: 'mysql';
  /** `mariadb://` URLs select TypeORM's MariaDB dialect (it reads MariaDB's schema quirks correctly). */
  flavor: 'mysql' | 'mariadb';
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

export interface SqliteConnection {
  kind: 'sqlite';
  file: string;
}

function mysqlConnection(url: URL, fallbackDatabase = 'realtime'): MysqlConnection {
  return {
    kind: 'mysql',
    flavor: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
    url: url.toString(),
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || fallbackDatabase,
  };
}

export function parseDatabaseConfig(env: Env) {
  const url = readUrl(env, 'DATABASE_URL', ['mysql:', 'mariadb:']);
  const dataDir = readString(env, 'DATA_DIR', './data');
  const connection: MysqlConnection | SqliteConnection = url
    ? mysqlConnection(url)
    : { kind: 'sqlite', file: join(dataDir, 'realtime.sqlite') };
  // Read replicas of DATABASE_URL's primary: a URL without a database name reads the primary's database.
  const replicas = readList(env, 'DATABASE_REPLICA_URLS', []).map((item) =>
    mysqlConnection(
      readUrl({ DATABASE_REPLICA_URLS: item }, 'DATABASE_REPLICA_URLS', ['mysql:', 'mariadb:'])!,
      connection.kind === 'mysql' ? connection.database : undefined,
    ),
  );
  if (replicas.length > 0 && connection.kind !== 'mysql') {
    throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas serve a MySQL/MariaDB primary');
  }
  return {
    connection,
    replicas,
    /** A replica further behind its primary than this serves no reads until it catches up. */
    replicaMaxLagSeconds: readInt(env, 'DATABASE_REPLICA_MAX_LAG_SECONDS', 5, 0, 3_600),
    replicaCheckIntervalMs: readInt(env, 'DATABASE_REPLICA_CHECK_MS', 2_000, 100, 60_000),
    poolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    connectTimeoutMs: readInt(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    queryTimeoutMs: readInt(env, 'DB_QUERY_TIMEOUT_MS', 2_000, 100, 60_000),
  };
}

export const databaseConfig = registerAs('database', () => parseDatabaseConfig(process.env));
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
