import { LiveBatch, LiveKeySpec, LiveStore, ScoredMember, scoresBelow, scoresFrom } from '@app/core';
import { Injectable } from '@nestjs/common';

/** Key names of the active-user sets, relative to the configured prefix (the original design's names). */
export const ActiveUsersKeys = {
  /** ZSET: member user id, score the time of the user's last activity on any platform (epoch ms). */
  all: 'active_users',
  /** ZSET: the same for one platform. */
  on: (platform: string) => `active_users:${platform}`,
} as const;

/** The types of the active-user keys, for the check against data other programs left (redis:check). */
export const ACTIVE_USERS_KEY_TYPES: readonly LiveKeySpec[] = [
  { pattern: ActiveUsersKeys.all, type: 'zset' },
  { pattern: ActiveUsersKeys.on('*'), type: 'zset' },
];

/** One user action on one platform, at a time in epoch milliseconds. */
export interface ActivityEvent {
  userId: string;
  platform: string;
  atMs: number;
}

export interface ActiveUserCounts {
  /** Distinct users, whatever the platform: one active on two platforms counts once. */
  activeUsers: number;
  activeUsersByPlatform: Record<string, number>;
}

/**
 * Who was active when, in the live store: one sorted set of every user and one per platform, scored by the
 * time of the last activity, which never moves back. Counting is O(log n) (ZCOUNT).
 */
@Injectable()
export class ActiveUsersStore {
  constructor(private readonly liveStore: LiveStore) {}

  /**
   * Checks the keys of these platforms for data of another type (the replaced Go service kept a counter at
   * `active_users:<platform>`), so writes to them are refused whole instead of applied in part.
   */
  checkKeyTypes(platforms: readonly string[]): Promise<void> {
    return this.liveStore.checkKeyTypes(
      [ActiveUsersKeys.all, ...platforms.map(ActiveUsersKeys.on)].map((pattern) => ({
        pattern,
        type: 'zset',
      })),
    );
  }

  /** Records each event in the global and its platform's set. One round trip. */
  record(events: readonly ActivityEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const byKey = new Map<string, ScoredMember[]>();
    const add = (key: string, entry: ScoredMember) => {
      const entries = byKey.get(key);
      if (entries) entries.push(entry);
      else byKey.set(key, [entry]);
    };
    for (const event of events) {
      const entry = { member: event.userId, score: event.atMs };
      add(ActiveUsersKeys.all, entry);
      add(ActiveUsersKeys.on(event.platform), entry);
    }
    const batch = this.liveStore.batch();
    for (const [key, entries] of byKey) batch.raiseScores(key, entries);
    return batch.run();
  }

  /**
   * Adds to `batch` the counts of users active at or after `sinceMs`, overall and on each platform; the
   * returned function, called once the batch has run, gives them.
   */
  readCounts(batch: LiveBatch, platforms: readonly string[], sinceMs: number): () => ActiveUserCounts {
    const range = scoresFrom(sinceMs);
    const all = batch.countScores(ActiveUsersKeys.all, range);
    const perPlatform = platforms.map((platform) => batch.countScores(ActiveUsersKeys.on(platform), range));
    return () => {
      const activeUsersByPlatform: Record<string, number> = {};
      for (let i = 0; i < platforms.length; i++) activeUsersByPlatform[platforms[i]] = perPlatform[i].value;
      return { activeUsers: all.value, activeUsersByPlatform };
    };
  }

  /** Removes activity older than `beforeMs` from every set; returns how many members went. One round trip. */
  async trim(platforms: readonly string[], beforeMs: number): Promise<number> {
    const batch = this.liveStore.batch();
    // Exclusive upper bound: a member exactly at the window edge is still active.
    const range = scoresBelow(beforeMs);
    const removed = [ActiveUsersKeys.all, ...platforms.map((platform) => ActiveUsersKeys.on(platform))].map(
      (key) => batch.removeByScore(key, range),
    );
    await batch.run();
    return removed.reduce((total, read) => total + read.value, 0);
  }
}
