import {
  createRedisClient,
  LiveStore,
  MemoryLiveStore,
  parseRedisConfig,
  RedisLiveStore,
  WrongTypedKeyError,
  scoresBelow,
  scoresFrom,
} from '@app/core';
import { Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_REDIS_CLUSTER, TEST_REDIS_URL } from './support/backends';

interface Adapter {
  name: string;
  open: () => Promise<{ store: LiveStore; close: () => Promise<void> }>;
}

/**
 * The Redis adapter on the real Redis (a Redis Cluster with TEST_REDIS_CLUSTER), with the service's own
 * client, under a key prefix of its own that is deleted afterwards.
 */
const redisAdapter: Adapter = {
  name: 'RedisLiveStore',
  open: async () => {
    const prefix = `test:contract:${randomBytes(4).toString('hex')}:`;
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_CLUSTER: String(TEST_REDIS_CLUSTER) };
    const client = createRedisClient(parseRedisConfig({ ...env, REDIS_KEY_PREFIX: prefix }));
    const plain = createRedisClient(parseRedisConfig(env));
    await Promise.all([client.connect(), plain.connect()]);
    return {
      store: new RedisLiveStore(client, prefix),
      close: async () => {
        for (const node of plain instanceof Cluster ? plain.nodes('master') : [plain]) {
          const keys = await node.keys(`${prefix}*`);
          await Promise.all(keys.map((key) => plain.del(key)));
        }
        client.disconnect();
        plain.disconnect();
      },
    };
  },
};

const memoryAdapter: Adapter = {
  name: 'MemoryLiveStore',
  open: () => Promise.resolve({ store: new MemoryLiveStore(), close: () => Promise.resolve() }),
};

