import { parseActivityConfig } from '@app/activity';
import { Env, parseAppConfig, parseDatabaseConfig, parseRedisConfig } from '@app/core';
import { parseDemoConfig } from '@app/demo';
import { parseMetricsConfig } from '@app/metrics';
import { parseModulesConfig } from '@app/modules';
import { parseSensorsConfig } from '@app/sensors';

/** Parses every config namespace once, so a bad value stops the process before anything starts. */
export function validateEnvironment(env: Env): void {
  parseAppConfig(env);
  parseDatabaseConfig(env);
  parseRedisConfig(env);
  parseActivityConfig(env);
  parseSensorsConfig(env);
  parseModulesConfig(env);
  parseMetricsConfig(env);
  parseDemoConfig(env);
}
