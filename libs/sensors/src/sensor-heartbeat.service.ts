import { LiveStore, ShutdownState, unixMinute, warnUnlessLiveStoreDown, withDeadline } from '@app/core';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { setImmediate as nextTurn, setTimeout as delay } from 'node:timers/promises';
import { HeartbeatsAcceptedDto } from './dto/record-heartbeats.dto';
import { HeartbeatCursor, HeartbeatEntry, HeartbeatStore } from './heartbeat.store';
import { KnownSensorIds } from './known-sensor-ids';
import { LastSeenTurns } from './last-seen-turns';
import { PersistedTimes } from './persisted-times';
import { SensorsRepository } from './sensors.repository';
import { SensorsConfig, sensorsConfig } from './sensors.config';

const FLUSH_LOCK = 'sensors-flush';
const FLUSH_LOCK_TTL_MS = 55_000;
/** A minute's turn (lock:sensors-flush:<unix-minute>) is never released: it only has to outlive its minute. */
const FLUSH_TURN_TTL_MS = 120_000;
/**
 * How much further back than one granularity each flush reads. A heartbeat is stamped when its request
 * arrives but reaches the live store a moment later, and a flush may have failed the minute before; both
 * are still read. Reading one twice costs a lookup at most, never a write.
 */
export const FLUSH_LOOKBACK_MARGIN_MS = 120_000;
/** Heartbeats read from the live store per page while flushing. */
export const DEFAULT_FLUSH_PAGE_SIZE = 2_000;
/** Heartbeats sharing one time (one request) are written by one statement per this many ids. */
const UPDATE_IDS = 1_000;
/** Fewer heartbeats than this with one time are written with others of other times, CASE by id. */
const MIN_SAME_TIME = 32;
const SCATTERED_BATCH = 500;
/** Sensors read from MySQL per page when rebuilding a lost live set. */
const REBUILD_PAGE_SIZE = 5_000;

