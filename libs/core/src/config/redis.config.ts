import { ConfigType, registerAs } from '@nestjs/config';
import { ConfigError, Env, readInt, readString, readUrl } from './env';

export function parseRedisConfig(env: Env) {
  const url = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const keyPrefix = readString(env, 'REDIS_KEY_PREFIX', '');
  if (!/^[A-Za-z0-9:._-]*$/.test(keyPrefix)) {
    throw new ConfigError(`REDIS_KEY_PREFIX may only hold letters, digits and : . _ -, got "${keyPrefix}"`);
  }
  return {
    url: url?.toString(),
    keyPrefix,
    commandTimeoutMs: readInt(env, 'REDIS_COMMAND_TIMEOUT_MS', 1_000, 50, 60_000),
  };
}

export const redisConfig = registerAs('redis', () => parseRedisConfig(process.env));
export type RedisConfig = ConfigType<typeof redisConfig>;
