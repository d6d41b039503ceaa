import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';
import type { DataSource, EntityManager } from 'typeorm';
import { withDeadline } from '../async/with-deadline';
import { databaseConfig, DatabaseConfig, MysqlConnection } from '../config/database.config';
import { isDatabaseUnavailable } from '../http/problem-details';

export type ReplicaStatus = 'up' | 'lagging' | 'down';

/** What readiness reports of one replica. */
export interface ReplicaState {
  replica: string;
  status: ReplicaStatus;
  /** Seconds behind the primary as the replica reports it; null when unknown (down, or not allowed to say). */
  lagSeconds: number | null;
  message?: string;
}

/** The part of TypeORM's MySQL driver that holds the replication pools (mysql2's PoolCluster). */
interface ReplicatedDriver {
  poolCluster?: { add(id: string, config: unknown): void; remove(pattern: string): void };
  options: unknown;
  createConnectionOptions(options: unknown, credentials: unknown): unknown;
}

/** The error codes of a pool cluster with no server left to take a connection from. */
const NO_SERVER = /^POOL_(NONEONLINE|NOEXIST|CLOSED)$/;

/**
 * Reads that tolerate a few seconds of lag (history, breakdown, counts, module lists) go to a read replica
 * through TypeORM replication; everything else stays on the primary. Each replica is checked every
 * DATABASE_REPLICA_CHECK_MS: one that is down, not replicating, or more than DATABASE_REPLICA_MAX_LAG_SECONDS
 * behind leaves the replica pool until it is well again; a read the replica fails (refused, or no answer
 * within DB_QUERY_TIMEOUT_MS) checks every replica at once. With no replica in the pool, or when the replica
 * chosen fails or times out, the read runs on the primary instead: a replica never fails a request, and
 * delays it by one deadline at most.
 * Without DATABASE_REPLICA_URLS (or on SQLite) a read runs on the one database, at no extra cost.
 */
@Injectable()
export class ReplicaReads implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReplicaReads');
  private readonly states: ReplicaState[];
  private readonly probes: (Connection | null)[];
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  /** Replica pool members currently in TypeORM's pool cluster (SLAVE<index>). */
  private readonly inPool: boolean[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {
    this.states = config.replicas.map((replica) => ({
      replica: `${replica.host}:${replica.port}`,
      status: 'down',
      lagSeconds: null,
      message: 'not checked yet',
    }));
    this.probes = config.replicas.map(() => null);
    this.inPool = config.replicas.map(() => true);
  }

  get enabled(): boolean {
    return this.config.replicas.length > 0;
  }

  /** Each replica's last known state, for readiness. */
  replicaStates(): readonly ReplicaState[] {
    return this.states;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.replicaCheckIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking;
    for (const probe of this.probes) probe?.destroy();
  }

  /**
   * Runs a lag-tolerant read on a replica in good health, or on the primary when there is none or the
   * replica cannot be reached. `work` must only read.
   */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.enabled || !this.states.some((state) => state.status === 'up')) {
      return work(this.dataSource.manager);
    }
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!NO_SERVER.test(code) && !isDatabaseUnavailable(error)) throw error;
      // Checked now, not at the next interval: a replica that is down or hung leaves the pool within one
      // check, so only the reads already under way wait for it.
      if (!NO_SERVER.test(code)) void this.check().catch(() => undefined);
      return work(this.dataSource.manager);
    } finally {
      await runner.release();
    }
  }

  /** Checks every replica once (one check at a time) and moves each in or out of the replica pool. */
  check(): Promise<void> {
    this.checking ??= Promise.all(this.config.replicas.map((replica, index) => this.checkOne(replica, index)))
      .then(() => undefined)
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  private async checkOne(replica: MysqlConnection, index: number): Promise<void> {
    const previous = this.states[index].status;
    const state = await withDeadline(this.probe(replica, index), this.config.connectTimeoutMs, () => {
      this.dropProbe(index);
      return { status: 'down' as const, lagSeconds: null, message: 'did not answer in time' };
    });
    this.states[index] = { replica: this.states[index].replica, ...state };
    this.setInPool(index, replica, state.status === 'up');
    if (state.status !== previous) {
      this.logger.warn(
        `read replica ${this.states[index].replica} is ${state.status}${state.message ? ` (${state.message})` : ''}`,
      );
    }
  }

  private async probe(replica: MysqlConnection, index: number): Promise<Omit<ReplicaState, 'replica'>> {
    try {
      this.probes[index] ??= await createConnection({
        host: replica.host,
        port: replica.port,
        user: replica.username,
        password: replica.password,
        connectTimeout: this.config.connectTimeoutMs,
      });
      const lag = await replicationLag(this.probes[index]);
      if (lag === undefined)
        return { status: 'up', lagSeconds: null, message: 'lag not visible to this user' };
      if (lag === null) return { status: 'lagging', lagSeconds: null, message: 'not replicating' };
      if (lag > this.config.replicaMaxLagSeconds) {
        return { status: 'lagging', lagSeconds: lag, message: `${lag} s behind the primary` };
      }
      return { status: 'up', lagSeconds: lag };
    } catch (error) {
      this.dropProbe(index);
      return { status: 'down', lagSeconds: null, message: (error as Error).message };
    }
  }

  private dropProbe(index: number): void {
    this.probes[index]?.destroy();
    this.probes[index] = null;
  }

  /** Adds or removes SLAVE<index> in TypeORM's pool cluster, through mysql2's own add/remove. */
  private setInPool(index: number, replica: MysqlConnection, wanted: boolean): void {
    const driver = this.dataSource.driver as unknown as ReplicatedDriver;
    if (!driver.poolCluster || this.inPool[index] === wanted) return;
    const id = `SLAVE${index}`;
    if (wanted) {
      const credentials = {
        host: replica.host,
        port: replica.port,
        username: replica.username,
        password: replica.password,
        database: replica.database,
      };
      driver.poolCluster.add(id, driver.createConnectionOptions(driver.options, credentials));
    } else {
      driver.poolCluster.remove(id);
    }
    this.inPool[index] = wanted;
  }
}

/**
 * Seconds the replica's SQL thread is behind, as SHOW REPLICA STATUS (MySQL 8.0.22+, MariaDB 10.5+) or
 * SHOW SLAVE STATUS says; null when it does not replicate; undefined when this user may not ask (the
 * check then only proves that the replica answers).
 */
async function replicationLag(connection: Connection): Promise<number | null | undefined> {
  let rows: RowDataPacket[];
  try {
    [rows] = await connection.query<RowDataPacket[]>('SHOW REPLICA STATUS');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_ERROR') {
      await connection.query('SELECT 1');
      return undefined;
    }
    if (code !== 'ER_PARSE_ERROR') throw error;
    [rows] = await connection.query<RowDataPacket[]>('SHOW SLAVE STATUS');
  }
  if (rows.length === 0) return null;
  const row = rows[0] as { Seconds_Behind_Source?: unknown; Seconds_Behind_Master?: unknown };
  const lag = row.Seconds_Behind_Source ?? row.Seconds_Behind_Master;
  return lag === null || lag === undefined ? null : Number(lag);
}
