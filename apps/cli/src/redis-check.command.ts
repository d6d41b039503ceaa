import { ACTIVE_USERS_KEY_TYPES } from '@app/activity';
import {
  CORE_LIVE_KEY_TYPES,
  createRedisClient,
  LiveKeySpec,
  parseRedisConfig,
  RedisClient,
} from '@app/core';
import { SUMMARY_DB_CACHE_KEY } from '@app/metrics';
import { MODULES_CACHE_KEY } from '@app/modules';
import { HEARTBEAT_KEY_TYPES, SENSOR_BREAKDOWN_CACHE_KEY } from '@app/sensors';
import { Cluster } from 'ioredis';

/** Every key name (or pattern) the service keeps in Redis, with its type: what `redis-check` checks. */
export const SERVICE_KEY_TYPES: readonly LiveKeySpec[] = [
  ...ACTIVE_USERS_KEY_TYPES,
  ...HEARTBEAT_KEY_TYPES,
  ...CORE_LIVE_KEY_TYPES,
  // The shared cache's entries: JSON strings.
  { pattern: SENSOR_BREAKDOWN_CACHE_KEY, type: 'string' },
  { pattern: MODULES_CACHE_KEY, type: 'string' },
  { pattern: SUMMARY_DB_CACHE_KEY, type: 'string' },
  { pattern: 'history:*', type: 'string' },
];

export interface WrongTypedKey {
  key: string;
  found: string;
  expected: string;
}

/** The keys matching `pattern` (with the prefix), on every master of a cluster; SCAN, never KEYS. */
async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  if (!pattern.includes('*')) return [pattern];
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}

/**
 * The keys of the service's names (under `prefix`) holding another type than the service keeps there.
 * `client` must have no key prefix of its own: the names it gets back from SCAN are full ones.
 */
export async function findWrongTypedKeys(
  client: RedisClient,
  prefix: string,
  specs: readonly LiveKeySpec[] = SERVICE_KEY_TYPES,
): Promise<WrongTypedKey[]> {
  const wrong: WrongTypedKey[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    for (const key of await keysMatching(client, prefix + spec.pattern)) {
      // A key matching two entries is judged by the first.
      if (seen.has(key)) continue;
      seen.add(key);
      const found = await client.type(key);
      if (found !== 'none' && found !== spec.type) wrong.push({ key, found, expected: spec.type });
    }
  }
  return wrong;
}

/**
 * `redis-check [--fix]`: lists the keys of the service's names that hold another type than the service keeps
 * there (data of another program in the same Redis, such as the replaced Go service's counters); with
 * `--fix`, deletes them. Exit code 0 when none is left, 1 when some are (listed), 2 on a usage error.
 */
export async function redisCheckCommand(args: readonly string[]): Promise<number> {
  const fix = args.includes('--fix');
  const unknown = args.filter((arg) => arg !== '--fix');
  if (unknown.length > 0) {
    process.stderr.write(`redis-check: unexpected argument "${unknown[0]}" (expected --fix)\n`);
    return 2;
  }
  const config = parseRedisConfig(process.env);
  if (!config.url) {
    process.stderr.write(
      "redis-check needs REDIS_URL: the embedded live store holds no other program's data.\n",
    );
    return 2;
  }
  const client = createRedisClient({ ...config, keyPrefix: '' });
  try {
    await client.connect();
    const wrong = await findWrongTypedKeys(client, config.keyPrefix);
    for (const { key, found, expected } of wrong) {
      process.stdout.write(`${key}: ${found}, expected ${expected}${fix ? ' (deleted)' : ''}\n`);
      if (fix) await client.del(key);
    }
    if (wrong.length === 0) {
      process.stdout.write("every key of the service's names holds the type the service keeps there\n");
      return 0;
    }
    process.stdout.write(
      fix
        ? `deleted ${wrong.length} key(s) of another type; the service writes them anew\n`
        : `${wrong.length} key(s) of another type: writes to them answer 503; run with --fix to delete them\n`,
    );
    return fix ? 0 : 1;
  } finally {
    client.disconnect();
  }
}
