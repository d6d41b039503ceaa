import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import {
  CoreLiveKeys,
  LiveBatch,
  LiveRead,
  LiveSlot,
  LiveStore,
  ScoredMember,
  ScoreRange,
  Unsubscribe,
} from './live-store';
import { LiveKeyType, WrongTypedKeyError } from './key-types';

type Entry =
  | { kind: 'zset'; members: Map<string, number>; expiresAt: number }
  | { kind: 'hash'; fields: Map<string, number>; expiresAt: number }
  | { kind: 'string'; value: string; expiresAt: number };

/** A read of a key holding another type reads as a missing key's, as on Redis (see RedisLiveStore). */
const NOT_MINE = Symbol('notMine');

function checkScore(score: number): void {
  if (!Number.isFinite(score)) throw new Error(`not a valid score: ${score}`); // as Redis refuses it
}

function within(score: number, range: ScoreRange): boolean {
  return (
    (range.minExclusive ? score > range.min : score >= range.min) &&
    (range.maxExclusive ? score < range.max : score <= range.max)
  );
}

/** Redis' order of a sorted set: by score, ties by member, bytewise. */
function byScoreThenMember(a: ScoredMember, b: ScoredMember): number {
  if (a.score !== b.score) return a.score - b.score;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/** The commands of one batch, applied in order when it runs, all at once (nothing runs in between). */
class MemoryLiveBatch extends LiveBatch {
  private readonly steps: (() => void)[] = [];
  /** The keys this batch writes and the type each write needs, checked before any step runs. */
  private readonly writes: { key: string; type: LiveKeyType }[] = [];

  constructor(private readonly store: MemoryLiveStore) {
    super();
  }

  /** A read; a key of another type reads as `missing`, unless the read also writes (`missing` = NOT_MINE). */
  private read<T>(compute: () => T, missing: T | typeof NOT_MINE): LiveRead<T> {
    const slot = new LiveSlot<T>();
    this.steps.push(() => {
      try {
        slot.fill(compute());
      } catch (error) {
        if (!(error instanceof WrongTypedKeyError) || missing === NOT_MINE) throw error;
        slot.fill(missing);
      }
    });
    return slot;
  }

  private writing(key: string, type: LiveKeyType): void {
    this.writes.push({ key, type });
  }

  raiseScores(key: string, entries: readonly ScoredMember[]): void {
    this.writing(key, 'zset');
    this.steps.push(() => {
      if (entries.length === 0) return;
      for (const entry of entries) checkScore(entry.score);
      const members = this.store.zset(key, true)!;
      for (const { member, score } of entries) {
        const current = members.get(member);
        if (current === undefined || score > current) members.set(member, score);
      }
    });
  }

  countScores(key: string, range: ScoreRange): LiveRead<number> {
    return this.read(() => {
      let count = 0;
      for (const score of this.store.zset(key, false)?.values() ?? []) if (within(score, range)) count++;
      return count;
    }, 0);
  }

  rangeByScore(key: string, range: ScoreRange, limit?: number): LiveRead<ScoredMember[]> {
    return this.read(() => {
      const found: ScoredMember[] = [];
      for (const [member, score] of this.store.zset(key, false) ?? []) {
        if (within(score, range)) found.push({ member, score });
      }
      found.sort(byScoreThenMember);
      return limit === undefined || found.length <= limit ? found : found.slice(0, limit);
    }, []);
  }

  removeByScore(key: string, range: ScoreRange): LiveRead<number> {
    this.writing(key, 'zset');
    return this.read(() => {
      const members = this.store.zset(key, false);
      if (!members) return 0;
      let removed = 0;
      for (const [member, score] of members) {
        if (within(score, range)) {
          members.delete(member);
          removed++;
        }
      }
      if (members.size === 0) this.store.delete(key);
      return removed;
    }, NOT_MINE);
  }

  sortedSetSize(key: string): LiveRead<number> {
    return this.read(() => this.store.zset(key, false)?.size ?? 0, 0);
  }

  incrementHashField(key: string, field: string, by: number, ttlSeconds: number): void {
    this.writing(key, 'hash');
    this.steps.push(() => {
      const entry = this.store.hash(key, true)!;
      entry.fields.set(field, (entry.fields.get(field) ?? 0) + by);
      entry.expiresAt = this.store.now() + ttlSeconds * 1000;
    });
  }

  hashValues(key: string): LiveRead<number[]> {
    return this.read(() => [...(this.store.hash(key, false)?.fields.values() ?? [])], []);
  }

  incrementCounter(key: string, by: number, ttlSeconds: number): LiveRead<number> {
    this.writing(key, 'string');
    return this.read(() => {
      const current = this.store.string(key);
      const value = (current === null ? 0 : Number(current)) + by;
      this.store.put(key, {
        kind: 'string',
        value: String(value),
        expiresAt: this.store.now() + ttlSeconds * 1000,
      });
      return value;
    }, NOT_MINE);
  }

  counter(key: string): LiveRead<number> {
    return this.read(() => {
      const value = this.store.string(key);
      return value === null ? 0 : Number(value);
    }, 0);
  }

  setValue(key: string, value: string, ttlSeconds?: number): void {
    this.steps.push(() => {
      const expiresAt = ttlSeconds === undefined ? Infinity : this.store.now() + ttlSeconds * 1000;
      this.store.put(key, { kind: 'string', value, expiresAt });
    });
  }

  getValue(key: string): LiveRead<string | null> {
    return this.read(() => this.store.string(key), null);
  }

  run(): Promise<void> {
    try {
      // A write to a key of another type refuses the whole batch before any of it is applied.
      for (const { key, type } of this.writes) this.store.expectType(key, type);
      for (const step of this.steps) step();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      if (this.writes.length > 0) this.store.writes.increment();
    }
  }
}

/**
 * The live store for one embedded instance: the same semantics as the Redis adapter (sorted sets, expiring
 * hashes, counters and values, expiring locks, pub/sub, one type per key), held in this process's memory.
 */
export class MemoryLiveStore extends LiveStore {
  readonly backend = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly bus = new EventEmitter();
  private nextSweepAt = 0;

  constructor(readonly now: () => number = Date.now) {
    super();
    this.bus.setMaxListeners(0);
  }

  batch(): LiveBatch {
    return new MemoryLiveBatch(this);
  }

  /** The live entry of a key (an expired one is gone); expired keys are swept at most once a second. */
  private entry(key: string): Entry | undefined {
    const now = this.now();
    if (now >= this.nextSweepAt) {
      this.nextSweepAt = now + 1_000;
      for (const [name, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(name);
    }
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** @internal the sorted set at `key`, created when asked to */
  zset(key: string, create: boolean): Map<string, number> | undefined {
    const entry = this.entry(key);
    if (entry === undefined) {
      if (!create) return undefined;
      const members = new Map<string, number>();
      this.entries.set(key, { kind: 'zset', members, expiresAt: Infinity });
      return members;
    }
    if (entry.kind !== 'zset') throw new WrongTypedKeyError(key, 'zset', entry.kind, false);
    return entry.members;
  }

  /** @internal the hash at `key`, created when asked to */
  hash(key: string, create: boolean): Extract<Entry, { kind: 'hash' }> | undefined {
    const entry = this.entry(key);
    if (entry === undefined) {
      if (!create) return undefined;
      const created: Entry = { kind: 'hash', fields: new Map(), expiresAt: Infinity };
      this.entries.set(key, created);
      return created;
    }
    if (entry.kind !== 'hash') throw new WrongTypedKeyError(key, 'hash', entry.kind, false);
    return entry;
  }

  /** @internal the string at `key`, or null */
  string(key: string): string | null {
    const entry = this.entry(key);
    if (entry === undefined) return null;
    if (entry.kind !== 'string') throw new WrongTypedKeyError(key, 'string', entry.kind, false);
    return entry.value;
  }

  /** @internal throws when `key` holds another type than `type` */
  expectType(key: string, type: LiveKeyType): void {
    const entry = this.entry(key);
    if (entry !== undefined && entry.kind !== type)
      throw new WrongTypedKeyError(key, type, entry.kind, false);
  }

  /** @internal */
  put(key: string, entry: Entry): void {
    this.entries.set(key, entry);
  }

  /** @internal */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Everything goes, as after a restart of Redis (tests of data loss). */
  flushAll(): void {
    this.entries.clear();
  }

  raiseAllTo(key: string, members: readonly (string | number)[], score: number): Promise<void> {
    if (members.length === 0) return Promise.resolve();
    try {
      checkScore(score);
      const set = this.zset(key, true)!;
      for (const member of members) {
        const name = String(member);
        const current = set.get(name);
        if (current === undefined || score > current) set.set(name, score);
      }
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.writes.increment();
    }
  }

  tryLock(name: string, ttlMs: number): Promise<string | null> {
    const key = CoreLiveKeys.lock(name);
    if (this.entry(key) !== undefined) return Promise.resolve(null);
    const token = randomUUID();
    this.entries.set(key, { kind: 'string', value: token, expiresAt: this.now() + ttlMs });
    return Promise.resolve(token);
  }

  releaseLock(name: string, token: string): Promise<void> {
    const key = CoreLiveKeys.lock(name);
    const held = this.entry(key);
    if (held?.kind === 'string' && held.value === token) this.entries.delete(key);
    return Promise.resolve();
  }

  publish(channel: string, message: string): Promise<void> {
    // Delivered asynchronously, as a broker would.
    setImmediate(() => this.bus.emit(channel, message));
    return Promise.resolve();
  }

  subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    this.bus.on(channel, onMessage);
    return Promise.resolve(() => {
      this.bus.off(channel, onMessage);
      return Promise.resolve();
    });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }
}
