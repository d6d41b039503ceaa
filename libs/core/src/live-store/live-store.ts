/** One user action on one platform, at a time in epoch milliseconds. */
export interface ActivityEvent {
  userId: string;
  platform: string;
  atMs: number;
}

export interface HeartbeatEntry {
  sensorId: number;
  atMs: number;
}

/** Where a page of heartbeats starts: at or strictly after a time (epoch ms). */
export interface HeartbeatCursor {
  ms: number;
  inclusive: boolean;
}

/** One page of heartbeats in time order, and where the next one starts (null: this page ended the set). */
export interface HeartbeatPage {
  entries: HeartbeatEntry[];
  next: HeartbeatCursor | null;
}

export interface LiveSnapshotQuery {
  platforms: readonly string[];
  /** Users whose last activity is at or after this instant are active. */
  activeSinceMs: number;
  /** Sensors whose last heartbeat is at or after this instant are online. */
  onlineSinceMs: number;
  /** Unix minutes (epoch ms / 60000, floored) whose rejection counters are read. */
  rejectionMinutes: readonly number[];
}

export interface LiveSnapshot {
  activeUsers: number;
  activeUsersByPlatform: Record<string, number>;
  /** Total 4xx answers for each requested minute, in the order asked. */
  rejectionsPerMinute: number[];
  sensorsOnline: number;
}

export type Unsubscribe = () => Promise<void>;

/** Key names, relative to the configured prefix. They match the original design's names. */
export const LiveKeys = {
  activeUsers: 'active_users',
  activeUsersOn: (platform: string) => `active_users:${platform}`,
  rejections: (unixMinute: number) => `api_rejected:${unixMinute}`,
  sensorsLastSeen: 'sensors:last_seen',
  lock: (name: string) => `lock:${name}`,
  channel: (name: string) => `channel:${name}`,
} as const;

/** Rejection counters outlive the five-minute window of the summary by a margin (the sampler reads minute − 1). */
export const REJECTION_TTL_SECONDS = 600;

export function unixMinute(epochMs: number): number {
  return Math.floor(epochMs / 60_000);
}

/**
 * The live state port: what the features need from a fast, shared, expiring store. Redis backs it in
 * production; an in-process implementation with the same behaviour backs a single embedded instance.
 */
export abstract class LiveStore {
  abstract readonly backend: 'redis' | 'memory';

  /** Records each event in the global and per-platform sets; a later time never moves back. One round trip. */
  abstract recordActivity(events: readonly ActivityEvent[]): Promise<void>;

  /** Counts one 4xx answer with this status in the minute holding `atMs`. */
  abstract countRejection(status: number, atMs: number): Promise<void>;

  /** Records heartbeats; a later time never moves back. One round trip. */
  abstract recordHeartbeats(entries: readonly HeartbeatEntry[]): Promise<void>;

  /**
   * Records heartbeats of these sensors, all at one time (one request's); a later time never moves back.
   * One round trip, and next to no garbage per id: the ingest path.
   */
  abstract recordHeartbeatsAt(sensorIds: readonly number[], atMs: number): Promise<void>;

  /** Everything the summary needs from live state, in one round trip. */
  abstract snapshot(query: LiveSnapshotQuery): Promise<LiveSnapshot>;

  /**
   * Heartbeats in time order from `cursor`: `limit` of them, or fewer when the set ends, plus every further
   * one sharing the last one's time, so that the next page starts strictly after that time and no heartbeat
   * is skipped or read twice. A score cursor, never an offset: a page costs O(log n + its size) however
   * deep it starts, and a sensor whose time moves forward meanwhile is met again at its new time.
   */
  abstract heartbeatPage(cursor: HeartbeatCursor, limit: number): Promise<HeartbeatPage>;

  /** Heartbeats whose time is at or after `sinceMs`, all in one array: for small sets (tests, tools). */
  async heartbeatsSince(sinceMs: number): Promise<HeartbeatEntry[]> {
    const entries: HeartbeatEntry[] = [];
    let cursor: HeartbeatCursor | null = { ms: sinceMs, inclusive: true };
    while (cursor !== null) {
      const page: HeartbeatPage = await this.heartbeatPage(cursor, 10_000);
      for (const entry of page.entries) entries.push(entry);
      cursor = page.next;
    }
    return entries;
  }

  abstract heartbeatCount(): Promise<number>;

  /** Removes activity older than `beforeMs` from every activity set; returns how many members went. */
  abstract trimActivity(platforms: readonly string[], beforeMs: number): Promise<number>;

  /** Takes a named lock for `ttlMs` if free; returns a token to release it with, or null. */
  abstract tryLock(name: string, ttlMs: number): Promise<string | null>;

  /** Releases the lock only if the token still holds it. */
  abstract releaseLock(name: string, token: string): Promise<void>;

  abstract publish(channel: string, message: string): Promise<void>;

  abstract subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe>;

  /** Resolves when the store answers; rejects otherwise. */
  abstract ping(): Promise<void>;
}
