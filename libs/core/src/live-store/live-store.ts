/**
 * The live-state port: generic primitives of a fast, shared, expiring store (sorted sets, expiring hashes
 * and counters, values, locks, publish/subscribe), with no knowledge of what the features keep in them.
 * Each feature owns its keys and their meaning (Activity its active-user sets, Sensors its heartbeat set,
 * the HTTP layer its rejection counters). Redis backs it in production; an in-process implementation with
 * the same behaviour backs a single embedded instance. Both pass one contract suite.
 */

import type { LiveKeySpec } from './key-types';

export type Unsubscribe = () => Promise<void>;

/** A member of a sorted set with its score. */
export interface ScoredMember {
  member: string;
  score: number;
}

/** A score interval. Bounds are inclusive unless marked exclusive; ±Infinity leaves a side open. */
export interface ScoreRange {
  min: number;
  minExclusive?: boolean;
  max: number;
  maxExclusive?: boolean;
}

/** A value a batch reads, available once the batch has run. */
export interface LiveRead<T> {
  readonly value: T;
}

/** Holds one read's result; reading it before the batch ran is a programming error. */
export class LiveSlot<T> implements LiveRead<T> {
  private result: T | undefined;
  private filled = false;

  get value(): T {
    if (!this.filled) throw new Error('live read used before its batch ran');
    return this.result as T;
  }

  fill(result: T): void {
    this.result = result;
    this.filled = true;
  }
}

/**
 * Counts the writes this instance has made to the live store, each once it has settled (applied, or
 * failed with its outcome unknown). A read that started when the count was n has seen every write this
 * instance had confirmed by then; while the count stays n, nothing this instance confirmed since is missing
 * from it. (Writes of other instances are not counted: they reach this one only through the store.)
 */
export class WriteCount {
  private settled = 0;

  get value(): number {
    return this.settled;
  }

  /** Marks one more write (a batch with writes, a bulk raise) as settled. */
  increment(): void {
    this.settled++;
  }
}

/**
 * Commands collected and sent together: one round trip to Redis however many there are, whichever features
 * added them (the summary reads activity, sensors and rejections in one batch). Writes in one batch are
 * applied in order; a batch runs once.
 */
export abstract class LiveBatch {
  /** Sets each member's score to the given one unless it already holds a higher one (ZADD GT). */
  abstract raiseScores(key: string, entries: readonly ScoredMember[]): void;

  /** How many members have a score within the range (ZCOUNT). */
  abstract countScores(key: string, range: ScoreRange): LiveRead<number>;

  /** Members with a score within the range, by score then member, at most `limit` (ZRANGEBYSCORE). */
  abstract rangeByScore(key: string, range: ScoreRange, limit?: number): LiveRead<ScoredMember[]>;

  /** Removes the members with a score within the range; reads how many went (ZREMRANGEBYSCORE). */
  abstract removeByScore(key: string, range: ScoreRange): LiveRead<number>;

  /** How many members the sorted set holds (ZCARD). */
  abstract sortedSetSize(key: string): LiveRead<number>;

  /** Adds `by` to a field of a hash of counters, and (re)sets the hash to expire in `ttlSeconds`. */
  abstract incrementHashField(key: string, field: string, by: number, ttlSeconds: number): void;

  /** The values of a hash of counters, in no particular order (HVALS); none for a missing key. */
  abstract hashValues(key: string): LiveRead<number[]>;

  /** Adds `by` to a counter, and (re)sets it to expire in `ttlSeconds`; reads the new value. */
  abstract incrementCounter(key: string, by: number, ttlSeconds: number): LiveRead<number>;

  /** A counter's value; 0 for a missing key. */
  abstract counter(key: string): LiveRead<number>;

  /** Sets a string value, expiring in `ttlSeconds` when given. */
  abstract setValue(key: string, value: string, ttlSeconds?: number): void;

  /** A string value; null for a missing key. */
  abstract getValue(key: string): LiveRead<string | null>;

  /** Sends the collected commands in one round trip; rejects with the first command's error. */
  abstract run(): Promise<void>;
}

export abstract class LiveStore {
  abstract readonly backend: 'redis' | 'memory';

  /** The writes of this instance that have settled, counted for readers that reuse a recent read. */
  readonly writes = new WriteCount();

  /** A new batch of commands, sent together by its run(). */
  abstract batch(): LiveBatch;

  /**
   * Sets each member's score to `score` unless it already holds a higher one: one command, one round trip,
   * and next to no garbage per member (the ingest path). Members must not contain commas.
   */
  abstract raiseAllTo(key: string, members: readonly (string | number)[], score: number): Promise<void>;

  /** Takes a named lock for `ttlMs` if free; returns a token to release it with, or null. */
  abstract tryLock(name: string, ttlMs: number): Promise<string | null>;

  /** Releases the lock only if the token still holds it. */
  abstract releaseLock(name: string, token: string): Promise<void>;

  abstract publish(channel: string, message: string): Promise<void>;

  abstract subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe>;

  /** Resolves when the store answers; rejects otherwise. */
  abstract ping(): Promise<void>;

  /**
   * Checks that these keys, where they exist, hold the type the feature keeps there (data another program
   * left under the same names does not), so writes to a key found otherwise are refused before anything is
   * sent. Only Redis can hold another program's data.
   */
  checkKeyTypes(keys: readonly LiveKeySpec[]): Promise<void> {
    void keys;
    return Promise.resolve();
  }

  /** One command in a batch of its own. */
  async one<T>(read: (batch: LiveBatch) => LiveRead<T>): Promise<T> {
    const batch = this.batch();
    const result = read(batch);
    await batch.run();
    return result.value;
  }
}

/** Key names of the core's own primitives, relative to the configured prefix. */
export const CoreLiveKeys = {
  lock: (name: string) => `lock:${name}`,
  channel: (name: string) => `channel:${name}`,
} as const;

export function unixMinute(epochMs: number): number {
  return Math.floor(epochMs / 60_000);
}

/** Scores from `min` on, inclusive. */
export function scoresFrom(min: number): ScoreRange {
  return { min, max: Infinity };
}

/** Scores strictly below `max`. */
export function scoresBelow(max: number): ScoreRange {
  return { min: -Infinity, max, maxExclusive: true };
}