/** One contract, the same cases for both adapters: the features rely on exactly this behaviour. */
describe.each([memoryAdapter, redisAdapter])('LiveStore contract: $name', (adapter) => {
  let store: LiveStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await adapter.open());
  });
  afterEach(() => close());

  it('raises scores but never lowers them, and counts within inclusive and exclusive bounds', async () => {
    const write = store.batch();
    write.raiseScores('z', [
      { member: 'a', score: 100 },
      { member: 'b', score: 200 },
      { member: 'c', score: 300 },
    ]);
    write.raiseScores('z', [
      { member: 'a', score: 50 },
      { member: 'b', score: 250 },
    ]);
    await write.run();

    const read = store.batch();
    const all = read.countScores('z', { min: -Infinity, max: Infinity });
    const from250 = read.countScores('z', scoresFrom(250));
    const above250 = read.countScores('z', { min: 250, minExclusive: true, max: Infinity });
    const below300 = read.countScores('z', scoresBelow(300));
    const missing = read.countScores('nothing-here', scoresFrom(0));
    const size = read.sortedSetSize('z');
    const members = read.rangeByScore('z', scoresFrom(0));
    await read.run();
    expect([all.value, from250.value, above250.value, below300.value, missing.value, size.value]).toEqual([
      3, 2, 1, 2, 0, 3,
    ]);
    expect(members.value).toEqual([
      { member: 'a', score: 100 },
      { member: 'b', score: 250 },
      { member: 'c', score: 300 },
    ]);
  });

  it('raiseAllTo gives many members one score, keeping higher ones, and refuses a score that is not finite', async () => {
    await store.raiseAllTo('z', [1, 2, 3], 1_000);
    await store.raiseAllTo('z', [2, 4], 500);
    await store.raiseAllTo('z', [], 9_999);
    expect(await store.one((batch) => batch.rangeByScore('z', scoresFrom(-Infinity)))).toEqual([
      { member: '4', score: 500 },
      { member: '1', score: 1_000 },
      { member: '2', score: 1_000 },
      { member: '3', score: 1_000 },
    ]);
    await expect(store.raiseAllTo('z', [5], NaN)).rejects.toThrow('not a valid score: NaN');
  });

  it('ranges by score then member, up to a limit, from an exclusive start', async () => {
    const write = store.batch();
    write.raiseScores('z', [
      { member: 'x2', score: 20 },
      { member: 'x10', score: 20 },
      { member: 'y', score: 10 },
      { member: 'z', score: 30 },
    ]);
    await write.run();
    expect(await store.one((batch) => batch.rangeByScore('z', scoresFrom(0), 2))).toEqual([
      { member: 'y', score: 10 },
      { member: 'x10', score: 20 },
    ]);
    expect(
      await store.one((batch) => batch.rangeByScore('z', { min: 10, minExclusive: true, max: 20 })),
    ).toEqual([
      { member: 'x10', score: 20 },
      { member: 'x2', score: 20 },
    ]);
    expect(await store.one((batch) => batch.rangeByScore('z', { min: 31, max: Infinity }))).toEqual([]);
  });

  it('removes members strictly below a score and says how many went; an emptied set is gone', async () => {
    const write = store.batch();
    write.raiseScores('z', [
      { member: 'a', score: 100 },
      { member: 'b', score: 200 },
      { member: 'c', score: 300 },
    ]);
    await write.run();
    expect(await store.one((batch) => batch.removeByScore('z', scoresBelow(200)))).toBe(1);
    expect(await store.one((batch) => batch.removeByScore('z', scoresBelow(301)))).toBe(2);
    expect(await store.one((batch) => batch.removeByScore('z', scoresBelow(1_000)))).toBe(0);
    expect(await store.one((batch) => batch.sortedSetSize('z'))).toBe(0);
    // A key of another type may take the name now: the set is really gone.
    const reuse = store.batch();
    reuse.incrementHashField('z', 'f', 1, 60);
    const value = reuse.hashValues('z');
    await reuse.run();
    expect(value.value).toEqual([1]);
  });

  it('counts into expiring hashes and counters, and both expire after their time', async () => {
    const write = store.batch();
    write.incrementHashField('h', '404', 1, 1);
    write.incrementHashField('h', '404', 2, 1);
    write.incrementHashField('h', '429', 5, 1);
    const first = write.incrementCounter('n', 3, 1);
    const second = write.incrementCounter('n', 4, 1);
    write.setValue('kept', 'yes');
    write.setValue('short', 'no', 1);
    await write.run();
    expect([first.value, second.value]).toEqual([3, 7]);

    const read = store.batch();
    const values = read.hashValues('h');
    const counter = read.counter('n');
    const none = read.hashValues('missing');
    const zero = read.counter('missing-counter');
    const absent = read.getValue('missing-value');
    await read.run();
    expect([...values.value].sort((a, b) => a - b)).toEqual([3, 5]);
    expect([counter.value, none.value, zero.value, absent.value]).toEqual([7, [], 0, null]);

    await sleep(1_100);
    const later = store.batch();
    const expiredHash = later.hashValues('h');
    const expiredCounter = later.counter('n');
    const expiredValue = later.getValue('short');
    const keptValue = later.getValue('kept');
    await later.run();
    expect([expiredHash.value, expiredCounter.value, expiredValue.value, keptValue.value]).toEqual([
      [],
      0,
      null,
      'yes',
    ]);
  });

  it('applies a batch in order, resolves an empty one, and has no value before it ran', async () => {
    await store.batch().run();
    const batch = store.batch();
    const before = batch.counter('n');
    batch.incrementCounter('n', 2, 60);
    const after = batch.counter('n');
    expect(() => before.value).toThrow('live read used before its batch ran');
    await batch.run();
    expect([before.value, after.value]).toEqual([0, 2]);
  });

  it('reads a key of another type as missing, and refuses writes to it naming the key, writing nothing', async () => {
    // Another program's data under a name the service uses (the replaced Go service's counter).
    const write = store.batch();
    write.setValue('s', 'text');
    await write.run();
    const read = store.batch();
    const values = read.hashValues('s');
    const count = read.countScores('s', scoresFrom(0));
    const range = read.rangeByScore('s', scoresFrom(0));
    const size = read.sortedSetSize('s');
    const counter = read.counter('t');
    await read.run();
    expect([values.value, count.value, range.value, size.value, counter.value]).toEqual([[], 0, [], 0, 0]);

    const wrongTyped =
      /^Redis key "(test:contract:[0-9a-f]{8}:)?s" holds a string where this service keeps a sorted set .*nothing was recorded\./;
    const alone = store.batch();
    alone.raiseScores('s', [{ member: 'a', score: 1 }]);
    await expect(alone.run()).rejects.toThrow(wrongTyped);
    await expect(store.raiseAllTo('s', [1], 1)).rejects.toThrow(wrongTyped);
    // Known now: a batch writing it and another key is refused whole, before anything is applied.
    const both = store.batch();
    both.raiseScores('other', [{ member: 'a', score: 1 }]);
    both.raiseScores('s', [{ member: 'a', score: 1 }]);
    await expect(both.run()).rejects.toThrow(WrongTypedKeyError);
    expect(await store.one((batch) => batch.sortedSetSize('other'))).toBe(0);
    expect(await store.one((batch) => batch.getValue('s'))).toBe('text');
  });

  it('gives a lock to one holder at a time, releases it only to its token, and lets it expire', async () => {
    const token = await store.tryLock('job', 60_000);
    expect(token).not.toBeNull();
    expect(await store.tryLock('job', 60_000)).toBeNull();
    await store.releaseLock('job', 'someone-else');
    expect(await store.tryLock('job', 60_000)).toBeNull();
    await store.releaseLock('job', token!);
    const short = await store.tryLock('job', 200);
    expect(short).not.toBeNull();
    await sleep(300);
    expect(await store.tryLock('job', 60_000)).not.toBeNull();
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const received: string[] = [];
    const unsubscribe = await store.subscribe('news', (message) => received.push(message));
    await store.publish('news', 'one');
    await store.publish('other', 'not for us');
    for (let i = 0; i < 50 && received.length < 1; i++) await sleep(20);
    expect(received).toEqual(['one']);
    await unsubscribe();
    await store.publish('news', 'two');
    await sleep(100);
    expect(received).toEqual(['one']);
  });

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
