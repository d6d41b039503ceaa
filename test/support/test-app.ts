import { ActiveUsersStore } from '@app/activity';
import { LiveStore, parseDatabaseConfig, RedisClient, RejectionCounter, runMigrations } from '@app/core';
import { HeartbeatStore } from '@app/sensors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster, Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, CreateAppOptions } from '../../apps/api/src/bootstrap';
import { BACKEND, TEST_DATABASE_URL, TEST_REDIS_CLUSTER, TEST_REDIS_URL } from './backends';
import { TcpProxy } from './tcp-proxy';

export const INGEST_KEY = 'test-ingest-key';

export interface TestContext {
  app: NestFastifyApplication;
  /** supertest against the running app's server. */
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  liveStore: LiveStore;
  /** The features' own live stores, for putting known live state in place. */
  activeUsers: ActiveUsersStore;
  heartbeats: HeartbeatStore;
  rejections: RejectionCounter;
  /** Redis key prefix of this test file (empty on the embedded backend). */
  keyPrefix: string;
  /**
   * A Redis client without prefix, for looking at what the app wrote (null on the embedded backend); a
   * cluster client when the suite runs against a Redis Cluster.
   */
  redis: RedisClient | null;
  proxies: { database: TcpProxy; redis: TcpProxy } | null;
  /** The database URL and Redis prefix of this deployment, for a second instance. */
  databaseUrl: string | undefined;
  /** Closes the app alone (a test times its shutdown); `close` then only cleans up. */
  closeApp: () => Promise<void>;
  close: () => Promise<void>;
}

export interface TestAppOptions extends CreateAppOptions {
  /** Environment variables for this app, over the test defaults. `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Route MySQL and Redis through proxies of the test's own (mysql backend), to cut them off. */
  viaProxies?: boolean;
  /** Reuse this database and Redis prefix (a second instance of the same deployment). */
  shareWith?: TestContext;
  /** The Redis key prefix (mysql backend), for keys a test puts in place before the app boots. */
  keyPrefix?: string;
}

const SAVED_KEYS = new Set<string>();

function applyEnv(values: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    saved.set(key, process.env[key]);
    SAVED_KEYS.add(key);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** A MySQL database of this test file's own, migrated; dropped at close. */
export async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ra_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const config = parseDatabaseConfig({ DATABASE_URL: url.toString() });
  if (config.connection.kind !== 'mysql')
    throw new Error('TEST_DATABASE_URL must be a mysql:// or mariadb:// URL');
  await runMigrations(config.connection, resolve(__dirname, '../../migrations'));
  const { host, port, username, password } = config.connection;
  return {
    url: url.toString(),
    drop: async () => {
      const connection = await createConnection({ host, port, user: username, password });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  // A cluster's keys are spread over its masters: scan each, delete one key a command.
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      await Promise.all(keys.map((key) => redis.del(key)));
      cursor = next;
    } while (cursor !== '0');
  }
}

/** A client of the test's own for the test Redis (a cluster client against a cluster), not yet connected. */
export function inspectionClient(): RedisClient {
  if (!TEST_REDIS_CLUSTER) return new Redis(TEST_REDIS_URL, { lazyConnect: true });
  const nodes = TEST_REDIS_URL.split(',').map((node) => {
    const url = new URL(node.trim());
    return { host: url.hostname, port: Number(url.port || 6379) };
  });
  return new Cluster(nodes, { lazyConnect: true });
}

/**
 * Boots the real app (Fastify adapter, every global provider) on this file's own database and Redis key
 * prefix, or on a fresh embedded SQLite file and in-process live store.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestContext> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const keyPrefix =
    options.shareWith?.keyPrefix ??
    options.keyPrefix ??
    (BACKEND === 'mysql' ? `test:${randomBytes(4).toString('hex')}:` : '');
  let proxies: TestContext['proxies'] = null;
  let databaseUrl: string | undefined;
  const base: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_PRETTY: 'false',
    INGEST_API_KEYS: `${INGEST_KEY},second-key`,
    SAMPLER_ENABLED: 'false',
    DEMO_TRAFFIC: 'false',
    DEMO_SEED: 'false',
    RATE_LIMIT_PER_MINUTE: '100',
    TRUST_PROXY: 'false',
  };
  if (BACKEND === 'mysql') {
    if (options.shareWith) {
      databaseUrl = options.shareWith.databaseUrl;
    } else {
      const database = await createDatabase();
      cleanups.push(database.drop);
      databaseUrl = database.url;
    }
    let appDatabaseUrl = databaseUrl!;
    let appRedisUrl = TEST_REDIS_URL;
    if (options.viaProxies) {
      if (TEST_REDIS_CLUSTER) throw new Error('viaProxies needs a single Redis (see onSingleRedis)');
      const dbUrl = new URL(appDatabaseUrl);
      const redisUrl = new URL(TEST_REDIS_URL);
      const started = {
        database: new TcpProxy(dbUrl.hostname, Number(dbUrl.port || 3306)),
        redis: new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379)),
      };
      proxies = started;
      dbUrl.port = String(await started.database.start());
      redisUrl.port = String(await started.redis.start());
      appDatabaseUrl = dbUrl.toString();
      appRedisUrl = redisUrl.toString();
      cleanups.push(async () => {
        await started.database.stop();
        await started.redis.stop();
      });
    }
    Object.assign(base, {
      DATABASE_URL: appDatabaseUrl,
      REDIS_URL: appRedisUrl,
      REDIS_CLUSTER: TEST_REDIS_CLUSTER ? 'true' : 'false',
      REDIS_KEY_PREFIX: keyPrefix,
      DATA_DIR: undefined,
    });
  } else if (options.shareWith) {
    throw new Error('two instances cannot share the embedded backend: its state is in-process');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'ra-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    Object.assign(base, {
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      REDIS_KEY_PREFIX: undefined,
      DATA_DIR: dir,
    });
  }
  const restoreEnv = applyEnv({ ...base, ...options.env });
  cleanups.push(restoreEnv);

  const app = await createApp({ extraModules: options.extraModules });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const redis = BACKEND === 'mysql' ? inspectionClient() : null;
  if (redis) {
    await redis.connect();
    // The first instance of a deployment cleans its keys; a second one sharing them leaves that to it.
    if (options.shareWith) cleanups.push(() => redis.disconnect());
  }
  if (redis && !options.shareWith) {
    cleanups.push(async () => {
      await deleteKeys(redis, keyPrefix);
      redis.disconnect();
    });
  }
  let closed = false;
  const closeApp = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    liveStore: app.get(LiveStore),
    activeUsers: app.get(ActiveUsersStore),
    heartbeats: app.get(HeartbeatStore),
    rejections: app.get(RejectionCounter),
    keyPrefix,
    redis,
    proxies,
    databaseUrl,
    closeApp,
    close: async () => {
      await closeApp();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}
