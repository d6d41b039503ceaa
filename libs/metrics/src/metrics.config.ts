import { Env, readBoolean, readInt } from '@app/core';
import { ConfigType, registerAs } from '@nestjs/config';

/** The summary's database cache, the history's retention and sampler, and the stream. */
export function parseMetricsConfig(env: Env) {
  return {
    summaryDbTtlMs: readInt(env, 'SUMMARY_DB_TTL', 5, 0, 3_600) * 1000,
    historyRetentionDays: readInt(env, 'HISTORY_RETENTION_DAYS', 90, 1, 3_650),
    samplerEnabled: readBoolean(env, 'SAMPLER_ENABLED', true),
    streamIntervalMs: readInt(env, 'STREAM_INTERVAL_MS', 5_000, 250, 600_000),
    streamMaxClients: readInt(env, 'STREAM_MAX_CLIENTS', 1_000, 1, 100_000),
    streamMaxClientsPerIp: readInt(env, 'STREAM_MAX_CLIENTS_PER_IP', 10, 1, 100_000),
  };
}

export const metricsConfig = registerAs('metrics', () => parseMetricsConfig(process.env));
export type MetricsConfig = ConfigType<typeof metricsConfig>;
