import { describeError, MemoryLiveStore } from '@app/core';
import { HeartbeatEntry, HeartbeatStore } from './heartbeat.store';
import { Logger } from '@nestjs/common';
import { SensorHeartbeatService } from './sensor-heartbeat.service';
import { SensorsRepository } from './sensors.repository';
import type { SensorsConfig } from './sensors.config';

const WINDOW_MS = 300_000;

/** The repository's part the service uses, over an in-memory table of sensors. */
class FakeSensorsRepository {
  readonly lastSeen = new Map<number, number | null>();
  /** While set, existingIds() waits for it: a slow database lookup. */
  lookupGate: Promise<void> | null = null;
  /** The ids of each existingIds() call. */
  readonly lookups: number[][] = [];
  /** The ids of each saveLastSeenAt() call and each saveLastSeenEach() call. */
  readonly statements: number[][] = [];

  constructor(ids: number[]) {
    for (const id of ids) this.lastSeen.set(id, null);
  }

  async existingIds(ids: readonly number[]): Promise<Set<number>> {
    this.lookups.push([...ids]);
    if (this.lookupGate) await this.lookupGate;
    return new Set(ids.filter((id) => this.lastSeen.has(id)));
  }

  saveLastSeenAt(ids: readonly number[], atMs: number, onlyIfNull: boolean): Promise<number> {
    return this.saveLastSeenEach(
      ids.map((sensorId) => ({ sensorId, atMs })),
      onlyIfNull,
    );
  }

  saveLastSeenEach(entries: readonly HeartbeatEntry[], onlyIfNull: boolean): Promise<number> {
    this.statements.push(entries.map((entry) => entry.sensorId));
    let changed = 0;
    for (const { sensorId, atMs } of entries) {
      if (!this.lastSeen.has(sensorId)) continue;
      const stored = this.lastSeen.get(sensorId) ?? null;
      if (stored === null || (!onlyIfNull && stored < atMs)) {
        this.lastSeen.set(sensorId, atMs);
        changed++;
      }
    }
    return Promise.resolve(changed);
  }

  lastSeenPage(since: Date, afterId: number, limit: number): Promise<HeartbeatEntry[]> {
    const entries: HeartbeatEntry[] = [];
    for (const [sensorId, atMs] of [...this.lastSeen].sort((a, b) => a[0] - b[0])) {
      if (sensorId > afterId && atMs !== null && atMs >= since.getTime()) entries.push({ sensorId, atMs });
    }
    return Promise.resolve(entries.slice(0, limit));
  }
}

const GRANULARITY_MS = 300_000; // five groups, one a minute
const MINUTE = 60_000;
/** The start of a minute whose turn is group 0 (unix minute 29,916,000 is a multiple of 5). */
const TURN_0 = 29_916_000 * MINUTE;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function serviceOver(repository: FakeSensorsRepository, live = new MemoryLiveStore()) {
  const heartbeats = new HeartbeatStore(live);
  const config = {
    sensorOnlineWindowMs: WINDOW_MS,
    sensorLastSeenGranularityMs: GRANULARITY_MS,
  } as SensorsConfig;
  return {
    store: heartbeats,
    live,
    service: new SensorHeartbeatService(repository as unknown as SensorsRepository, heartbeats, live, config),
  };
}

