import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { withDeadline } from '../async/with-deadline';
import {
  ActivityEvent,
  HeartbeatCursor,
  HeartbeatEntry,
  HeartbeatPage,
  LiveKeys,
  LiveSnapshot,
  LiveSnapshotQuery,
  LiveStore,
  REJECTION_TTL_SECONDS,
  Unsubscribe,
  unixMinute,
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

/** Members per ZADD command. */
const ZADD_CHUNK = 5_000;

/** Throws the first error of a pipeline: ioredis reports per-command errors in the results. */
function unwrap(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('Redis pipeline was discarded');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** The first `length` items of a WITHSCORES reply (member, score, member, score, …) as heartbeats. */
function toEntries(reply: string[], length: number): HeartbeatEntry[] {
  const entries: HeartbeatEntry[] = new Array<HeartbeatEntry>(length / 2);
  for (let i = 0; i < length; i += 2)
    entries[i / 2] = { sensorId: Number(reply[i]), atMs: Number(reply[i + 1]) };
  return entries;
}

function sumCounts(values: unknown): number {
  return (values as string[]).reduce((total, value) => total + Number(value), 0);
}

export class RedisLiveStore extends LiveStore {
  readonly backend = 'redis' as const;

  /**
   * @param client the app's ioredis client, created with the key prefix (ioredis prefixes keys itself)
   * @param channelPrefix the same prefix, for pub/sub channels, which ioredis does not prefix
   */
  constructor(
    private readonly client: Redis,
    private readonly channelPrefix: string,
  ) {
    super();
  }

  async recordActivity(events: readonly ActivityEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byKey = new Map<string, (string | number)[]>();
    const add = (key: string, event: ActivityEvent) => {
      const args = byKey.get(key) ?? [];
      args.push(event.atMs, event.userId);
      byKey.set(key, args);
    };
    for (const event of events) {
      add(LiveKeys.activeUsers, event);
      add(LiveKeys.activeUsersOn(event.platform), event);
    }
    const pipeline = this.client.pipeline();
    for (const [key, args] of byKey) pipeline.zadd(key, 'GT', ...args);
    unwrap(await pipeline.exec());
  }

  async countRejection(status: number, atMs: number): Promise<void> {
    const key = LiveKeys.rejections(unixMinute(atMs));
    unwrap(
      await this.client.pipeline().hincrby(key, String(status), 1).expire(key, REJECTION_TTL_SECONDS).exec(),
    );
  }

  async recordHeartbeats(entries: readonly HeartbeatEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const args: (string | number)[] = new Array<string | number>(entries.length * 2);
    for (let i = 0; i < entries.length; i++) {
      args[2 * i] = entries[i].atMs;
      args[2 * i + 1] = entries[i].sensorId;
    }
    if (entries.length <= ZADD_CHUNK) {
      await this.client.zadd(LiveKeys.sensorsLastSeen, 'GT', ...args);
      return;
    }
    // A large batch (a rebuild) in bounded commands, still one round trip: spreading millions of arguments
    // into one call would overflow the stack.
    const pipeline = this.client.pipeline();
    for (let start = 0; start < args.length; start += 2 * ZADD_CHUNK) {
      pipeline.zadd(LiveKeys.sensorsLastSeen, 'GT', ...args.slice(start, start + 2 * ZADD_CHUNK));
    }
    unwrap(await pipeline.exec());
  }

  async recordHeartbeatsAt(sensorIds: readonly number[], atMs: number): Promise<void> {
    if (sensorIds.length === 0) return;
    if (!Number.isFinite(atMs)) throw new Error(`not a valid score: ${atMs}`);
    await this.client.eval(ZADD_GT_JOINED, 1, LiveKeys.sensorsLastSeen, atMs, sensorIds.join(','));
  }

  async snapshot(query: LiveSnapshotQuery): Promise<LiveSnapshot> {
    const pipeline = this.client.pipeline();
    pipeline.zcount(LiveKeys.activeUsers, query.activeSinceMs, '+inf');
    for (const platform of query.platforms) {
      pipeline.zcount(LiveKeys.activeUsersOn(platform), query.activeSinceMs, '+inf');
    }
    for (const minute of query.rejectionMinutes) pipeline.hvals(LiveKeys.rejections(minute));
    pipeline.zcount(LiveKeys.sensorsLastSeen, query.onlineSinceMs, '+inf');
    const values = unwrap(await pipeline.exec());

    let index = 0;
    const activeUsers = Number(values[index++]);
    const activeUsersByPlatform: Record<string, number> = {};
    for (const platform of query.platforms) activeUsersByPlatform[platform] = Number(values[index++]);
    const rejectionsPerMinute = query.rejectionMinutes.map(() => sumCounts(values[index++]));
    const sensorsOnline = Number(values[index]);
    return { activeUsers, activeUsersByPlatform, rejectionsPerMinute, sensorsOnline };
  }

  async heartbeatPage(cursor: HeartbeatCursor, limit: number): Promise<HeartbeatPage> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`page limit must be a positive integer: ${limit}`);
    const key = LiveKeys.sensorsLastSeen;
    const from = cursor.inclusive ? String(cursor.ms) : `(${cursor.ms}`;
    const page = await this.client.zrangebyscore(key, from, '+inf', 'WITHSCORES', 'LIMIT', 0, limit);
    if (page.length < 2 * limit) return { entries: toEntries(page, page.length), next: null };
    // The page may end inside a run of heartbeats sharing its last time: replace that run by all of them,
    // read again in full (not by offset, which a sensor moving on meanwhile would shift), so that the next
    // page can start strictly after that time.
    const last = page[page.length - 1];
    let keep = page.length;
    while (keep > 0 && page[keep - 1] === last) keep -= 2;
    const ties = await this.client.zrangebyscore(key, last, last, 'WITHSCORES');
    const entries = toEntries(page, keep);
    for (const entry of toEntries(ties, ties.length)) entries.push(entry);
    return { entries, next: { ms: Number(last), inclusive: false } };
  }

  heartbeatCount(): Promise<number> {
    return this.client.zcard(LiveKeys.sensorsLastSeen);
  }

  async trimActivity(platforms: readonly string[], beforeMs: number): Promise<number> {
    const pipeline = this.client.pipeline();
    // Exclusive upper bound: a member exactly at the window edge is still active.
    pipeline.zremrangebyscore(LiveKeys.activeUsers, '-inf', `(${beforeMs}`);
    for (const platform of platforms) {
      pipeline.zremrangebyscore(LiveKeys.activeUsersOn(platform), '-inf', `(${beforeMs}`);
    }
    return unwrap(await pipeline.exec()).reduce<number>((total, removed) => total + Number(removed), 0);
  }

  async tryLock(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const result = await this.client.set(LiveKeys.lock(name), token, 'PX', ttlMs, 'NX');
    return result === 'OK' ? token : null;
  }

  async releaseLock(name: string, token: string): Promise<void> {
    await this.client.eval(RELEASE_LOCK, 1, LiveKeys.lock(name), token);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(this.channelPrefix + LiveKeys.channel(channel), message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    const name = this.channelPrefix + LiveKeys.channel(channel);
    // A subscribed connection can do nothing else: each subscription gets its own, closed on unsubscribe.
    const subscriber = this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
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
