import { ConfigType, registerAs } from '@nestjs/config';
import { join } from 'node:path';
import { Env, readInt, readString, readUrl } from './env';

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

export function parseDatabaseConfig(env: Env) {
  const url = readUrl(env, 'DATABASE_URL', ['mysql:', 'mariadb:']);
  const dataDir = readString(env, 'DATA_DIR', './data');
  const connection: MysqlConnection | SqliteConnection = url
    ? {
        kind: 'mysql',
        flavor: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
        url: url.toString(),
        host: url.hostname,
        port: url.port ? Number(url.port) : 3306,
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'realtime',
      }
    : { kind: 'sqlite', file: join(dataDir, 'realtime.sqlite') };
  return {
    connection,
    poolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    connectTimeoutMs: readInt(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
  };
}

export const databaseConfig = registerAs('database', () => parseDatabaseConfig(process.env));
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
