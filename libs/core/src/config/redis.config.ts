import { ConfigType, registerAs } from '@nestjs/config';
import { ConfigError, Env, readBoolean, readInt, readString, readUrl } from './env';

/**
 * REDIS_URL is one `redis://` URL (a single Redis, or with REDIS_CLUSTER=true the entry point of a Redis
 * Cluster), or several comma-separated ones: the seed nodes of a Redis Cluster.
 */
export function parseRedisConfig(env: Env) {
  const nodes = (env.REDIS_URL ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => readUrl({ REDIS_URL: item }, 'REDIS_URL', ['redis:', 'rediss:'])!.toString());
  const keyPrefix = readString(env, 'REDIS_KEY_PREFIX', '');
  if (!/^[A-Za-z0-9:._-]*$/.test(keyPrefix)) {
    throw new ConfigError(`REDIS_KEY_PREFIX may only hold letters, digits and : . _ -, got "${keyPrefix}"`);
  }
  const cluster = readBoolean(env, 'REDIS_CLUSTER', false) || nodes.length > 1;
  if (cluster && nodes.length === 0) {
    throw new ConfigError('REDIS_CLUSTER=true needs REDIS_URL: one or more redis:// nodes of the cluster');
  }
  return {
    url: nodes.length > 0 ? nodes[0] : undefined,
    /** Set in cluster mode: the nodes the client discovers the cluster from. */
    clusterNodes: cluster ? nodes : null,
    keyPrefix,
    commandTimeoutMs: readInt(env, 'REDIS_COMMAND_TIMEOUT_MS', 1_000, 50, 60_000),
  };
}

export const redisConfig = registerAs('redis', () => parseRedisConfig(process.env));
export type RedisConfig = ConfigType<typeof redisConfig>;
