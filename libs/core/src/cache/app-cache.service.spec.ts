import type { Cache } from 'cache-manager';
import { AppCacheService } from './app-cache.service';

/** An in-memory stand-in for cache-manager with controllable expiry. */
function fakeCache(now: () => number) {
  const entries = new Map<string, { value: unknown; expires: number }>();
  const cache = {
    get: (key: string) => Promise.resolve(entries.get(key)?.value),
    set: (key: string, value: unknown, ttl: number) => {
      entries.set(key, { value, expires: now() + ttl });
      return Promise.resolve(value);
    },
    del: (key: string) => Promise.resolve(entries.delete(key)),
    ttl: (key: string) => Promise.resolve(entries.get(key)?.expires),
  };
  return { cache: cache as unknown as Cache, entries };
}

describe('AppCacheService.getOrLoad', () => {
  let clock: number;
  beforeEach(() => {
    clock = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(() => jest.restoreAllMocks());

  it('loads once for concurrent cold requests and caches the value', async () => {
    const { cache } = fakeCache(() => clock);
    const service = new AppCacheService(cache);
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 10));
    const values = await Promise.all([
      service.getOrLoad('k', 1000, load),
      service.getOrLoad('k', 1000, load),
    ]);
    expect(values).toEqual([1, 1]);
    expect(await service.getOrLoad('k', 1000, load)).toBe(1);
    expect(loads).toBe(1);
  });

  it('serves the cached value and refreshes it in the background late in its life', async () => {
    const { cache } = fakeCache(() => clock);
    const service = new AppCacheService(cache);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await service.getOrLoad('k', 1000, load)).toBe(1);
    clock += 400; // 60% of its life left: no refresh
    expect(await service.getOrLoad('k', 1000, load)).toBe(1);
    expect(loads).toBe(1);
    clock += 200; // 40% left: served, and refreshed behind the answer
    expect(await service.getOrLoad('k', 1000, load)).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(loads).toBe(2);
    expect(await service.getOrLoad('k', 1000, load)).toBe(2);
  });

  it('falls back to the source when the cache fails', async () => {
    const broken = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      ttl: () => Promise.reject(new Error('down')),
      del: () => Promise.reject(new Error('down')),
    } as unknown as Cache;
    const service = new AppCacheService(broken);
    expect(await service.getOrLoad('k', 1000, () => Promise.resolve('fresh'))).toBe('fresh');
    await expect(service.del('k')).resolves.toBeUndefined();
  });

  it('does not let a load that started before a delete write its older value back', async () => {
    const { cache, entries } = fakeCache(() => clock);
    const service = new AppCacheService(cache);
    let release: (value: string) => void = () => undefined;
    const slowOldRead = service.getOrLoad(
      'k',
      1000,
      () => new Promise<string>((resolve) => (release = resolve)),
    );
    await new Promise((r) => setImmediate(r));
    await service.del('k'); // the write happened: the value being loaded is already out of date
    release('old');
    expect(await slowOldRead).toBe('old');
    expect(entries.has('k')).toBe(false);
    expect(await service.getOrLoad('k', 1000, () => Promise.resolve('new'))).toBe('new');
  });

  it('does not cache when the ttl is zero', async () => {
    const { cache, entries } = fakeCache(() => clock);
    const service = new AppCacheService(cache);
    await service.getOrLoad('k', 0, () => Promise.resolve(1));
    expect(entries.size).toBe(0);
  });
});
