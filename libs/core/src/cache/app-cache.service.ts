import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { withDeadline } from '../async/with-deadline';
import type { LiveStore, Unsubscribe } from '../live-store/live-store';
import { CacheEntry, SharedCacheStore } from './shared-cache-store';

const CACHE_CALL_TIMEOUT_MS = 250;
/** Entries this process keeps (LRU): history answers are keyed by range, so keys are many. */
const LOCAL_ENTRIES = 5_000;
/** Pub/sub channel on which a delete tells every instance to drop its local copy. */
export const CACHE_INVALIDATION_CHANNEL = 'cache-invalidation';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => {
    throw new Error(`cache call took over ${ms} ms`);
  });
}

/**
 * The cache: this process's memory in front of the shared store (Redis), or memory alone when the
 * service runs embedded. A hit in memory costs no round trip; the shared store lets instances reuse each
 * other's loads. A delete clears the shared entry and is announced on pub/sub, so every instance drops its
 * copy at once. Every call is bounded and never throws: a slow or absent cache only means the value is
 * computed from the source.
 */
export class AppCacheService implements OnApplicationShutdown {
  private readonly logger = new Logger('Cache');
  private readonly local = new LRUCache<string, CacheEntry>({ max: LOCAL_ENTRIES });
  /** In-flight loads per key, so a cold key under load is computed once per instance, not once per request. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumped by every delete: a load that started before a delete must not write its older value back. */
  private readonly generations = new Map<string, number>();
  private unsubscribe: Unsubscribe | null = null;

  constructor(
    private readonly shared: SharedCacheStore | null,
    private readonly bus: Pick<LiveStore, 'publish' | 'subscribe'> | null = null,
  ) {}

  /** Drops local copies that another instance deleted. */
  async listenForInvalidations(): Promise<void> {
    if (!this.shared || !this.bus) return;
    this.unsubscribe = await this.bus.subscribe(CACHE_INVALIDATION_CHANNEL, (key) => this.forget(key));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.();
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.entry<T>(key))?.value;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    const entry: CacheEntry<T> = { value, expiresAt: Date.now() + ttlMs };
    this.local.set(key, entry);
    if (!this.shared) return;
    try {
      await withTimeout(this.shared.set(key, entry), CACHE_CALL_TIMEOUT_MS);
    } catch (error) {
      this.logger.debug(`cache set ${key} failed: ${(error as Error).message}`);
    }
  }

  async del(key: string): Promise<void> {
    this.forget(key);
    if (!this.shared) return;
    try {
      await withTimeout(this.shared.del(key), CACHE_CALL_TIMEOUT_MS);
      await this.bus?.publish(CACHE_INVALIDATION_CHANNEL, key);
    } catch (error) {
      this.logger.warn(`cache delete ${key} failed: ${(error as Error).message}`);
    }
  }

  /**
   * Stores a value just written at its source, in place of the cached one, and has every instance drop its
   * copy (they read this one from the shared store next). A load that started before is not written back.
   */
  async replace<T>(key: string, value: T, ttlMs: number): Promise<void> {
    this.forget(key);
    await this.set(key, value, ttlMs);
    try {
      await this.bus?.publish(CACHE_INVALIDATION_CHANNEL, key);
    } catch (error) {
      this.logger.warn(`cache invalidation of ${key} not announced: ${(error as Error).message}`);
    }
  }

  /**
   * Returns the cached value, or loads it (once per instance at a time), caches it for ttlMs and returns
   * it. Refresh-ahead: a value served in the last `refreshAheadRatio` of its life is renewed in the
   * background (from the shared store if another instance renewed it already, else from the source), so
   * while requests keep coming nobody waits for a cold load after the first one.
   */
  async getOrLoad<T>(
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
    refreshAheadRatio = 0.5,
  ): Promise<T> {
    const cached = await this.entry<T>(key);
    if (cached === undefined) return this.loadOnce(key, ttlMs, load);
    if (cached.expiresAt - Date.now() < ttlMs * refreshAheadRatio && !this.inFlight.has(key)) {
      this.refresh(key, ttlMs, load, refreshAheadRatio).catch((error: Error) => {
        this.logger.warn(`background refresh of ${key} failed: ${error.message}`);
      });
    }
    return cached.value;
  }

  private async refresh<T>(
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
    refreshAheadRatio: number,
  ): Promise<void> {
    const renewed = await this.sharedEntry<T>(key);
    if (renewed && renewed.expiresAt - Date.now() >= ttlMs * refreshAheadRatio) return;
    await this.loadOnce(key, ttlMs, load);
  }

  private forget(key: string): void {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.inFlight.delete(key);
    this.local.delete(key);
  }

  /** The live entry: from memory, else from the shared store (then kept in memory until it expires). */
  private async entry<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const local = this.local.get(key) as CacheEntry<T> | undefined;
    if (local !== undefined) {
      if (local.expiresAt > Date.now()) return local;
      this.local.delete(key);
    }
    return this.sharedEntry<T>(key);
  }

  private async sharedEntry<T>(key: string): Promise<CacheEntry<T> | undefined> {
    if (!this.shared) return undefined;
    const generation = this.generations.get(key) ?? 0;
    try {
      const entry = await withTimeout(this.shared.get<T>(key), CACHE_CALL_TIMEOUT_MS);
      // Kept only if no delete came in meanwhile.
      if (entry && (this.generations.get(key) ?? 0) === generation) this.local.set(key, entry);
      return entry;
    } catch (error) {
      this.logger.debug(`cache get ${key} failed: ${(error as Error).message}`);
      return undefined;
    }
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
}
