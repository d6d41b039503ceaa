import { Env, readInt } from '@app/core';
import { ConfigType, registerAs } from '@nestjs/config';

/** When a sensor counts as online, how often its last-seen time is written, how long the breakdown is cached. */
export function parseSensorsConfig(env: Env) {
  return {
    sensorOnlineWindowMs: readInt(env, 'SENSOR_ONLINE_WINDOW', 300, 10, 86_400) * 1000,
    sensorLastSeenGranularityMs: readInt(env, 'SENSOR_LAST_SEEN_GRANULARITY', 420, 60, 86_400) * 1000,
    sensorBreakdownTtlMs: readInt(env, 'SENSOR_BREAKDOWN_TTL', 60, 0, 86_400) * 1000,
  };
}

export const sensorsConfig = registerAs('sensors', () => parseSensorsConfig(process.env));
export type SensorsConfig = ConfigType<typeof sensorsConfig>;
