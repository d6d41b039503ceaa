import { AppCacheService, MemoryLiveStore } from '@app/core';
import { Logger } from '@nestjs/common';
import { SENSOR_BREAKDOWN_CACHE_KEY, SensorTypeBreakdownService } from './sensor-type-breakdown.service';
import { SensorsRepository, SensorTypeCount, StoredTypeCounts } from './sensors.repository';
import type { SensorsConfig } from './sensors.config';

const TTL_MS = 60_000;

/** The repository's part the service uses: a GROUP BY over `sensors`, and the kept counts table. */
class FakeRepository {
  sensors: SensorTypeCount[] = [];
  stored: StoredTypeCounts = { types: [], refreshedAt: null };
  groupBys = 0;
  /** While set, countByType() waits for it: a slow count. */
  countGate: Promise<void> | null = null;
  failCount: Error | null = null;

  async countByType(): Promise<SensorTypeCount[]> {
    this.groupBys++;
    if (this.failCount) throw this.failCount;
    const counted = this.sensors.map((entry) => ({ ...entry }));
    if (this.countGate) await this.countGate;
    return counted;
  }

  storedTypeCounts(): Promise<StoredTypeCounts> {
    return Promise.resolve({
      types: this.stored.types.map((entry) => ({ ...entry })),
      refreshedAt: this.stored.refreshedAt,
    });
  }

  replaceTypeCounts(types: readonly SensorTypeCount[], refreshedAt: Date): Promise<void> {
    this.stored = types.length === 0 ? { types: [], refreshedAt: null } : { types: [...types], refreshedAt };
    return Promise.resolve();
  }

  clearTypeCounts(): Promise<void> {
    this.stored = { types: [], refreshedAt: null };
    return Promise.resolve();
  }
}

/** A cache that always loads: these tests are about what a load reads. */
function passThroughCache() {
  const deleted: string[] = [];
  const cache = {
    getOrLoad: <T>(_key: string, _ttl: number, load: () => Promise<T>) => load(),
    del: (key: string) => {
      deleted.push(key);
      return Promise.resolve();
    },
  };
  return { cache: cache as unknown as AppCacheService, deleted };
}

function serviceOver(repository: FakeRepository, store = new MemoryLiveStore()) {
  const { cache, deleted } = passThroughCache();
  const config = { sensorBreakdownTtlMs: TTL_MS } as SensorsConfig;
  const service = new SensorTypeBreakdownService(
    repository as unknown as SensorsRepository,
    cache,
    store,
    config,
  );
  return { service, store, deleted };
}

