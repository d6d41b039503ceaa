import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { withDeadline } from '../async/with-deadline';
import {
  ActivityEvent,
  HeartbeatEntry,
  LiveKeys,
  LiveSnapshot,
  LiveSnapshotQuery,
  LiveStore,
  REJECTION_TTL_SECONDS,
  Unsubscribe,
  unixMinute,
} from './live-store';

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

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
    const args = entries.flatMap((entry) => [entry.atMs, String(entry.sensorId)]);
    await this.client.zadd(LiveKeys.sensorsLastSeen, 'GT', ...args);
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

  async heartbeatsSince(sinceMs: number): Promise<HeartbeatEntry[]> {
    const entries: HeartbeatEntry[] = [];
    const pageSize = 10_000;
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.client.zrangebyscore(
        LiveKeys.sensorsLastSeen,
        sinceMs,
        '+inf',
        'WITHSCORES',
        'LIMIT',
        offset,
        pageSize,
      );
      for (let i = 0; i < page.length; i += 2) {
        entries.push({ sensorId: Number(page[i]), atMs: Number(page[i + 1]) });
      }
      if (page.length < pageSize * 2) return entries;
    }
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