/** Whether a list of ids holds one twice: a sorted typed copy, not a Set of boxed entries per request. */
function hasDuplicates(ids: readonly number[]): boolean {
  if (ids.length < 2) return false;
  const sorted = Float64Array.from(ids).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

/**
 * Heartbeats land in the live store (sensors:last_seen) at once; every minute one instance pages through
 * the heartbeats of the last granularity and writes sensors.last_seen_at for the sensors whose turn it is
 * (LastSeenTurns, SENSOR_LAST_SEEN_GRANULARITY) and for those never written before: each sensor once per
 * granularity, a fixed share of the sensors a minute.
 *
 * The stored time therefore trails a sensor's last heartbeat by less than one granularity and a minute,
 * and that is what a rebuild restores: a live set that lost its data (Redis restarted empty or flushed,
 * told by the absence of the marker each rebuild writes, even once new heartbeats have arrived) or is empty
 * is refilled with the stored times within the online window, at boot and at the start of every minute. Afterwards a sensor counts online only on the evidence of its
 * stored time: one that is still beating may read offline until its next heartbeat arrives, and one that
 * stopped may read offline for what was left of its online window.
 */
@Injectable()
export class SensorHeartbeatService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SensorHeartbeatService.name);
  private readonly known = new KnownSensorIds();
  private readonly persisted = new PersistedTimes();
  private readonly turns: LastSeenTurns;
  /** Heartbeats read per page while flushing (a test makes it small). */
  flushPageSize = DEFAULT_FLUSH_PAGE_SIZE;
  /** How long an instance that did not flush the minute before lets the one that did go first. */
  flushTakeoverDelayMs = 5_000;
  private flushedLastTurn = false;

  constructor(
    private readonly sensors: SensorsRepository,
    private readonly store: HeartbeatStore,
    private readonly liveStore: LiveStore,
    @Inject(sensorsConfig.KEY) private readonly config: SensorsConfig,
    @Optional() private readonly shutdown?: ShutdownState,
  ) {
    this.turns = new LastSeenTurns(config.sensorLastSeenGranularityMs);
  }

  /**
   * Records the known ids among these at `nowMs`, each once, and lists the unknown ones back in request
   * order. Only ids this instance has not seen exist yet are looked up in the database.
   */
  async record(sensorIds: readonly number[], nowMs = Date.now()): Promise<HeartbeatsAcceptedDto> {
    const distinct = hasDuplicates(sensorIds) ? [...new Set(sensorIds)] : sensorIds;
    let toLookUp: number[] | undefined;
    for (const id of distinct) {
      if (!this.known.has(id)) (toLookUp ??= []).push(id);
    }
    let accepted = distinct;
    const unknown: number[] = [];
    if (toLookUp !== undefined) {
      const existing = await this.sensors.existingIds(toLookUp);
      for (const id of toLookUp) {
        if (existing.has(id)) this.known.add(id);
        else unknown.push(id);
      }
      if (unknown.length > 0) {
        const refused = new Set(unknown);
        accepted = distinct.filter((id) => !refused.has(id));
      }
    }
    // Redis down or hung: the error filter answers 503, saying whether the write may have landed.
    await this.store.recordAt(accepted, nowMs);
    return { accepted: accepted.length, unknown };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store
      .checkKeyTypes()
      .catch((error: unknown) => warnUnlessLiveStoreDown(this.logger, 'heartbeat key check skipped', error));
    await this.rebuildIfLost().catch((error: unknown) =>
      warnUnlessLiveStoreDown(this.logger, 'heartbeat rebuild skipped', error),
    );
  }

  /**
   * Writes what is due while Redis and MySQL are still open (the connections close on application
   * shutdown, after this). The rest, and a heartbeat of a request still in flight, wait in the live set for
   * another instance's flush: each flush reads back over a whole granularity.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const notFlushed = 'the last-seen times still in the live set were not written to the database';
    // Bounded by its share of the shutdown's deadline (when a graceful shutdown gave one): a database
    // answering slowly must not keep the stores from closing in time.
    const shareMs = this.shutdown?.finalFlushTimeLeftMs();
    const stop = new AbortController();
    const flushing = this.flush(Date.now(), stop.signal);
    try {
      if (shareMs === undefined) {
        await flushing;
        return;
      }
      const outcome = await withDeadline(flushing, shareMs, () => 'late' as const);
      if (outcome !== 'late') return;
      stop.abort();
      flushing.catch(() => undefined);
      this.logger.error(`final heartbeat flush did not finish within its ${shareMs} ms: ${notFlushed}`);
    } catch (error) {
      this.logger.error(`final heartbeat flush failed (${(error as Error).message}): ${notFlushed}`);
    }
  }

  /**
   * Each minute one instance flushes: the one that flushed the minute before tries at once, the others
   * `flushTakeoverDelayMs` later, and whoever takes the minute's turn first flushes. So the same instance
   * keeps flushing while it runs, and what it remembers of the database (PersistedTimes) stays current:
   * instances taking turns at random would each send the database every heartbeat newer than what they
   * themselves last wrote.
   */
  @Cron(CronExpression.EVERY_MINUTE, { name: 'sensor-heartbeat-flush' })
  tick(): Promise<void> {
    return this.takeTurn(Date.now());
  }

  /** The minute's work of tick(): rebuild if needed, then flush if this instance gets the minute's turn. */
  async takeTurn(nowMs: number): Promise<void> {
    try {
      await this.rebuildIfLost();
      const minute = unixMinute(nowMs);
      if (!this.flushedLastTurn) await delay(this.flushTakeoverDelayMs);
      const turn = await this.liveStore.tryLock(`${FLUSH_LOCK}:${minute}`, FLUSH_TURN_TTL_MS);
      this.flushedLastTurn = turn !== null;
      if (turn !== null) await this.flush();
    } catch (error) {
      this.logger.warn(`heartbeat flush failed: ${(error as Error).message}`);
    }
  }

  /**
   * Writes the heartbeats of the last granularity that are due at `nowMs` (see LastSeenTurns), a page at a
   * time, yielding to the event loop between pages; one instance at a time; `stop` ends it after the page
   * being written. Returns the rows it changed.
   */
  async flush(nowMs = Date.now(), stop?: AbortSignal): Promise<number> {
    const token = await this.liveStore.tryLock(FLUSH_LOCK, FLUSH_LOCK_TTL_MS);
    if (token === null) return 0;
    try {
      const turn = this.turns.turnAt(nowMs);
      let cursor: HeartbeatCursor | null = {
        ms: nowMs - this.turns.periodMs - FLUSH_LOOKBACK_MARGIN_MS,
        inclusive: true,
      };
      let written = 0;
      while (cursor !== null) {
        const page = await this.store.page(cursor, this.flushPageSize);
        written += await this.persist(page.entries, turn);
        cursor = page.next;
        if (stop?.aborted) break;
        if (cursor !== null) await nextTurn();
      }
      return written;
    } finally {
      await this.liveStore.releaseLock(FLUSH_LOCK, token);
    }
  }

  /**
   * Writes the due heartbeats of one page (in time order): those of sensors whose turn it is, newer than
   * the database is known to hold, and those of sensors never seen stored, only if null. Heartbeats of one
   * request share a time: one statement per time; the odd ones with times of their own go together.
   */
  private async persist(entries: readonly HeartbeatEntry[], turn: number): Promise<number> {
    let written = 0;
    const scattered = { turn: [] as HeartbeatEntry[], unseen: [] as HeartbeatEntry[] };
    for (let start = 0; start < entries.length;) {
      const atMs = entries[start].atMs;
      let end = start + 1;
      while (end < entries.length && entries[end].atMs === atMs) end++;
      const due = { turn: [] as number[], unseen: [] as number[] };
      for (let i = start; i < end; i++) {
        const { sensorId } = entries[i];
        if (!Number.isSafeInteger(sensorId) || sensorId < 1) continue; // not written by this service
        const knownSeconds = this.persisted.get(sensorId);
        if (this.turns.phaseOf(sensorId) === turn) {
          if (knownSeconds * 1000 < atMs) due.turn.push(sensorId);
        } else if (knownSeconds === 0) {
          due.unseen.push(sensorId);
        }
      }
      for (const kind of ['turn', 'unseen'] as const) {
        const ids = due[kind];
        if (ids.length >= MIN_SAME_TIME) {
          for (let from = 0; from < ids.length; from += UPDATE_IDS) {
            const chunk = ids.slice(from, from + UPDATE_IDS);
            written += await this.sensors.saveLastSeenAt(chunk, atMs, kind === 'unseen');
            this.remember(chunk, kind === 'turn' ? atMs : 0);
          }
        } else {
          for (const sensorId of ids) {
            scattered[kind].push({ sensorId, atMs });
            if (scattered[kind].length === SCATTERED_BATCH) {
              written += await this.saveScattered(scattered[kind], kind);
              scattered[kind] = [];
            }
          }
        }
      }
      start = end;
    }
    written += await this.saveScattered(scattered.turn, 'turn');
    written += await this.saveScattered(scattered.unseen, 'unseen');
    return written;
  }

  private async saveScattered(entries: readonly HeartbeatEntry[], kind: 'turn' | 'unseen'): Promise<number> {
    if (entries.length === 0) return 0;
    const written = await this.sensors.saveLastSeenEach(entries, kind === 'unseen');
    for (const entry of entries) this.remember([entry.sensorId], kind === 'turn' ? entry.atMs : 0);
    return written;
  }

  /**
   * After a statement: each of these ids holds `atMs` or later (a turn's statement), or at least some time
   * (`atMs` 0: a statement that wrote only nulls), whether the statement changed its row or not.
   */
  private remember(ids: readonly number[], atMs: number): void {
    const seconds = Math.max(1, Math.floor(atMs / 1000));
    for (const id of ids) this.persisted.raise(id, seconds);
  }

  /**
   * Refills the live set from the stored times within the online window, a page of sensors at a time, when
   * Redis lost its data since the last rebuild (the marker is missing) or the set is empty, then writes the
   * marker. Heartbeats newer than the stored times stay: a rebuild only raises times. Returns how many
   * heartbeats it restored.
   */
  async rebuildIfLost(): Promise<number> {
    const startedAt = Date.now();
    if ((await this.store.isRebuilt()) && (await this.store.count()) > 0) return 0;
    const since = new Date(startedAt - this.config.sensorOnlineWindowMs);
    let rebuilt = 0;
    let afterId = 0;
    for (;;) {
      const page = await this.sensors.lastSeenPage(since, afterId, REBUILD_PAGE_SIZE);
      if (page.length === 0) break;
      await this.store.record(page);
      for (const entry of page) {
        this.known.add(entry.sensorId);
        this.remember([entry.sensorId], entry.atMs);
      }
      rebuilt += page.length;
      afterId = page[page.length - 1].sensorId;
      if (page.length < REBUILD_PAGE_SIZE) break;
      await nextTurn();
    }
    // Written last: a process that stops half-way leaves no marker, and the next minute rebuilds again.
    await this.store.markRebuilt(startedAt);
    if (rebuilt > 0) this.logger.log(`rebuilt ${rebuilt} sensor heartbeats from the database`);
    return rebuilt;
  }
}
