import { MemoryLiveStore } from '@app/core';
import { HeartbeatCursor, HeartbeatEntry, HeartbeatStore } from './heartbeat.store';

function newStore(): HeartbeatStore {
  return new HeartbeatStore(new MemoryLiveStore());
}

async function allPages(store: HeartbeatStore, from: HeartbeatCursor, limit: number) {
  const pages: HeartbeatEntry[][] = [];
  let cursor: HeartbeatCursor | null = from;
  while (cursor !== null) {
    const page = await store.page(cursor, limit);
    pages.push(page.entries);
    cursor = page.next;
  }
  return pages;
}

describe('HeartbeatStore.page', () => {
  it('pages in time order by a score cursor, a page ending with every heartbeat of its last time', async () => {
    const store = newStore();
    await store.record([
      { sensorId: 1, atMs: 100 },
      { sensorId: 2, atMs: 200 },
      { sensorId: 3, atMs: 200 },
      { sensorId: 4, atMs: 200 },
      { sensorId: 5, atMs: 300 },
      { sensorId: 6, atMs: 400 },
    ]);

    const first = await store.page({ ms: 0, inclusive: true }, 2);
    expect(first).toEqual({
      entries: [
        { sensorId: 1, atMs: 100 },
        { sensorId: 2, atMs: 200 },
        { sensorId: 3, atMs: 200 },
        { sensorId: 4, atMs: 200 },
      ],
      next: { ms: 200, inclusive: false },
    });
    // A full page cannot know it was the last: the next one, read strictly after its time, is empty.
    const second = await store.page(first.next!, 2);
    expect(second).toEqual({
      entries: [
        { sensorId: 5, atMs: 300 },
        { sensorId: 6, atMs: 400 },
      ],
      next: { ms: 400, inclusive: false },
    });
    expect(await store.page(second.next!, 2)).toEqual({ entries: [], next: null });
  });

  it('starts at or strictly after the cursor time', async () => {
    const store = newStore();
    await store.record([
      { sensorId: 1, atMs: 100 },
      { sensorId: 2, atMs: 200 },
    ]);
    expect((await store.page({ ms: 200, inclusive: true }, 10)).entries).toEqual([
      { sensorId: 2, atMs: 200 },
    ]);
    expect(await store.page({ ms: 200, inclusive: false }, 10)).toEqual({ entries: [], next: null });
  });

  it('reads every heartbeat exactly once across pages, with many sharing one time', async () => {
    const store = newStore();
    const entries: HeartbeatEntry[] = [];
    for (let id = 1; id <= 100; id++) entries.push({ sensorId: id, atMs: id });
    for (let id = 101; id <= 2_600; id++) entries.push({ sensorId: id, atMs: 5_000 });
    for (let id = 2_601; id <= 2_700; id++) entries.push({ sensorId: id, atMs: id + 5_000 });
    await store.record(entries);

    const pages = await allPages(store, { ms: 0, inclusive: true }, 1_000);
    const ids = pages.flat().map((entry) => entry.sensorId);
    expect(ids).toHaveLength(2_700);
    expect(new Set(ids).size).toBe(2_700);
    // The 100 earlier ones with all 2,500 of time 5000 (the page reached that time), then the 100 later ones.
    expect(pages.map((page) => page.length)).toEqual([2_600, 100]);
  });

  it('refuses a page size below one', async () => {
    await expect(newStore().page({ ms: 0, inclusive: true }, 0)).rejects.toThrow(
      'page limit must be a positive integer: 0',
    );
  });

  it('gives since() every heartbeat from a time on, in time order', async () => {
    const store = newStore();
    await store.record([
      { sensorId: 7, atMs: 300 },
      { sensorId: 8, atMs: 100 },
      { sensorId: 9, atMs: 200 },
    ]);
    expect(await store.since(200)).toEqual([
      { sensorId: 9, atMs: 200 },
      { sensorId: 7, atMs: 300 },
    ]);
  });
});
