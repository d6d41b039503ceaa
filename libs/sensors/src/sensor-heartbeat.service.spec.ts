import { AnalyticsConfig, describeError, HeartbeatEntry, MemoryLiveStore } from '@app/core';
import { Logger } from '@nestjs/common';
import { SensorHeartbeatService } from './sensor-heartbeat.service';
import { SensorsRepository } from './sensors.repository';

const WINDOW_MS = 300_000;

/** The repository's part the service uses, over an in-memory table of sensors. */
class FakeSensorsRepository {
  readonly lastSeen = new Map<number, number | null>();
  /** While set, existingIds() waits for it: a slow database lookup. */
  lookupGate: Promise<void> | null = null;

  constructor(ids: number[]) {
    for (const id of ids) this.lastSeen.set(id, null);
  }

  async existingIds(ids: readonly number[]): Promise<Set<number>> {
    if (this.lookupGate) await this.lookupGate;
    return new Set(ids.filter((id) => this.lastSeen.has(id)));
  }

  saveLastSeen(entries: readonly HeartbeatEntry[]): Promise<number> {
    for (const entry of entries) this.lastSeen.set(entry.sensorId, entry.atMs);
    return Promise.resolve(entries.length);
  }

  lastSeenSince(since: Date): Promise<HeartbeatEntry[]> {
    const entries: HeartbeatEntry[] = [];
    for (const [sensorId, atMs] of this.lastSeen) {
      if (atMs !== null && atMs >= since.getTime()) entries.push({ sensorId, atMs });
    }
    return Promise.resolve(entries);
  }
}

function serviceOver(repository: FakeSensorsRepository, store = new MemoryLiveStore()) {
  const config = { sensorOnlineWindowMs: WINDOW_MS } as AnalyticsConfig;
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
    store.recordHeartbeats = () => Promise.reject(outage);
    const { service } = serviceOver(new FakeSensorsRepository([1]), store);
    await expect(service.record([1])).rejects.toBe(outage);
    expect(describeError(outage)).toEqual({
      status: 503,
      detail: 'Redis is unavailable: nothing was recorded; retry shortly.',
    });
  });
});
