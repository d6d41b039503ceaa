import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
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

/**
 * The live store for one embedded instance: the same semantics as the Redis adapter (sets that keep the
 * latest time, expiring rejection counters, expiring locks, pub/sub), held in this process's memory.
 */
export class MemoryLiveStore extends LiveStore {
  readonly backend = 'memory' as const;
  private readonly sortedSets = new Map<string, Map<string, number>>();
  private readonly rejections = new Map<number, { expiresAt: number; byStatus: Map<number, number> }>();
  private readonly locks = new Map<string, { token: string; expiresAt: number }>();
  private readonly bus = new EventEmitter();

  constructor(private readonly now: () => number = Date.now) {
    super();
    this.bus.setMaxListeners(0);
  }

  private set(key: string): Map<string, number> {
    let members = this.sortedSets.get(key);
    if (!members) {
      members = new Map();
      this.sortedSets.set(key, members);
    }
    return members;
  }

  private addGreater(key: string, member: string, score: number): void {
    if (!Number.isFinite(score)) throw new Error(`not a valid score: ${score}`); // as Redis refuses it
    const members = this.set(key);
    const current = members.get(member);
    if (current === undefined || score > current) members.set(member, score);
  }

  private countFrom(key: string, minScore: number): number {
    let count = 0;
    for (const score of this.sortedSets.get(key)?.values() ?? []) if (score >= minScore) count++;
    return count;
  }

  recordActivity(events: readonly ActivityEvent[]): Promise<void> {
    for (const event of events) {
      this.addGreater(LiveKeys.activeUsers, event.userId, event.atMs);
      this.addGreater(LiveKeys.activeUsersOn(event.platform), event.userId, event.atMs);
    }
    return Promise.resolve();
  }

  countRejection(status: number, atMs: number): Promise<void> {
    this.dropExpiredRejections();
    const minute = unixMinute(atMs);
    const entry = this.rejections.get(minute) ?? { expiresAt: 0, byStatus: new Map<number, number>() };
    entry.byStatus.set(status, (entry.byStatus.get(status) ?? 0) + 1);
    entry.expiresAt = this.now() + REJECTION_TTL_SECONDS * 1000;
    this.rejections.set(minute, entry);
    return Promise.resolve();
  }

  private dropExpiredRejections(): void {
    const now = this.now();
    for (const [minute, entry] of this.rejections) if (entry.expiresAt <= now) this.rejections.delete(minute);
  }

  recordHeartbeats(entries: readonly HeartbeatEntry[]): Promise<void> {
    for (const entry of entries)
      this.addGreater(LiveKeys.sensorsLastSeen, String(entry.sensorId), entry.atMs);
    return Promise.resolve();
  }

  recordHeartbeatsAt(sensorIds: readonly number[], atMs: number): Promise<void> {
    for (const sensorId of sensorIds) this.addGreater(LiveKeys.sensorsLastSeen, String(sensorId), atMs);
    return Promise.resolve();
  }

  snapshot(query: LiveSnapshotQuery): Promise<LiveSnapshot> {
    this.dropExpiredRejections();
    const activeUsersByPlatform: Record<string, number> = {};
    for (const platform of query.platforms) {
      activeUsersByPlatform[platform] = this.countFrom(LiveKeys.activeUsersOn(platform), query.activeSinceMs);
    }
    const rejectionsPerMinute = query.rejectionMinutes.map((minute) => {
      let total = 0;
      for (const count of this.rejections.get(minute)?.byStatus.values() ?? []) total += count;
      return total;
    });
    return Promise.resolve({
      activeUsers: this.countFrom(LiveKeys.activeUsers, query.activeSinceMs),
      activeUsersByPlatform,
      rejectionsPerMinute,
      sensorsOnline: this.countFrom(LiveKeys.sensorsLastSeen, query.onlineSinceMs),
    });
  }

  heartbeatPage(cursor: HeartbeatCursor, limit: number): Promise<HeartbeatPage> {
    if (!Number.isInteger(limit) || limit < 1) {
      return Promise.reject(new Error(`page limit must be a positive integer: ${limit}`));
    }
    // One pass over the set per page: fine for the embedded scale this adapter serves.
    const after: HeartbeatEntry[] = [];
    for (const [member, score] of this.sortedSets.get(LiveKeys.sensorsLastSeen) ?? []) {
      if (cursor.inclusive ? score >= cursor.ms : score > cursor.ms) {
        after.push({ sensorId: Number(member), atMs: score });
      }
    }
    after.sort((a, b) => a.atMs - b.atMs);
    if (after.length <= limit) return Promise.resolve({ entries: after, next: null });
    let end = limit;
    const lastMs = after[limit - 1].atMs;
    while (end < after.length && after[end].atMs === lastMs) end++;
    const entries = after.slice(0, end);
    return Promise.resolve({
      entries,
      next: end < after.length ? { ms: lastMs, inclusive: false } : null,
    });
  }

  heartbeatCount(): Promise<number> {
    return Promise.resolve(this.sortedSets.get(LiveKeys.sensorsLastSeen)?.size ?? 0);
  }

  trimActivity(platforms: readonly string[], beforeMs: number): Promise<number> {
    let removed = 0;
    for (const key of [LiveKeys.activeUsers, ...platforms.map((p) => LiveKeys.activeUsersOn(p))]) {
      const members = this.sortedSets.get(key);
      if (!members) continue;
      for (const [member, score] of members) {
        if (score < beforeMs) {
          members.delete(member);
          removed++;
        }
      }
    }
    return Promise.resolve(removed);
  }

  tryLock(name: string, ttlMs: number): Promise<string | null> {
    const held = this.locks.get(name);
    if (held && held.expiresAt > this.now()) return Promise.resolve(null);
    const token = randomUUID();
    this.locks.set(name, { token, expiresAt: this.now() + ttlMs });
    return Promise.resolve(token);
  }

  releaseLock(name: string, token: string): Promise<void> {
    if (this.locks.get(name)?.token === token) this.locks.delete(name);
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
