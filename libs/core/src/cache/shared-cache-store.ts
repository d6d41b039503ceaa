import type { RedisClient } from '../redis/redis-connection';

/** A cached value and when it expires (epoch ms). */
export interface CacheEntry<T = unknown> {
  value: T;
  expiresAt: number;
}

/** The cache every instance shares (Redis). Calls may fail or hang: the cache service bounds them. */
export abstract class SharedCacheStore {
  abstract get<T>(key: string): Promise<CacheEntry<T> | undefined>;
  abstract set<T>(key: string, entry: CacheEntry<T>): Promise<void>;
  abstract del(key: string): Promise<void>;
}

/**
 * Entries as `<REDIS_KEY_PREFIX><key>` holding `{"value":…,"expires":<epoch ms>}` with a matching PX
 * expiry: one GET answers both the value and its age (the refresh-ahead needs both), and the format is
 * Keyv's, which earlier versions of the service wrote and read.
 */
export class RedisCacheStore extends SharedCacheStore {
  constructor(private readonly client: RedisClient) {
    super();
  }

  async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const raw = await this.client.get(key);
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as { value: T; expires?: number | null };
    const expiresAt = stored.expires ?? Number.POSITIVE_INFINITY;
    return expiresAt > Date.now() ? { value: stored.value, expiresAt } : undefined;
  }

  async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
    const ttlMs = Math.ceil(entry.expiresAt - Date.now());
    if (ttlMs <= 0) return;
    await this.client.set(key, JSON.stringify({ value: entry.value, expires: entry.expiresAt }), 'PX', ttlMs);
  }

  async del(key: string): Promise<void> {
    await this.client.del(key);
  }
}
