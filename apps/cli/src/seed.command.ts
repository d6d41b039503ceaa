import { parseActivityConfig } from '@app/activity';
import {
  AppCacheService,
  buildDataSourceOptions,
  LiveStore,
  parseDatabaseConfig,
  parseRedisConfig,
  createRedisClient,
  RedisClient,
  RedisCacheStore,
  RedisLiveStore,
  runMigrations,
} from '@app/core';
import { DEMO_SCALES, DemoScale, DemoSeedOptions, seedDemoData } from '@app/demo';
import { PlatformModuleEntity } from '@app/modules/entities';
import { MetricSampleDailyEntity, MetricSampleEntity, MetricSampleHourlyEntity } from '@app/metrics/entities';
import { ProjectEntity } from '@app/projects/entities';
import { SensorEntity } from '@app/sensors/entities';
import { SUMMARY_DB_CACHE_KEY } from '@app/metrics';
import { MODULES_CACHE_KEY } from '@app/modules';
import { SENSOR_BREAKDOWN_CACHE_KEY } from '@app/sensors';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';

export type SeedArguments = Pick<DemoSeedOptions, 'scale' | 'projects' | 'sensors' | 'days'>;

const LIMITS = {
  projects: 10_000_000,
  sensors: 50_000_000,
  days: 3_650,
} as const;

/**
 * `--scale small|large` (default small) and the overrides `--projects N --sensors N --days N`, as
 * `--name value` or `--name=value`. Returns the parsed arguments or a one-line error.
 */
export function parseSeedArguments(args: readonly string[]): SeedArguments | { error: string } {
  const parsed: SeedArguments = { scale: 'small' };
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(args[i]);
    if (!match) return { error: `unexpected argument "${args[i]}"` };
    const name = match[1];
    const value = match[2] ?? args[++i];
    if (value === undefined) return { error: `--${name} needs a value` };
    if (name === 'scale') {
      if (!Object.keys(DEMO_SCALES).includes(value)) {
        return { error: `--scale must be small or large, got "${value}"` };
      }
      parsed.scale = value as DemoScale;
    } else if (name === 'projects' || name === 'sensors' || name === 'days') {
      const min = name === 'days' ? 1 : 0;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > LIMITS[name]) {
        return { error: `--${name} must be a whole number from ${min} to ${LIMITS[name]}, got "${value}"` };
      }
      parsed[name] = Number(value);
    } else {
      return { error: `unknown option --${name} (expected --scale, --projects, --sensors, --days)` };
    }
  }
  return parsed;
}

/**
 * `seed`: fills DATABASE_URL (or the embedded SQLite file) with demo data, and the live state in Redis
 * when REDIS_URL is set. Idempotent: a second run adds nothing and rewrites the same history.
 */
export async function seedCommand(args: string[]): Promise<number> {
  const parsed = parseSeedArguments(args);
  if ('error' in parsed) {
    process.stderr.write(`seed: ${parsed.error}\n`);
    return 2;
  }
  const databaseConfig = parseDatabaseConfig(process.env);
  const redisConfig = parseRedisConfig(process.env);
  const { platforms } = parseActivityConfig(process.env);
  const log = (line: string) => process.stdout.write(`${line}\n`);

  if (databaseConfig.connection.kind === 'mysql') {
    const migrations = await runMigrations(
      databaseConfig.connection,
      resolve(process.env.MIGRATIONS_DIR ?? 'migrations'),
    );
    if (migrations.applied.length > 0) log(`applied migrations: ${migrations.applied.join(', ')}`);
  } else {
    log(`no DATABASE_URL: seeding the embedded database ${databaseConfig.connection.file}`);
  }

  const dataSource = new DataSource(
    buildDataSourceOptions(databaseConfig, [
      ProjectEntity,
      SensorEntity,
      PlatformModuleEntity,
      MetricSampleEntity,
      MetricSampleHourlyEntity,
      MetricSampleDailyEntity,
    ]),
  );
  let redis: RedisClient | null = null;
  try {
    await dataSource.initialize();
    let liveStore: LiveStore | null = null;
    if (redisConfig.url) {
      // The service's own client (a Redis Cluster too), with room for the seed's large writes.
      redis = createRedisClient({ ...redisConfig, commandTimeoutMs: 60_000 });
      await redis.connect();
      liveStore = new RedisLiveStore(redis, redisConfig.keyPrefix);
    } else {
      log(
        'no REDIS_URL: live state (active users, heartbeats, rejections) not seeded; an in-process live store ' +
          'belongs to the API process and cannot be filled from another one',
      );
    }

    const result = await seedDemoData(dataSource, liveStore, { ...parsed, platforms, log });
    // The service's caches were computed from the data before the seed: the features' cached answers are
    // dropped through the service's own cache, which deletes the shared entry and tells every running
    // instance to drop its copy in memory (an in-process cache belongs to the API process).
    if (redis && liveStore) {
      const cache = new AppCacheService(new RedisCacheStore(redis), liveStore);
      await Promise.all(
        [SENSOR_BREAKDOWN_CACHE_KEY, SUMMARY_DB_CACHE_KEY, MODULES_CACHE_KEY].map((key) => cache.del(key)),
      );
    }
    const live = result.live
      ? `; live: ${result.live.activeUsers} active users, ${result.live.heartbeats} heartbeats, ${result.live.rejections} rejections`
      : '';
    log(
      `seeded ${result.scale} demo data in ${(result.durationMs / 1000).toFixed(1)} s: ` +
        `${result.projects.total} projects (+${result.projects.inserted}), ` +
        `${result.sensors.total} sensors (+${result.sensors.inserted}), ${result.modules} modules, ` +
        `${result.samples} metric samples${live}`,
    );
    return 0;
  } finally {
    if (redis) await redis.quit().catch(() => redis?.disconnect());
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
