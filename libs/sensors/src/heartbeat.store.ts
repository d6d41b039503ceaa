import { LiveBatch, LiveKeySpec, LiveRead, LiveStore, ScoredMember, scoresFrom } from '@app/core';
import { Injectable } from '@nestjs/common';

/** Key names of the heartbeat state, relative to the configured prefix (the original design's names). */
export const HeartbeatKeys = {
  /** ZSET: member sensor id, score the time of its last heartbeat (epoch ms). */
  lastSeen: 'sensors:last_seen',
  /**
   * STRING, no expiry: written (the time, epoch ms) when the set was last rebuilt from the database. Its
   * absence says this Redis lost data since (restarted empty, flushed, failed over to an empty replica),
   * even once new heartbeats have made the set non-empty again.
   */
  rebuiltAt: 'sensors:last_seen:rebuilt_at',
} as const;

/** The types of the heartbeat keys, for the check against data other programs left (redis:check). */
export const HEARTBEAT_KEY_TYPES: readonly LiveKeySpec[] = [
  { pattern: HeartbeatKeys.lastSeen, type: 'zset' },
  { pattern: HeartbeatKeys.rebuiltAt, type: 'string' },
];

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

function toEntries(members: readonly ScoredMember[], into: HeartbeatEntry[] = []): HeartbeatEntry[] {
  for (const { member, score } of members) into.push({ sensorId: Number(member), atMs: score });
  return into;
}

/** The last heartbeat of every sensor, in the live store: a sorted set whose times never move back. */
@Injectable()
export class HeartbeatStore {
  constructor(private readonly liveStore: LiveStore) {}

  /**
   * Records heartbeats of these sensors, all at one time (one request's). One round trip, and next to no
   * garbage per id: the ingest path.
   */
  recordAt(sensorIds: readonly number[], atMs: number): Promise<void> {
    return this.liveStore.raiseAllTo(HeartbeatKeys.lastSeen, sensorIds, atMs);
  }

  /** Records heartbeats of their own times (a rebuild, the demo). One round trip. */
  record(entries: readonly HeartbeatEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const members = new Array<ScoredMember>(entries.length);
    for (let i = 0; i < entries.length; i++)
      members[i] = { member: String(entries[i].sensorId), score: entries[i].atMs };
    const batch = this.liveStore.batch();
    batch.raiseScores(HeartbeatKeys.lastSeen, members);
    return batch.run();
  }

  /** Adds to `batch` the count of sensors whose last heartbeat is at or after `sinceMs`. */
  readCountSince(batch: LiveBatch, sinceMs: number): LiveRead<number> {
    return batch.countScores(HeartbeatKeys.lastSeen, scoresFrom(sinceMs));
  }

  /** How many sensors have a heartbeat at or after `sinceMs`. */
  countSince(sinceMs: number): Promise<number> {
    return this.liveStore.one((batch) => this.readCountSince(batch, sinceMs));
  }

  /** Checks the heartbeat keys for data of another type, so writes to them are refused whole. */
  checkKeyTypes(): Promise<void> {
    return this.liveStore.checkKeyTypes(HEARTBEAT_KEY_TYPES);
  }

  /** Whether the set was rebuilt since the live store last lost its data (see HeartbeatKeys.rebuiltAt). */
  async isRebuilt(): Promise<boolean> {
    return (await this.liveStore.one((batch) => batch.getValue(HeartbeatKeys.rebuiltAt))) !== null;
  }

  /** Notes that the set now holds everything the database knows, as of `atMs`. */
  markRebuilt(atMs: number): Promise<void> {
    const batch = this.liveStore.batch();
    batch.setValue(HeartbeatKeys.rebuiltAt, String(atMs));
    return batch.run();
  }

  /** How many sensors have a heartbeat in the set at all. */
  count(): Promise<number> {
    return this.liveStore.one((batch) => batch.sortedSetSize(HeartbeatKeys.lastSeen));
  }

  /**
   * Heartbeats in time order from `cursor`: `limit` of them, or fewer when the set ends, plus every further
   * one sharing the last one's time, so that the next page starts strictly after that time and no heartbeat
   * is skipped or read twice. A score cursor, never an offset: a page costs O(log n + its size) however
   * deep it starts, and a sensor whose time moves forward meanwhile is met again at its new time.
   */
  async page(cursor: HeartbeatCursor, limit: number): Promise<HeartbeatPage> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`page limit must be a positive integer: ${limit}`);
    const key = HeartbeatKeys.lastSeen;
    const page = await this.liveStore.one((batch) =>
      batch.rangeByScore(key, { min: cursor.ms, minExclusive: !cursor.inclusive, max: Infinity }, limit),
    );
    if (page.length < limit) return { entries: toEntries(page), next: null };
    // The page may end inside a run of heartbeats sharing its last time: replace that run by all of them,
    // read again in full (not by offset, which a sensor moving on meanwhile would shift), so that the next
    // page can start strictly after that time.
    const last = page[page.length - 1].score;
    let keep = page.length;
    while (keep > 0 && page[keep - 1].score === last) keep--;
    const ties = await this.liveStore.one((batch) => batch.rangeByScore(key, { min: last, max: last }));
    const entries = toEntries(keep === page.length ? page : page.slice(0, keep));
    toEntries(ties, entries);
    return { entries, next: { ms: last, inclusive: false } };
  }

  /** Heartbeats whose time is at or after `sinceMs`, all in one array: for small sets (tests, tools). */
  async since(sinceMs: number): Promise<HeartbeatEntry[]> {
    const entries: HeartbeatEntry[] = [];
    let cursor: HeartbeatCursor | null = { ms: sinceMs, inclusive: true };
    while (cursor !== null) {
      const page: HeartbeatPage = await this.page(cursor, 10_000);
      for (const entry of page.entries) entries.push(entry);
      cursor = page.next;
    }
    return entries;
  }
}
