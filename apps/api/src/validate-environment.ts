import { parseAnalyticsConfig, parseAppConfig, parseDatabaseConfig, parseRedisConfig, Env } from '@app/core';

/** Parses every config namespace once, so a bad value stops the process before anything starts. */
export function validateEnvironment(env: Env): void {
  parseAppConfig(env);
  parseDatabaseConfig(env);
  parseRedisConfig(env);
  parseAnalyticsConfig(env);
}