describe('SensorTypeBreakdownService', () => {
  let clock: number;
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    clock = 10_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers from the kept counts while they are at most a TTL old, without counting', async () => {
    const repository = new FakeRepository();
    repository.stored = {
      types: [
        { type: 'co2', count: 5 },
        { type: 'lux', count: 2 },
      ],
      refreshedAt: new Date(clock - TTL_MS),
    };
    const { service } = serviceOver(repository);
    expect(await service.breakdown()).toEqual({
      total: 7,
      types: [
        { type: 'co2', count: 5 },
        { type: 'lux', count: 2 },
      ],
    });
    expect(repository.groupBys).toBe(0);
  });

  it('counts once, and keeps the counts stamped with the time the count began, when none are kept or they are older', async () => {
    const repository = new FakeRepository();
    repository.sensors = [{ type: 'co2', count: 3 }];
    const { service } = serviceOver(repository);
    expect(await service.breakdown()).toEqual({ total: 3, types: [{ type: 'co2', count: 3 }] });
    expect(repository.groupBys).toBe(1);
    expect(repository.stored).toEqual({ types: [{ type: 'co2', count: 3 }], refreshedAt: new Date(clock) });

    repository.sensors = [{ type: 'co2', count: 4 }];
    clock += TTL_MS + 1;
    expect(await service.breakdown()).toEqual({ total: 4, types: [{ type: 'co2', count: 4 }] });
    expect(repository.groupBys).toBe(2);
  });

  it('refreshes in the background when no counts are kept, or once they are half a TTL old', async () => {
    const repository = new FakeRepository();
    repository.sensors = [{ type: 'co2', count: 3 }];
    const { service } = serviceOver(repository);
    expect(await service.refreshIfDue()).toBe(true);
    expect(repository.stored).toEqual({ types: [{ type: 'co2', count: 3 }], refreshedAt: new Date(clock) });

    repository.sensors = [{ type: 'co2', count: 4 }];
    repository.stored = { types: [{ type: 'co2', count: 1 }], refreshedAt: new Date(clock - TTL_MS / 2 + 1) };
    expect(await service.refreshIfDue()).toBe(false);
    clock += 1;
    expect(await service.refreshIfDue()).toBe(true);
    expect(repository.stored).toEqual({ types: [{ type: 'co2', count: 4 }], refreshedAt: new Date(clock) });
  });

  it('brings the kept counts up to date before the service starts answering', async () => {
    const repository = new FakeRepository();
    repository.sensors = [{ type: 'lux', count: 2 }];
    repository.stored = { types: [{ type: 'lux', count: 1 }], refreshedAt: new Date(clock - 3_600_000) };
    const { service } = serviceOver(repository);
    await service.onApplicationBootstrap();
    service.onModuleDestroy();
    expect(repository.stored).toEqual({ types: [{ type: 'lux', count: 2 }], refreshedAt: new Date(clock) });
    expect(await service.breakdown()).toEqual({ total: 2, types: [{ type: 'lux', count: 2 }] });
    expect(repository.groupBys).toBe(1);
  });

  it('does not refresh while another instance holds the lock, and releases its own', async () => {
    const repository = new FakeRepository();
    repository.stored = { types: [{ type: 'co2', count: 1 }], refreshedAt: new Date(clock - TTL_MS) };
    const { service, store } = serviceOver(repository);
    const token = await store.tryLock('sensor-type-counts', 30_000);
    expect(await service.refreshIfDue()).toBe(false);
    await store.releaseLock('sensor-type-counts', token!);
    expect(await service.refreshIfDue()).toBe(true);
    expect(await store.tryLock('sensor-type-counts', 30_000)).not.toBeNull();
  });

  it('never throws from a background refresh, and releases the lock after a failure', async () => {
    const repository = new FakeRepository();
    repository.stored = { types: [{ type: 'co2', count: 1 }], refreshedAt: new Date(clock - TTL_MS) };
    repository.failCount = new Error('database went away');
    const { service, store } = serviceOver(repository);
    expect(await service.refreshIfDue()).toBe(false);
    expect(await store.tryLock('sensor-type-counts', 30_000)).not.toBeNull();
  });

  it('does not keep a count that began before invalidate(), which clears the counts and the cached answer', async () => {
    const repository = new FakeRepository();
    repository.sensors = [{ type: 'co2', count: 3 }];
    repository.stored = { types: [{ type: 'co2', count: 3 }], refreshedAt: new Date(clock - TTL_MS) };
    const { service, deleted } = serviceOver(repository);
    let release!: () => void;
    repository.countGate = new Promise((resolve) => (release = resolve));
    const refreshing = service.refreshIfDue();
    await new Promise((r) => setImmediate(r));
    repository.sensors = [{ type: 'co2', count: 4 }]; // a sensor is added while the count runs
    const invalidating = service.invalidate();
    release();
    repository.countGate = null;
    await Promise.all([refreshing, invalidating]);
    expect(repository.stored).toEqual({ types: [], refreshedAt: null });
    expect(deleted).toEqual([SENSOR_BREAKDOWN_CACHE_KEY]);
    expect(await service.breakdown()).toEqual({ total: 4, types: [{ type: 'co2', count: 4 }] });
  });
});
