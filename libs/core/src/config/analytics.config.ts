import { ConfigType, registerAs } from '@nestjs/config';
import { ConfigError, Env, readBoolean, readInt, readList, readOptionalString } from './env';

export function parseAnalyticsConfig(env: Env) {
  const platforms = readList(env, 'ACTIVE_USER_PLATFORMS', ['web', 'mobile-app1', 'mobile-app2']);
  const badPlatform = platforms.find((platform) => !/^[a-z0-9][a-z0-9_-]{0,31}$/.test(platform));
  if (platforms.length === 0 || badPlatform !== undefined) {
    throw new ConfigError(
      `ACTIVE_USER_PLATFORMS must be comma-separated names of lowercase letters, digits, - and _, got "${badPlatform ?? ''}"`,
    );
  }
  const embeddedDatabase = readOptionalString(env, 'DATABASE_URL') === undefined;
  return {
    platforms,
    activeUserWindowMs: readInt(env, 'ACTIVE_USER_WINDOW', 300, 10, 86_400) * 1000,
    sensorOnlineWindowMs: readInt(env, 'SENSOR_ONLINE_WINDOW', 300, 10, 86_400) * 1000,
    sensorLastSeenGranularityMs: readInt(env, 'SENSOR_LAST_SEEN_GRANULARITY', 420, 60, 86_400) * 1000,
    summaryDbTtlMs: readInt(env, 'SUMMARY_DB_TTL', 5, 0, 3_600) * 1000,
    sensorBreakdownTtlMs: readInt(env, 'SENSOR_BREAKDOWN_TTL', 60, 0, 86_400) * 1000,
    modulesTtlMs: readInt(env, 'MODULES_TTL', 60, 0, 86_400) * 1000,
    historyRetentionDays: readInt(env, 'HISTORY_RETENTION_DAYS', 90, 1, 3_650),
    samplerEnabled: readBoolean(env, 'SAMPLER_ENABLED', true),
    streamIntervalMs: readInt(env, 'STREAM_INTERVAL_MS', 5_000, 250, 600_000),
    streamMaxClients: readInt(env, 'STREAM_MAX_CLIENTS', 1_000, 1, 100_000),
    demoSeed: readBoolean(env, 'DEMO_SEED', embeddedDatabase),
    demoTraffic: readBoolean(env, 'DEMO_TRAFFIC', embeddedDatabase),
  };
}

export const analyticsConfig = registerAs('analytics', () => parseAnalyticsConfig(process.env));
export type AnalyticsConfig = ConfigType<typeof analyticsConfig>;
