import { AppCacheService } from './app-cache.service';
import { CacheEntry, SharedCacheStore } from './shared-cache-store';

/** An in-memory shared store that counts its calls and honours expiry against the mocked clock. */
class FakeSharedStore extends SharedCacheStore {
  readonly entries = new Map<string, CacheEntry>();
  gets = 0;
  get<T>(key: string): Promise<CacheEntry<T> | undefined> {
    this.gets++;
    const entry = this.entries.get(key);
    return Promise.resolve(entry && entry.expiresAt > Date.now() ? (entry as CacheEntry<T>) : undefined);
  }
  set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
    this.entries.set(key, entry);
    return Promise.resolve();
  }
  del(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

/** Pub/sub between instances of one process, delivered synchronously. */
function fakeBus() {
  const listeners = new Map<string, ((message: string) => void)[]>();
  return {
    publish: (channel: string, message: string) => {
      for (const listener of listeners.get(channel) ?? []) listener(message);
      return Promise.resolve();
    },
    subscribe: (channel: string, onMessage: (message: string) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), onMessage]);
      return Promise.resolve(() => Promise.resolve());
    },
  };
}

describe('AppCacheService.getOrLoad', () => {
  let clock: number;
  beforeEach(() => {
    clock = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(() => jest.restoreAllMocks());

  it('loads once for concurrent cold requests and caches the value', async () => {
    const service = new AppCacheService(new FakeSharedStore());
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

  it('serves a warm value from memory without asking the shared store', async () => {
    const shared = new FakeSharedStore();
    const service = new AppCacheService(shared);
    await service.getOrLoad('k', 1000, () => Promise.resolve('v'));
    const getsAfterLoad = shared.gets;
    for (let i = 0; i < 5; i++)
      expect(await service.getOrLoad('k', 1000, () => Promise.resolve('x'))).toBe('v');
    expect(shared.gets).toBe(getsAfterLoad);
  });

  it("reuses another instance's load through the shared store", async () => {
    const shared = new FakeSharedStore();
    const first = new AppCacheService(shared);
    const second = new AppCacheService(shared);
    await first.getOrLoad('k', 1000, () => Promise.resolve('from first'));
    expect(await second.getOrLoad('k', 1000, () => Promise.resolve('from second'))).toBe('from first');
  });

  it('serves the cached value and refreshes it in the background late in its life', async () => {
    const service = new AppCacheService(new FakeSharedStore());
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

  it('takes a value another instance already refreshed instead of loading it again', async () => {
    const shared = new FakeSharedStore();
    const first = new AppCacheService(shared);
    const second = new AppCacheService(shared);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    await first.getOrLoad('k', 1000, load);
    await second.getOrLoad('k', 1000, load); // second holds the same entry in memory
    clock += 600;
    await first.getOrLoad('k', 1000, load); // first refreshes: the shared entry is renewed
    await new Promise((r) => setImmediate(r));
    expect(loads).toBe(2);
    expect(await second.getOrLoad('k', 1000, load)).toBe(1); // served from memory, renewal checked behind
    await new Promise((r) => setImmediate(r));
    expect(loads).toBe(2);
    expect(await second.getOrLoad('k', 1000, load)).toBe(2);
  });

  it('expires a value from memory at the end of its life', async () => {
    const service = new AppCacheService(null);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    await service.getOrLoad('k', 1000, load);
    clock += 1001;
    expect(await service.getOrLoad('k', 1000, load)).toBe(2);
  });

  it('falls back to the source when the cache fails', async () => {
    const broken: SharedCacheStore = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      del: () => Promise.reject(new Error('down')),
    };
    const service = new AppCacheService(broken);
    expect(await service.getOrLoad('k', 1000, () => Promise.resolve('fresh'))).toBe('fresh');
    await expect(service.del('k')).resolves.toBeUndefined();
  });

  it('does not let a load that started before a delete write its older value back', async () => {
    const shared = new FakeSharedStore();
    const service = new AppCacheService(shared);
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
    expect(shared.entries.has('k')).toBe(false);
    expect(await service.getOrLoad('k', 1000, () => Promise.resolve('new'))).toBe('new');
  });

  it('drops the copy every instance holds in memory when one of them deletes the key', async () => {
    const shared = new FakeSharedStore();
    const bus = fakeBus();
    const first = new AppCacheService(shared, bus);
    const second = new AppCacheService(shared, bus);
    await first.listenForInvalidations();
    await second.listenForInvalidations();
    await first.getOrLoad('k', 60_000, () => Promise.resolve('old'));
    expect(await second.getOrLoad('k', 60_000, () => Promise.resolve('unused'))).toBe('old');
    await first.del('k');
    expect(await second.getOrLoad('k', 60_000, () => Promise.resolve('new'))).toBe('new');
  });

  it('does not cache when the ttl is zero', async () => {
    const shared = new FakeSharedStore();
    const service = new AppCacheService(shared);
    let loads = 0;
    await service.getOrLoad('k', 0, () => Promise.resolve(++loads));
    await service.getOrLoad('k', 0, () => Promise.resolve(++loads));
    expect(shared.entries.size).toBe(0);
    expect(loads).toBe(2);
  });
});
