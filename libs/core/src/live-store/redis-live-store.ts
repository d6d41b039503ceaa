import { Cluster } from 'ioredis';
import type { RedisClient } from '../redis/redis-connection';
import { randomUUID } from 'node:crypto';
import { withDeadline } from '../async/with-deadline';
import { isWrongTypeReply, KeyTypeGuard, LiveKeySpec, LiveKeyType, WrongTypedKeyError } from './key-types';
import {
  CoreLiveKeys,
  LiveBatch,
  LiveRead,
  LiveSlot,
  LiveStore,
  ScoredMember,
  ScoreRange,
  Unsubscribe,
  WriteCount,
} from './live-store';

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * ZADD GT of the comma-separated members in ARGV[2], all with score ARGV[1], in commands of 1,000: one
 * string argument instead of two per member, so the client encodes one value, not thousands.
 */
const ZADD_GT_JOINED = `
local args = {}
for member in string.gmatch(ARGV[2], '[^,]+') do
  args[#args + 1] = ARGV[1]
  args[#args + 1] = member
  if #args == 2000 then
    redis.call('ZADD', KEYS[1], 'GT', unpack(args))
    args = {}
  end
end
if #args > 0 then redis.call('ZADD', KEYS[1], 'GT', unpack(args)) end
return 0`;

/** Members per ZADD command: spreading millions of arguments into one call would overflow the stack. */
const ZADD_CHUNK = 5_000;

function checkScore(score: number): void {
  if (!Number.isFinite(score)) throw new Error(`not a valid score: ${score}`);
}

function bound(score: number, exclusive: boolean | undefined): string {
  if (score === Infinity) return '+inf';
  if (score === -Infinity) return '-inf';
  return exclusive ? `(${score}` : String(score);
}

/** A WITHSCORES reply (member, score, member, score, …) as scored members. */
function toMembers(reply: string[]): ScoredMember[] {
  const members = new Array<ScoredMember>(reply.length / 2);
  for (let i = 0; i < reply.length; i += 2)
    members[i / 2] = { member: reply[i], score: Number(reply[i + 1]) };
  return members;
}

