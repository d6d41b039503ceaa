import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withDeadline } from '../async/with-deadline';
import { databaseConfig, DatabaseConfig } from '../config/database.config';

type Callback = (error: unknown, ...results: unknown[]) => void;

/** The parts of a mysql2 pooled connection the deadlines use. */
interface PooledConnection {
  release(): void;
  destroy(): void;
  query(...args: unknown[]): unknown;
  stream?: { destroy(): void };
  [TIMED_OUT_DROPS]?: true;
}

/** The part of a mysql2 pool (and pool cluster) that holds its connections. */
interface ConnectionPool {
  _allConnections?: { length: number; get(index: number): PooledConnection };
}

/** What TypeORM's MySQL driver exposes to take connections from mysql2's pools and to close them. */
interface PoolingDriver {
  obtainMasterConnection?: () => Promise<PooledConnection>;
  obtainSlaveConnection?: () => Promise<PooledConnection>;
  disconnect: () => Promise<void>;
  pool?: ConnectionPool;
  poolCluster?: { _nodes?: Record<string, { pool: ConnectionPool }> };
}

const TIMED_OUT_DROPS = Symbol('timedOutDrops');

/** mysql2's code for a query its server did not answer within the query's timeout. */
const QUERY_TIMEOUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

/** Closes a connection at once, socket included: a hung server would never answer a polite goodbye. */
function drop(connection: PooledConnection): void {
  connection.destroy();
  connection.stream?.destroy();
}

/**
 * A connection whose query timed out still waits for that query's answer: mysql2 keeps it as the
 * connection's current command, and every later command (the next request's query, the pool's reset on
 * release, the goodbye at shutdown) would queue behind it without its own timer ever starting. Such a
 * connection is dropped the moment its query times out, which also takes it out of the pool.
 */
function dropOnQueryTimeout(connection: PooledConnection): PooledConnection {
  if (connection[TIMED_OUT_DROPS]) return connection;
  connection[TIMED_OUT_DROPS] = true;
  const query = connection.query.bind(connection);
  connection.query = (...args: unknown[]) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = ((error: unknown, ...results: unknown[]) => {
        if ((error as { code?: unknown } | null)?.code === QUERY_TIMEOUT) drop(connection);
        (callback as Callback)(error, ...results);
      }) satisfies Callback;
    }
    return query(...args);
  };
  return connection;
}

/** Every connection of the driver's pools (the primary's, and each replica's), for a forced close. */
function allConnections(driver: PoolingDriver): PooledConnection[] {
  const pools = driver.pool
    ? [driver.pool]
    : Object.values(driver.poolCluster?._nodes ?? {}).map((node) => node.pool);
  const connections: PooledConnection[] = [];
  for (const pool of pools) {
    const all = pool?._allConnections;
    for (let index = 0; all !== undefined && index < all.length; index++) connections.push(all.get(index));
  }
  return connections;
}

/**
 * Deadlines on everything the app waits for from MySQL, all DB_QUERY_TIMEOUT_MS:
 * - the wait for a pooled connection, of the primary and of the replicas: mysql2 queues a request for a
 *   connection for ever when every connection is busy (a hung server holds them all), and its connect
 *   timeout covers only new connections. A connection that arrives after the deadline goes back to the pool;
 * - the queries, through mysql2's per-query timeout (see buildDataSourceOptions); a connection whose query
 *   timed out is dropped (dropOnQueryTimeout);
 * - closing the pools at shutdown: a server that does not answer the goodbye has its sockets destroyed.
 */
export function boundDatabaseWaits(dataSource: DataSource, timeoutMs: number, logger?: Logger): void {
  if (dataSource.options.type === 'better-sqlite3') return;
  const driver = dataSource.driver as unknown as PoolingDriver;
  for (const name of ['obtainMasterConnection', 'obtainSlaveConnection'] as const) {
    const obtain = driver[name]?.bind(driver);
    if (obtain === undefined) continue;
    driver[name] = () => {
      const pending = obtain().then(dropOnQueryTimeout);
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
  const disconnect = driver.disconnect.bind(driver);
  driver.disconnect = async () => {
    const connections = allConnections(driver);
    const closing = disconnect();
    await withDeadline(closing, timeoutMs, () => {
      logger?.warn(`the database did not answer the close within ${timeoutMs} ms: connections dropped`);
      closing.catch(() => undefined);
      for (const connection of connections) drop(connection);
    });
  };
}

/** Applies boundDatabaseWaits to the app's data source once it exists. */
@Injectable()
export class DatabaseDeadline implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  onModuleInit(): void {
    boundDatabaseWaits(this.dataSource, this.config.queryTimeoutMs, this.logger);
  }
}
