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
 * One page of a sorted set by score, in one round trip: up to ARGV[2] members from score ARGV[1] on
 * ("(" makes it exclusive), WITHSCORES; when the page is full, the members sharing its last score are
 * replaced by all members with that score, so the caller goes on strictly after it. Returns {page, full}.
 */
const HEARTBEAT_PAGE = `
local limit = tonumber(ARGV[2])
local page = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, limit)
if #page < 2 * limit then return {page, 0} end
local last = page[#page]
local keep = #page
while keep > 0 and page[keep] == last do keep = keep - 2 end
local ties = redis.call('ZRANGEBYSCORE', KEYS[1], last, last, 'WITHSCORES')
for i = keep + 1, #page do page[i] = nil end
for i = 1, #ties do page[keep + i] = ties[i] end
return {page, 1}`;

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
    const from = cursor.inclusive ? String(cursor.ms) : `(${cursor.ms}`;
    const [page, full] = (await this.client.eval(
      HEARTBEAT_PAGE,
      1,
      LiveKeys.sensorsLastSeen,
      from,
      limit,
    )) as [string[], number];
    const entries: HeartbeatEntry[] = new Array<HeartbeatEntry>(page.length / 2);
    for (let i = 0; i < page.length; i += 2) {
      entries[i / 2] = { sensorId: Number(page[i]), atMs: Number(page[i + 1]) };
    }
    const next =
      full === 1 && entries.length > 0 ? { ms: entries[entries.length - 1].atMs, inclusive: false } : null;
    return { entries, next };
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
