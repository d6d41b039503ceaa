import { AnalyticsConfig, describeError, HeartbeatEntry, MemoryLiveStore } from '@app/core';
import { Logger } from '@nestjs/common';
import { LastSeenSlots } from './last-seen-slots';
import { SensorHeartbeatService } from './sensor-heartbeat.service';
import { LastSeenRange, LastSeenWrite, SensorsRepository } from './sensors.repository';

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

  saveLastSeenAt(ids: readonly number[], atMs: number, ranges: readonly LastSeenRange[]): Promise<number> {
    return this.saveLastSeenEach(
      ids.map((sensorId) => ({ sensorId, atMs, ...ranges[sensorId % ranges.length] })),
    );
  }

  saveLastSeenEach(writes: readonly LastSeenWrite[]): Promise<number> {
    this.statements.push(writes.map((write) => write.sensorId));
    let changed = 0;
    for (const { sensorId, atMs, since, before } of writes) {
      if (!this.lastSeen.has(sensorId)) continue;
      const stored = this.lastSeen.get(sensorId) ?? null;
      if (stored === null || (stored < before && (since === null || stored >= since))) {
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

const GRANULARITY_MS = 300_000;
const slots = new LastSeenSlots(GRANULARITY_MS);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A sensor id of a phase whose slot holding `atMs` started at least a minute before it (so it does not wait). */
function idOfPhaseNotInFirstWindow(atMs: number): number {
  for (let id = 100; ; id++) {
    if (slots.writeRange(slots.phaseOf(id), atMs).since !== null) return id;
  }
}

function serviceOver(repository: FakeSensorsRepository, store = new MemoryLiveStore()) {
  const config = {
    sensorOnlineWindowMs: WINDOW_MS,
    sensorLastSeenGranularityMs: GRANULARITY_MS,
  } as AnalyticsConfig;
  return {
    store,
    service: new SensorHeartbeatService(repository as unknown as SensorsRepository, store, config),
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
    expect(await store.heartbeatsSince(0)).toEqual([
      { sensorId: 3, atMs: 1_000 },
      { sensorId: 1, atMs: 1_000 },
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
    const { service, store } = serviceOver(repository);
    await service.record([1]);
    const token = await store.tryLock('sensors-flush', 60_000);
    expect(token).not.toBeNull();
    expect(await service.flush()).toBe(0);
    expect(repository.lastSeen.get(1)).toBeNull();
    await store.releaseLock('sensors-flush', token!);
    expect(await service.flush()).toBe(1);
  });

  it('rebuilds an empty live store from heartbeats within the online window only, and only when empty', async () => {
    const repository = new FakeSensorsRepository([1, 2, 3]);
    const now = Date.now();
    repository.lastSeen.set(1, now - 1_000);
    repository.lastSeen.set(2, now - WINDOW_MS - 1_000);
    const { service, store } = serviceOver(repository);
    expect(await service.rebuildIfEmpty()).toBe(1);
    expect(await store.heartbeatsSince(0)).toEqual([{ sensorId: 1, atMs: now - 1_000 }]);
    expect(await service.rebuildIfEmpty()).toBe(0);
  });

  it('lets a live store failure through to the error mapping, which answers 503 saying nothing was recorded', async () => {
    const store = new MemoryLiveStore();
    const outage = new Error('Connection is closed.');
    store.recordHeartbeatsAt = () => Promise.reject(outage);
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

  it('does not rewrite a stored time in the slot of the heartbeat, and rewrites one of the slot before', async () => {
    const atMs = Date.now() - 1_000;
    const id = idOfPhaseNotInFirstWindow(atMs);
    const slotStart = slots.slotStart(slots.phaseOf(id), atMs);
    const repository = new FakeSensorsRepository([id]);

    repository.lastSeen.set(id, slotStart); // same slot: within the granularity
    const first = serviceOver(repository);
    await first.service.record([id], atMs);
    expect(await first.service.flush()).toBe(0);
    expect(repository.lastSeen.get(id)).toBe(slotStart);

    repository.lastSeen.set(id, slotStart - 1); // the slot before
    const second = serviceOver(repository);
    await second.service.record([id], atMs);
    expect(await second.service.flush()).toBe(1);
    expect(repository.lastSeen.get(id)).toBe(atMs);
  });

  it('leaves a time older than the slot before for the first minute of a later slot, and writes a null at once', async () => {
    const atMs = Date.now() - 1_000;
    const stale = idOfPhaseNotInFirstWindow(atMs);
    const never = stale + slots.phases; // same phase, never written
    const slotStart = slots.slotStart(slots.phaseOf(stale), atMs);
    const repository = new FakeSensorsRepository([stale, never]);
    repository.lastSeen.set(stale, slotStart - GRANULARITY_MS - 1);
    const { service } = serviceOver(repository);
    await service.record([stale, never], atMs);
    expect(await service.flush()).toBe(1);
    expect(repository.lastSeen.get(stale)).toBe(slotStart - GRANULARITY_MS - 1);
    expect(repository.lastSeen.get(never)).toBe(atMs);

    // In the first minute of its next slot it is written.
    const nextSlot = slotStart + GRANULARITY_MS;
    await service.record([stale], nextSlot + 59_999);
    expect(await service.flush()).toBe(1);
    expect(repository.lastSeen.get(stale)).toBe(nextSlot + 59_999);
  });

  it('pages through many heartbeats sharing one time, writing each once in statements of at most 1,000 ids', async () => {
    const ids = range(1, 2_700);
    const repository = new FakeSensorsRepository(ids);
    const { service, store } = serviceOver(repository);
    service.flushPageSize = 1_000;
    const now = Date.now();
    await store.recordHeartbeats(
      range(1, 100).map((sensorId) => ({ sensorId, atMs: now - 3_000 - sensorId })),
    );
    await service.record(range(101, 2_600), now - 2_000);
    await store.recordHeartbeats(
      range(2_601, 2_700).map((sensorId) => ({ sensorId, atMs: now - 1_000 + sensorId })),
    );

    expect(await service.flush()).toBe(2_700);
    expect(repository.statements.flat().sort((a, b) => a - b)).toEqual(ids);
    expect(Math.max(...repository.statements.map((statement) => statement.length))).toBeLessThanOrEqual(
      1_000,
    );
    expect(range(101, 2_600).every((id) => repository.lastSeen.get(id) === now - 2_000)).toBe(true);
  });

  it('sends a heartbeat to the database again only once its slot is later than the one it last persisted', async () => {
    const atMs = Date.now() - 2_000;
    const id = idOfPhaseNotInFirstWindow(atMs);
    const repository = new FakeSensorsRepository([id]);
    const { service } = serviceOver(repository);
    await service.record([id], atMs);
    expect(await service.flush()).toBe(1);
    expect(repository.statements).toEqual([[id]]);

    await service.record([id], atMs + 1_000); // same slot: the database already holds it
    expect(await service.flush()).toBe(0);
    expect(repository.statements).toEqual([[id]]);
  });

  it('rebuilds a page of sensors at a time, and knows the rebuilt sensors exist', async () => {
    const ids = range(1, 12_000);
    const repository = new FakeSensorsRepository(ids);
    const now = Date.now();
    for (const id of ids) repository.lastSeen.set(id, now - 60_000);
    const { service, store } = serviceOver(repository);
    expect(await service.rebuildIfEmpty()).toBe(12_000);
    expect(await store.heartbeatCount()).toBe(12_000);
    expect(await service.record([1, 12_000])).toEqual({ accepted: 2, unknown: [] });
    expect(repository.lookups).toEqual([]);
  });

  it("lets the instance that flushed last take each minute's turn, and another take over when it is gone", async () => {
    const repository = new FakeSensorsRepository([1]);
    const store = new MemoryLiveStore();
    const a = serviceOver(repository, store).service;
    const b = serviceOver(repository, store).service;
    for (const service of [a, b]) service.flushTakeoverDelayMs = 20;
    const minute = 60_000 * 30_000_000;
    const flushes = { a: 0, b: 0 };
    a.flush = () => Promise.resolve(++flushes.a);
    b.flush = () => Promise.resolve(++flushes.b);

    await a.takeTurn(minute); // nobody flushed before: a is first here
    expect(flushes).toEqual({ a: 1, b: 0 });
    await Promise.all([b.takeTurn(minute + 60_000), a.takeTurn(minute + 60_000)]);
    await Promise.all([b.takeTurn(minute + 120_000), a.takeTurn(minute + 120_000)]);
    expect(flushes).toEqual({ a: 3, b: 0 });

    await b.takeTurn(minute + 180_000); // a has stopped
    await b.takeTurn(minute + 240_000);
    expect(flushes).toEqual({ a: 3, b: 2 });
  });

  it('skips heartbeats whose member is not a sensor id', async () => {
    const repository = new FakeSensorsRepository([1]);
    const { service, store } = serviceOver(repository);
    await store.recordHeartbeats([
      { sensorId: Number('junk'), atMs: Date.now() - 1_000 },
      { sensorId: 1, atMs: Date.now() - 1_000 },
    ]);
    expect(await service.flush()).toBe(1);
    expect(repository.statements).toEqual([[1]]);
  });
});