/** Throws the first error of a pipeline: ioredis reports per-command errors in the results. */
function unwrap(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('Redis pipeline was discarded');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

type Command = [name: string, ...args: (string | number)[]];

/**
 * The type each command of a batch needs at its key, whether it writes, and what a read of a key holding
 * another type reads as (the key's data is not this service's: as if it were missing).
 */
const COMMANDS: Record<string, { type: LiveKeyType | null; writes: boolean; missing?: unknown }> = {
  zadd: { type: 'zset', writes: true },
  zcount: { type: 'zset', writes: false, missing: 0 },
  zrangebyscore: { type: 'zset', writes: false, missing: [] },
  zremrangebyscore: { type: 'zset', writes: true },
  zcard: { type: 'zset', writes: false, missing: 0 },
  hincrby: { type: 'hash', writes: true },
  hvals: { type: 'hash', writes: false, missing: [] },
  incrby: { type: 'string', writes: true },
  get: { type: 'string', writes: false, missing: null },
  set: { type: 'string', writes: true },
  expire: { type: null, writes: true },
};

/**
 * The commands of one batch, sent in one write and read back in one round trip: one ioredis pipeline on a
 * single Redis. In a Redis Cluster the keys of a batch may hash to slots on different nodes, where one
 * pipeline would be refused: the commands are issued together instead, and auto-pipelining sends them as
 * one write per node, all nodes at once.
 */
class RedisLiveBatch extends LiveBatch {
  private readonly commands: Command[] = [];
  /** Per command, what to do with its reply (undefined: a write whose reply is not read). */
  private readonly readers: (((reply: unknown) => void) | undefined)[] = [];

  constructor(
    private readonly client: RedisClient,
    private readonly guard: KeyTypeGuard,
    private readonly writeCount: WriteCount,
  ) {
    super();
  }

  private issue(...command: Command): void {
    this.commands.push(command);
  }

  private read<T>(parse: (reply: unknown) => T): LiveRead<T> {
    const slot = new LiveSlot<T>();
    this.readers.push((reply) => slot.fill(parse(reply)));
    return slot;
  }

  raiseScores(key: string, entries: readonly ScoredMember[]): void {
    for (let start = 0; start < entries.length; start += ZADD_CHUNK) {
      const end = Math.min(entries.length, start + ZADD_CHUNK);
      const args = new Array<string | number>(2 * (end - start));
      for (let i = start; i < end; i++) {
        checkScore(entries[i].score);
        args[2 * (i - start)] = entries[i].score;
        args[2 * (i - start) + 1] = entries[i].member;
      }
      this.issue('zadd', key, 'GT', ...args);
      this.readers.push(undefined);
    }
  }

  countScores(key: string, range: ScoreRange): LiveRead<number> {
    this.issue('zcount', key, bound(range.min, range.minExclusive), bound(range.max, range.maxExclusive));
    return this.read(Number);
  }

  rangeByScore(key: string, range: ScoreRange, limit?: number): LiveRead<ScoredMember[]> {
    const min = bound(range.min, range.minExclusive);
    const max = bound(range.max, range.maxExclusive);
    if (limit === undefined) this.issue('zrangebyscore', key, min, max, 'WITHSCORES');
    else this.issue('zrangebyscore', key, min, max, 'WITHSCORES', 'LIMIT', 0, limit);
    return this.read((reply) => toMembers(reply as string[]));
  }

  removeByScore(key: string, range: ScoreRange): LiveRead<number> {
    this.issue(
      'zremrangebyscore',
      key,
      bound(range.min, range.minExclusive),
      bound(range.max, range.maxExclusive),
    );
    return this.read(Number);
  }

  sortedSetSize(key: string): LiveRead<number> {
    this.issue('zcard', key);
    return this.read(Number);
  }

  incrementHashField(key: string, field: string, by: number, ttlSeconds: number): void {
    this.issue('hincrby', key, field, by);
    this.issue('expire', key, ttlSeconds);
    this.readers.push(undefined, undefined);
  }

  hashValues(key: string): LiveRead<number[]> {
    this.issue('hvals', key);
    return this.read((reply) => (reply as string[]).map(Number));
  }

  incrementCounter(key: string, by: number, ttlSeconds: number): LiveRead<number> {
    this.issue('incrby', key, by);
    const slot = this.read(Number);
    this.issue('expire', key, ttlSeconds);
    this.readers.push(undefined);
    return slot;
  }

  counter(key: string): LiveRead<number> {
    this.issue('get', key);
    return this.read((reply) => (reply === null ? 0 : Number(reply)));
  }

  setValue(key: string, value: string, ttlSeconds?: number): void {
    if (ttlSeconds === undefined) this.issue('set', key, value);
    else this.issue('set', key, value, 'EX', ttlSeconds);
    this.readers.push(undefined);
  }

  getValue(key: string): LiveRead<string | null> {
    this.issue('get', key);
    return this.read((reply) => reply as string | null);
  }

  async run(): Promise<void> {
    if (this.readers.length === 0) return;
    if (!this.commands.some(([name]) => COMMANDS[name]?.writes)) return this.send();
    try {
      await this.send();
    } finally {
      this.writeCount.increment();
    }
  }

  private async send(): Promise<void> {
    if (this.guard.any) {
      await this.guard.refuse(
        this.commands.filter(([name]) => COMMANDS[name]?.writes).map(([, key]) => String(key)),
      );
    }
    const results =
      this.client instanceof Cluster
        ? await Promise.all(
            this.commands.map(([name, ...args]) =>
              this.client.call(name, ...args).then(
                (reply): [Error | null, unknown] => [null, reply],
                (error: Error): [Error | null, unknown] => [error, null],
              ),
            ),
          )
        : await this.commands
            .reduce((pipeline, [name, ...args]) => pipeline.call(name, ...args), this.client.pipeline())
            .exec();
    if (results === null) throw new Error('Redis pipeline was discarded');
    if (results.some(([error]) => isWrongTypeReply(error))) await this.wrongTypes(results);
    const replies = unwrap(results);
    for (let i = 0; i < replies.length; i++) this.readers[i]?.(replies[i]);
  }

  /**
   * Some commands met a key of another type. Reads of such a key read as a missing key's; a write refused
   * fails the batch with the key named (the commands before it were applied: only a key that changed type
   * since it was last checked gets this far). Each such key is remembered and logged once by the guard.
   */
  private async wrongTypes(results: [Error | null, unknown][]): Promise<void> {
    const refused = new Map<string, LiveKeyType>();
    let write: number | undefined;
    results.forEach(([error], index) => {
      if (!isWrongTypeReply(error)) return;
      const [name, key] = this.commands[index];
      const command = COMMANDS[name];
      if (command?.type) refused.set(String(key), command.type);
      if (command === undefined || command.writes) write ??= index;
      else results[index] = [null, command.missing];
    });
    const found = await this.guard.check([...refused].map(([key, type]) => ({ key, type })));
    if (write === undefined) return;
    const [name, key] = this.commands[write];
    const expected = COMMANDS[name]?.type ?? found?.expected ?? 'string';
    // A pipeline is not a transaction: the batch's other writes were applied, before and after this one.
    const partly = results.some(
      ([error], index) => index !== write && error === null && COMMANDS[this.commands[index][0]]?.writes,
    );
    throw new WrongTypedKeyError(
      this.guard.keyPrefix + String(key),
      expected,
      found?.found ?? 'unknown',
      partly,
    );
  }
}

export class RedisLiveStore extends LiveStore {
  readonly backend = 'redis' as const;

  /**
   * @param client the app's ioredis client, created with the key prefix (ioredis prefixes keys itself)
   * @param channelPrefix the same prefix, for pub/sub channels, which ioredis does not prefix
   */
  private readonly guard: KeyTypeGuard;

  constructor(
    private readonly client: RedisClient,
    private readonly channelPrefix: string,
  ) {
    super();
    this.guard = new KeyTypeGuard(client, channelPrefix);
  }

  batch(): LiveBatch {
    return new RedisLiveBatch(this.client, this.guard, this.writes);
  }

  async raiseAllTo(key: string, members: readonly (string | number)[], score: number): Promise<void> {
    if (members.length === 0) return;
    checkScore(score);
    if (this.guard.any) await this.guard.refuse([key]);
    try {
      await this.client.eval(ZADD_GT_JOINED, 1, key, score, members.join(','));
    } catch (error) {
      if (!isWrongTypeReply(error)) throw error;
      // The script's first ZADD was refused: it wrote nothing.
      const found = await this.guard.check([{ key, type: 'zset' }]);
      throw new WrongTypedKeyError(this.channelPrefix + key, 'zset', found?.found ?? 'unknown', false);
    } finally {
      this.writes.increment();
    }
  }

  override async checkKeyTypes(keys: readonly LiveKeySpec[]): Promise<void> {
    await this.guard.check(keys.map(({ pattern, type }) => ({ key: pattern, type })));
  }

  async tryLock(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const result = await this.client.set(CoreLiveKeys.lock(name), token, 'PX', ttlMs, 'NX');
    return result === 'OK' ? token : null;
  }

  async releaseLock(name: string, token: string): Promise<void> {
    await this.client.eval(RELEASE_LOCK, 1, CoreLiveKeys.lock(name), token);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(this.channelPrefix + CoreLiveKeys.channel(channel), message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    const name = this.channelPrefix + CoreLiveKeys.channel(channel);
    // A subscribed connection can do nothing else: each subscription gets its own, closed on unsubscribe.
    // A cluster client subscribes on one node (the cluster bus carries every message to all of them) and
    // moves its subscription to another node when that one fails.
    const subscriber =
      this.client instanceof Cluster
        ? this.client.duplicate([], { enableOfflineQueue: true })
        : this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (received: string, message: string) => {
      if (received === name) onMessage(message);
    });
    // Waited for at most a second: with Redis away the reply would never come and the caller could not
    // let go. ioredis subscribes once connected, and again after every reconnect.
    await withDeadline(
      subscriber.subscribe(name).catch(() => undefined),
      1_000,
      () => undefined,
    );
    return () => {
      subscriber.disconnect();
      return Promise.resolve();
    };
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }
}
