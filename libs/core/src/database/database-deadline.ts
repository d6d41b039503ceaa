import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withDeadline } from '../async/with-deadline';
import { databaseConfig, DatabaseConfig } from '../config/database.config';

interface PooledConnection {
  release(): void;
}

/** What TypeORM's MySQL driver exposes to take a connection from mysql2's pool. */
interface PoolingDriver {
  obtainMasterConnection?: () => Promise<PooledConnection>;
}

/**
 * Bounds the wait for a pooled MySQL connection by DB_QUERY_TIMEOUT_MS. mysql2 queues a request for a
 * connection for ever when every connection is busy (a hung server holds them all), and its connect
 * timeout covers only new connections. A connection that arrives after the deadline goes back to the pool.
 * The queries themselves are bounded by mysql2's per-query timeout (see buildDataSourceOptions).
 */
export function boundPoolAcquisition(dataSource: DataSource, timeoutMs: number): void {
  const driver = dataSource.driver as unknown as PoolingDriver;
  const obtain = driver.obtainMasterConnection?.bind(driver);
  if (obtain === undefined || dataSource.options.type === 'better-sqlite3') return;
  driver.obtainMasterConnection = () => {
    const pending = obtain();
    return withDeadline(pending, timeoutMs, () => {
      pending.then(
        (connection) => connection.release(),
        () => undefined,
      );
      throw Object.assign(new Error(`no database connection within ${timeoutMs} ms`), {
        code: 'ETIMEDOUT',
      });
    });
  };
}

/** Applies boundPoolAcquisition to the app's data source once it exists. */
@Injectable()
export class DatabaseDeadline implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  onModuleInit(): void {
    boundPoolAcquisition(this.dataSource, this.config.queryTimeoutMs);
  }
}
