import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { withDeadline } from '../async/with-deadline';

const CACHE_CALL_TIMEOUT_MS = 250;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => {
    throw new Error(`cache call took over ${ms} ms`);
  });
}

/**
 * The shared cache (Redis through Keyv, or in-process when embedded). Every call is bounded and never
 * throws: a slow or absent cache only means the value is computed from the source.
 */
@Injectable()
export class AppCacheService {
  private readonly logger = new Logger('Cache');
  /** In-flight loads per key, so a cold key under load is computed once per instance, not once per request. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumped by del(): a load that started before a delete must not write its older value back. */
  private readonly generations = new Map<string, number>();

  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}

  async get<T>(key: string): Promise<T | undefined> {
    try {
      const value = await withTimeout(this.cache.get<T>(key), CACHE_CALL_TIMEOUT_MS);
      return value ?? undefined;
    } catch (error) {
      this.logger.debug(`cache get ${key} failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    try {
      await withTimeout(this.cache.set(key, value, ttlMs), CACHE_CALL_TIMEOUT_MS);
    } catch (error) {
      this.logger.debug(`cache set ${key} failed: ${(error as Error).message}`);
    }
  }

  async del(key: string): Promise<void> {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.inFlight.delete(key);
    try {
      await withTimeout(this.cache.del(key), CACHE_CALL_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`cache delete ${key} failed: ${(error as Error).message}`);
    }
  }

  /**
   * Returns the cached value, or loads it (once per instance at a time), caches it for ttlMs and returns
   * it. Refresh-ahead: a value served in the last `refreshAheadRatio` of its life is reloaded in the
   * background, so while requests keep coming nobody waits for a cold load after the first one.
   */
  async getOrLoad<T>(
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
    refreshAheadRatio = 0.5,
  ): Promise<T> {
    const [cached, expiresAt] = await Promise.all([this.get<T>(key), this.expiry(key)]);
    if (cached !== undefined) {
      if (
        expiresAt !== undefined &&
        expiresAt - Date.now() < ttlMs * refreshAheadRatio &&
        !this.inFlight.has(key)
      ) {
        this.loadOnce(key, ttlMs, load).catch((error: Error) => {
          this.logger.warn(`background refresh of ${key} failed: ${error.message}`);
        });
      }
      return cached;
    }
    return this.loadOnce(key, ttlMs, load);
  }

  private loadOnce<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const generation = this.generations.get(key) ?? 0;
    const loading = load()
      .then(async (value) => {
        if ((this.generations.get(key) ?? 0) === generation) await this.set(key, value, ttlMs);
        return value;
      })
      .finally(() => {
        if (this.inFlight.get(key) === loading) this.inFlight.delete(key);
      });
    this.inFlight.set(key, loading);
    return loading;
  }

  /** When the key expires (epoch ms), if the store knows. */
  private async expiry(key: string): Promise<number | undefined> {
    try {
      return await withTimeout(this.cache.ttl(key), CACHE_CALL_TIMEOUT_MS);
    } catch {
      return undefined;
    }
  }
}