describe('SensorHeartbeatService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('records known sensors once each and lists unknown ones back once, in request order', async () => {
    const repository = new FakeSensorsRepository([1, 2, 3]);
    const { service, store } = serviceOver(repository);
    expect(await service.record([3, 9, 1, 3, 7, 9], 1_000)).toEqual({ accepted: 2, unknown: [9, 7] });
    expect(await store.since(0)).toEqual([
      { sensorId: 1, atMs: 1_000 },
      { sensorId: 3, atMs: 1_000 },
    ]);
  });

  it('flushes a heartbeat stamped before a flush began that reached the store after the flush read it', async () => {
    const repository = new FakeSensorsRepository([1, 2]);
    const { service } = serviceOver(repository);
    let openGate!: () => void;
    repository.lookupGate = new Promise((resolve) => (openGate = resolve));

    const stampedAt = Date.now();
    const slowRequest = service.record([2], stampedAt);
    await new Promise((r) => setTimeout(r, 5));
    expect(await service.flush()).toBe(0); // runs while the request is still looking its ids up
    openGate();
    await slowRequest;

    await service.flush();
    expect(repository.lastSeen.get(2)).toBe(stampedAt);
  });

  it('does not flush while another flush holds the lock', async () => {
    const repository = new FakeSensorsRepository([1]);
    const { service, live } = serviceOver(repository);
    await service.record([1]);
    const token = await live.tryLock('sensors-flush', 60_000);
    expect(token).not.toBeNull();
    expect(await service.flush()).toBe(0);
    expect(repository.lastSeen.get(1)).toBeNull();
    await live.releaseLock('sensors-flush', token!);
    expect(await service.flush()).toBe(1);
  });

  it('rebuilds an empty live store from heartbeats within the online window only, and only once', async () => {
    const repository = new FakeSensorsRepository([1, 2, 3]);
    const now = Date.now();
    repository.lastSeen.set(1, now - 1_000);
    repository.lastSeen.set(2, now - WINDOW_MS - 1_000);
    const { service, store } = serviceOver(repository);
    expect(await service.rebuildIfLost()).toBe(1);
    expect(await store.since(0)).toEqual([{ sensorId: 1, atMs: now - 1_000 }]);
    expect(await service.rebuildIfLost()).toBe(0);
  });

  it('rebuilds after the live store lost its data though new heartbeats already arrived, keeping theirs', async () => {
    const repository = new FakeSensorsRepository([1, 2, 3, 4]);
    const now = Date.now();
    for (const id of [1, 2, 3]) repository.lastSeen.set(id, now - 60_000);
    const { service, store, live } = serviceOver(repository);
    expect(await service.rebuildIfLost()).toBe(3);
    live.flushAll(); // Redis restarted empty
    await service.record([1, 4], now);
    expect(await store.count()).toBe(2);
    expect(await service.rebuildIfLost()).toBe(3);
    expect(await store.since(0)).toEqual([
      { sensorId: 2, atMs: now - 60_000 },
      { sensorId: 3, atMs: now - 60_000 },
      { sensorId: 1, atMs: now },
      { sensorId: 4, atMs: now },
    ]);
    expect(await service.rebuildIfLost()).toBe(0);
  });

  it('lets a live store failure through to the error mapping, which answers 503 saying nothing was recorded', async () => {
    const store = new MemoryLiveStore();
    // Not connected: the command was never sent.
    const outage = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    store.raiseAllTo = () => Promise.reject(outage);
    const { service } = serviceOver(new FakeSensorsRepository([1]), store);
    await expect(service.record([1])).rejects.toBe(outage);
    expect(describeError(outage)).toEqual({
      status: 503,
      detail: 'Redis is unavailable: nothing was recorded; retry shortly.',
    });
  });

  it('looks up only ids not seen to exist yet: a known id never again, an unknown one each time', async () => {
    const repository = new FakeSensorsRepository([1, 2, 3]);
    const { service } = serviceOver(repository);
    expect(await service.record([1, 2, 9])).toEqual({ accepted: 2, unknown: [9] });
    expect(await service.record([2, 1, 9])).toEqual({ accepted: 2, unknown: [9] });
    expect(await service.record([1, 2])).toEqual({ accepted: 2, unknown: [] });
    expect(repository.lookups).toEqual([[1, 2, 9], [9]]);

    repository.lastSeen.set(9, null); // the sensor is created
    expect(await service.record([9, 3])).toEqual({ accepted: 2, unknown: [] });
    expect(await service.record([9, 3])).toEqual({ accepted: 2, unknown: [] });
    expect(repository.lookups).toEqual([[1, 2, 9], [9], [9, 3]]);
  });

  it('writes the latest heartbeat of the sensors whose turn it is, and of the others only a null', async () => {
    // 10 and 5 are of group 0, whose turn it is; 6, 7 and 8 are not.
    const repository = new FakeSensorsRepository([5, 6, 7, 8, 10]);
    repository.lastSeen.set(5, TURN_0 - 400_000);
    repository.lastSeen.set(6, TURN_0 - 400_000);
    repository.lastSeen.set(7, TURN_0 - 400_000);
    repository.lastSeen.set(10, TURN_0); // newer than its heartbeat: never moved back
    const { service } = serviceOver(repository);
    await service.record([5, 6, 7, 8, 10], TURN_0 - 1_000);
    await service.record([7], TURN_0 - 500);

    expect(await service.flush(TURN_0 + 30_000)).toBe(2);
    expect([5, 6, 7, 8, 10].map((id) => repository.lastSeen.get(id))).toEqual([
      TURN_0 - 1_000,
      TURN_0 - 400_000,
      TURN_0 - 400_000,
      TURN_0 - 1_000,
      TURN_0,
    ]);

    // Group 1's turn a minute later, group 2's the minute after.
    expect(await service.flush(TURN_0 + MINUTE)).toBe(1);
    expect(repository.lastSeen.get(6)).toBe(TURN_0 - 1_000);
    expect(await service.flush(TURN_0 + 2 * MINUTE)).toBe(1);
    expect(repository.lastSeen.get(7)).toBe(TURN_0 - 500);
  });

  it('writes at most one group a minute when every stored time is old at once', async () => {
    const ids = range(1, 50);
    const repository = new FakeSensorsRepository(ids);
    for (const id of ids) repository.lastSeen.set(id, TURN_0 - 3_600_000);
    const { service } = serviceOver(repository);
    const written: number[] = [];
    for (let minute = 0; minute < 6; minute++) {
      await service.record(ids, TURN_0 + minute * MINUTE - 1_000);
      written.push(await service.flush(TURN_0 + minute * MINUTE + 1_000));
    }
    expect(written).toEqual([10, 10, 10, 10, 10, 10]);
    // Each group holds the heartbeat of its last turn: group g at minute g, group 0 again at minute 5.
    const expected = (id: number) => TURN_0 + (id % 5 || 5) * MINUTE - 1_000;
    expect(ids.filter((id) => repository.lastSeen.get(id) !== expected(id))).toEqual([]);
  });

  it('pages through many heartbeats sharing one time, writing each once in statements of at most 1,000 ids', async () => {
    const ids = range(1, 2_700);
    const repository = new FakeSensorsRepository(ids);
    const { service, store } = serviceOver(repository);
    service.flushPageSize = 1_000;
    const now = Date.now();
    await store.record(range(1, 100).map((sensorId) => ({ sensorId, atMs: now - 3_000 - sensorId })));
    await service.record(range(101, 2_600), now - 2_000);
    await store.record(range(2_601, 2_700).map((sensorId) => ({ sensorId, atMs: now - 1_000 + sensorId })));

    expect(await service.flush()).toBe(2_700);
    expect(repository.statements.flat().sort((a, b) => a - b)).toEqual(ids);
    expect(Math.max(...repository.statements.map((statement) => statement.length))).toBeLessThanOrEqual(
      1_000,
    );
    expect(range(101, 2_600).every((id) => repository.lastSeen.get(id) === now - 2_000)).toBe(true);
  });

  it('sends the database only heartbeats newer than it is known to hold', async () => {
    const repository = new FakeSensorsRepository([5, 6]);
    repository.lastSeen.set(6, TURN_0 - 3_600_000);
    const { service } = serviceOver(repository);
    await service.record([5, 6], TURN_0 - 2_000);
    expect(await service.flush(TURN_0)).toBe(1); // 5 at its turn; 6, not null, waits for its own
    expect(repository.statements).toEqual([[5], [6]]);

    await service.flush(TURN_0 + 1_000); // the same heartbeats again: nothing to ask
    expect(repository.statements).toEqual([[5], [6]]);
    await service.record([5], TURN_0 + 2_000);
    expect(await service.flush(TURN_0 + 3_000)).toBe(1);
    expect(repository.statements).toEqual([[5], [6], [5]]);
  });

  it('rebuilds a page of sensors at a time, and knows the rebuilt sensors exist', async () => {
    const ids = range(1, 12_000);
    const repository = new FakeSensorsRepository(ids);
    const now = Date.now();
    for (const id of ids) repository.lastSeen.set(id, now - 60_000);
    const { service, store } = serviceOver(repository);
    expect(await service.rebuildIfLost()).toBe(12_000);
    expect(await store.count()).toBe(12_000);
    expect(await service.record([1, 12_000])).toEqual({ accepted: 2, unknown: [] });
    expect(repository.lookups).toEqual([]);
  });

  it("lets the instance that flushed last take each minute's turn, and another take over when it is gone", async () => {
    const repository = new FakeSensorsRepository([1]);
    const store = new MemoryLiveStore();
    const a = serviceOver(repository, store).service;
    const b = serviceOver(repository, store).service;
    for (const service of [a, b]) service.flushTakeoverDelayMs = 20;
    const flushes = { a: 0, b: 0 };
    a.flush = () => Promise.resolve(++flushes.a);
    b.flush = () => Promise.resolve(++flushes.b);

    await a.takeTurn(TURN_0); // nobody flushed before: a is first here
    expect(flushes).toEqual({ a: 1, b: 0 });
    await Promise.all([b.takeTurn(TURN_0 + MINUTE), a.takeTurn(TURN_0 + MINUTE)]);
    await Promise.all([b.takeTurn(TURN_0 + 2 * MINUTE), a.takeTurn(TURN_0 + 2 * MINUTE)]);
    expect(flushes).toEqual({ a: 3, b: 0 });

    await b.takeTurn(TURN_0 + 3 * MINUTE); // a has stopped
    await b.takeTurn(TURN_0 + 4 * MINUTE);
    expect(flushes).toEqual({ a: 3, b: 2 });
  });

  it('skips heartbeats whose member is not a sensor id', async () => {
    const repository = new FakeSensorsRepository([1]);
    const { service, store } = serviceOver(repository);
    await store.record([
      { sensorId: Number('junk'), atMs: Date.now() - 1_000 },
      { sensorId: 1, atMs: Date.now() - 1_000 },
    ]);
    expect(await service.flush()).toBe(1);
    expect(repository.statements).toEqual([[1]]);
  });
});
