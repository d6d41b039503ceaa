import { Logger } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-connection';

/** The Redis types this service keeps its live state in (as the TYPE command names them). */
export type LiveKeyType = 'zset' | 'hash' | 'string';

/** A key name (or a pattern with `*`, relative to the prefix) and the type the service keeps there. */
export interface LiveKeySpec {
  pattern: string;
  type: LiveKeyType;
}

const TYPE_NAMES: Record<LiveKeyType, string> = {
  zset: 'a sorted set',
  hash: 'a hash',
  string: 'a string',
};

function typeName(type: string): string {
  return TYPE_NAMES[type as LiveKeyType] ?? `a ${type}`;
}

/**
 * A key of the service's names that holds another type than the service keeps there: data of another
 * program in the same Redis, such as the counters the replaced Go service kept under the same names.
 * Answered 503 naming the key and the fix.
 */
export class WrongTypedKeyError extends Error {
  constructor(
    /** The key as it is in Redis, prefix included. */
    readonly key: string,
    readonly expected: LiveKeyType,
    readonly found: string,
    /** Whether commands of the same batch before the refused one were applied. */
    readonly partlyWritten: boolean,
  ) {
    super(
      `Redis key "${key}" holds ${typeName(found)} where this service keeps ${typeName(expected)} ` +
        `(data of another program, such as the replaced Go service); ` +
        (partlyWritten
          ? 'part of the request may have been recorded, and retrying is safe once the key is cleared'
          : 'nothing was recorded') +
        '. Run "npm run redis:check -- --fix" to clear such keys.',
    );
  }
}

/** The message of Redis' own refusal of a command on a key of another type. */
export function isWrongTypeReply(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    /WRONGTYPE/.test(String((error as { message?: unknown }).message))
  );
}

/** How long a key found wrong-typed is refused without asking Redis again (it may have been cleared). */
const RECHECK_MS = 1_000;

/**
 * Remembers the keys found holding another type than the service keeps there, logs each once, and refuses
 * writes to them before anything is sent, so a batch is never applied in part because of one. A remembered
 * key is checked again (TYPE) at most every second when a write wants it: once cleared, writes resume.
 */
export class KeyTypeGuard {
  private readonly logger = new Logger('LiveStore');
  private readonly wrong = new Map<string, { expected: LiveKeyType; found: string; checkedAt: number }>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly client: RedisClient,
    readonly keyPrefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether any key is known to be wrong-typed (the hot path asks this, and nothing more, when none is). */
  get any(): boolean {
    return this.wrong.size > 0;
  }

  /**
   * Throws a WrongTypedKeyError for the first of these keys (relative names) that holds another type,
   * before anything of the batch is sent.
   */
  async refuse(keys: Iterable<string>): Promise<void> {
    const stale: { key: string; type: LiveKeyType }[] = [];
    for (const key of keys) {
      const known = this.wrong.get(key);
      if (known === undefined) continue;
      if (this.now() - known.checkedAt < RECHECK_MS) {
        throw new WrongTypedKeyError(this.keyPrefix + key, known.expected, known.found, false);
      }
      stale.push({ key, type: known.expected });
    }
    if (stale.length === 0) return;
    for (const { key } of stale) this.wrong.delete(key);
    const found = await this.check(stale);
    if (found) throw new WrongTypedKeyError(this.keyPrefix + found.key, found.expected, found.found, false);
  }

  /**
   * Asks Redis the type of each key (relative names) and remembers those holding another type (a missing
   * key is fine); returns the first such.
   */
  async check(
    keys: readonly { key: string; type: LiveKeyType }[],
  ): Promise<{ key: string; expected: LiveKeyType; found: string } | undefined> {
    if (keys.length === 0) return undefined;
    const types = await Promise.all(keys.map(({ key }) => this.client.type(key)));
    let first: { key: string; expected: LiveKeyType; found: string } | undefined;
    keys.forEach(({ key, type }, index) => {
      const found = types[index];
      if (found === 'none' || found === type) return;
      this.wrong.set(key, { expected: type, found, checkedAt: this.now() });
      first ??= { key, expected: type, found };
      if (!this.logged.has(key)) {
        this.logged.add(key);
        this.logger.error(
          `Redis key "${this.keyPrefix + key}" holds ${typeName(found)} where this service keeps ` +
            `${typeName(type)} (data of another program, such as the replaced Go service): writes to it ` +
            'are refused with 503 and reads see it as empty until it is cleared ("npm run redis:check -- --fix")',
        );
      }
    });
    return first;
  }
}
