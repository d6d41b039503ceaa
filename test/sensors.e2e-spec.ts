import { AppCacheService, MemoryLiveStore } from '@app/core';
import {
  HeartbeatCursor,
  HeartbeatEntry,
  HeartbeatStore,
  LastSeenTurns,
  SENSOR_BREAKDOWN_CACHE_KEY,
  SensorHeartbeatService,
  SensorsConfig,
  sensorsConfig,
  SensorTypeBreakdownService,
} from '@app/sensors';
import { SensorEntity } from '@app/sensors/entities';
import { SensorsRepository } from '@app/sensors/sensors.repository';
import { onRedis } from './support/backends';
import { DAY, insertProject, insertSensors } from './support/fixtures';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';
import { closedPort, sharedCacheEntry } from './support/wait';

const BREAKDOWN = '/api/v1/sensors/type-breakdown';
const HEARTBEATS = '/api/v1/sensors/heartbeats';
const SUMMARY = '/api/v1/metrics/summary';
const WINDOW_MS = 300_000;
/** Enough requests for a whole file from one client IP. */
const ENV = { RATE_LIMIT_PER_MINUTE: '100000' };

async function sensorsOf(ctx: TestContext, types: string[]): Promise<SensorEntity[]> {
  const project = await insertProject(ctx.dataSource, {
    isLive: true,
    createdAt: new Date(Date.now() - DAY),
  });
  return insertSensors(ctx.dataSource, project.id, types);
}

async function deleteAllSensors(ctx: TestContext): Promise<void> {
  await ctx.dataSource.createQueryBuilder().delete().from(SensorEntity).execute();
  await ctx.app.get(SensorTypeBreakdownService).invalidate();
}

function beat(ctx: TestContext, sensorIds: unknown) {
  return ctx.http().post(HEARTBEATS).set('Authorization', `Bearer ${INGEST_KEY}`).send({ sensorIds });
}

async function summary(ctx: TestContext): Promise<{ sensorsOnline: number; sensorsOffline: number }> {
  const res = await ctx.http().get(SUMMARY);
  expect(res.status).toBe(200);
  return { sensorsOnline: res.body.sensorsOnline, sensorsOffline: res.body.sensorsOffline };
}

async function lastSeenById(ctx: TestContext): Promise<Map<number, number | null>> {
  const rows = await ctx.dataSource.getRepository(SensorEntity).find({ order: { id: 'ASC' } });
  return new Map(rows.map((row) => [row.id, row.lastSeenAt ? row.lastSeenAt.getTime() : null]));
}

describe('sensor type breakdown', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
  });
  afterAll(() => ctx.close());
  beforeEach(() => deleteAllSensors(ctx));

  it('answers zero sensors and no types on an empty database', async () => {
    const res = await ctx.http().get(BREAKDOWN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: 0, types: [] });
  });

  it('counts sensors per type, count descending and a tie broken by type name', async () => {
    await sensorsOf(ctx, [
      'pressure',
      'humidity',
      'temperature',
      'co2',
      'temperature',
      'humidity',
      'co2',
      'temperature',
    ]);
    const res = await ctx.http().get(BREAKDOWN);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.body).toEqual({
      total: 8,
      types: [
        { type: 'temperature', count: 3 },
        { type: 'co2', count: 2 },
        { type: 'humidity', count: 2 },
        { type: 'pressure', count: 1 },
      ],
    });
  });

  it('keeps serving the cached numbers until the cache entry is removed', async () => {
    await sensorsOf(ctx, ['temperature', 'temperature', 'temperature', 'co2', 'co2', 'pressure']);
    const first = await ctx.http().get(BREAKDOWN);
    expect(first.body).toEqual({
      total: 6,
      types: [
        { type: 'temperature', count: 3 },
        { type: 'co2', count: 2 },
        { type: 'pressure', count: 1 },
      ],
    });

    await sensorsOf(ctx, ['pressure', 'pressure']);
    const cached = await ctx.http().get(BREAKDOWN);
    expect(cached.body).toEqual(first.body);
    expect(cached.headers['etag']).toBe(first.headers['etag']);

    await ctx.app.get(SensorTypeBreakdownService).invalidate();
    const fresh = await ctx.http().get(BREAKDOWN);
    expect(fresh.body).toEqual({
      total: 8,
      types: [
        { type: 'pressure', count: 3 },
        { type: 'temperature', count: 3 },
        { type: 'co2', count: 2 },
      ],
    });
    expect(fresh.headers['etag']).not.toBe(first.headers['etag']);
  });

  it('answers If-None-Match with the current ETag with 304 and an empty body, and a stale one with 200', async () => {
    await sensorsOf(ctx, ['co2', 'co2', 'humidity']);
    const first = await ctx.http().get(BREAKDOWN);
    const etag: string = first.headers['etag'];

    const notModified = await ctx.http().get(BREAKDOWN).set('If-None-Match', etag);
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers['etag']).toBe(etag);
    expect(notModified.headers['cache-control']).toBe('public, max-age=60, must-revalidate');

    const weakInList = await ctx.http().get(BREAKDOWN).set('If-None-Match', `"other", W/${etag}`);
    expect(weakInList.status).toBe(304);

    await sensorsOf(ctx, ['humidity']);
    await ctx.app.get(SensorTypeBreakdownService).invalidate();
    const changed = await ctx.http().get(BREAKDOWN).set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      total: 4,
      types: [
        { type: 'co2', count: 2 },
        { type: 'humidity', count: 2 },
      ],
    });
    expect(changed.headers['etag']).not.toBe(etag);
  });

  onRedis('in Redis', () => {
    it('stores the breakdown as JSON under sensors:type-breakdown with the configured TTL', async () => {
      await sensorsOf(ctx, ['co2', 'humidity', 'co2']);
      await ctx.http().get(BREAKDOWN);
      const key = `${ctx.keyPrefix}sensors:type-breakdown`;
      const stored = await sharedCacheEntry(ctx.redis!, key);
      expect(stored.value).toEqual({
        total: 3,
        types: [
          { type: 'co2', count: 2 },
          { type: 'humidity', count: 1 },
        ],
      });
      const ttl = await ctx.redis!.pttl(key);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);

      await ctx.app.get(SensorTypeBreakdownService).invalidate();
      expect(await ctx.redis!.exists(key)).toBe(0);
    });
  });
});

describe('sensor type breakdown with SENSOR_BREAKDOWN_TTL=1', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { ...ENV, SENSOR_BREAKDOWN_TTL: '1' } });
  });
  afterAll(() => ctx.close());

  it('recomputes the breakdown once the cache entry has expired', async () => {
    await sensorsOf(ctx, ['co2']);
    expect((await ctx.http().get(BREAKDOWN)).body).toEqual({ total: 1, types: [{ type: 'co2', count: 1 }] });
    await sensorsOf(ctx, ['co2', 'lux']);
    expect((await ctx.http().get(BREAKDOWN)).body).toEqual({ total: 1, types: [{ type: 'co2', count: 1 }] });
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await ctx.http().get(BREAKDOWN)).body).toEqual({
      total: 3,
      types: [
        { type: 'co2', count: 2 },
        { type: 'lux', count: 1 },
      ],
    });
  });
});

describe('sensor heartbeats: online counts, flush and rebuild', () => {
  let ctx: TestContext;
  /** Six sensors; the tests beat the first three. */
  let ids: number[];

  beforeEach(async () => {
    ctx = await createTestApp({ env: ENV });
    ids = (await sensorsOf(ctx, ['co2', 'co2', 'humidity', 'lux', 'lux', 'lux'])).map((sensor) => sensor.id);
  });
  afterEach(() => ctx.close());

  it('accepts known ids once each and lists unknown ids back, once each, in order', async () => {
    const unknownA = ids[5] + 1000;
    const unknownB = ids[5] + 2000;
    const res = await beat(ctx, [ids[0], ids[1], unknownB, ids[1], ids[2], unknownA, unknownB, ids[0]]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 3, unknown: [unknownB, unknownA] });
    expect(await ctx.heartbeats.count()).toBe(3);
  });

  it('counts the sensors that beat within the window as online and the rest as offline', async () => {
    expect(await summary(ctx)).toEqual({ sensorsOnline: 0, sensorsOffline: 6 });
    expect((await beat(ctx, [ids[0], ids[1], ids[2], ids[2]])).body).toEqual({ accepted: 3, unknown: [] });
    expect(await summary(ctx)).toEqual({ sensorsOnline: 3, sensorsOffline: 3 });

    // A heartbeat just outside the window is not online; one just inside is.
    await ctx.heartbeats.record([{ sensorId: ids[3], atMs: Date.now() - 301_000 }]);
    expect(await summary(ctx)).toEqual({ sensorsOnline: 3, sensorsOffline: 3 });
    await ctx.heartbeats.record([{ sensorId: ids[4], atMs: Date.now() - 290_000 }]);
    expect(await summary(ctx)).toEqual({ sensorsOnline: 4, sensorsOffline: 2 });

    // A late, older heartbeat never moves a sensor's time back.
    await ctx.heartbeats.record([{ sensorId: ids[0], atMs: Date.now() - 400_000 }]);
    expect(await summary(ctx)).toEqual({ sensorsOnline: 4, sensorsOffline: 2 });
  });

  it('flush() writes each beaten sensor last_seen_at, to the millisecond, and leaves the others null', async () => {
    const before = Date.now();
    expect((await beat(ctx, [ids[0], ids[1], ids[2]])).status).toBe(202);
    const after = Date.now();
    const live = await ctx.heartbeats.since(0);
    expect(live.map((entry) => entry.sensorId).sort((a, b) => a - b)).toEqual(ids.slice(0, 3));

    const written = await ctx.app.get(SensorHeartbeatService).flush();
    expect(written).toBe(3);

    const lastSeen = await lastSeenById(ctx);
    for (const entry of live) {
      const stored = lastSeen.get(entry.sensorId)!;
      expect(stored).toBe(entry.atMs);
      expect(stored).toBeGreaterThanOrEqual(before);
      expect(stored).toBeLessThanOrEqual(after);
      expect(Math.abs(stored - after)).toBeLessThan(1_000);
    }
    expect([ids[3], ids[4], ids[5]].map((id) => lastSeen.get(id))).toEqual([null, null, null]);
  });

  it('flush() also writes a heartbeat stamped before the previous flush began but stored after it', async () => {
    const service = ctx.app.get(SensorHeartbeatService);
    const stampedAt = Date.now() - 50;
    await service.flush();
    // The request that took this heartbeat was slow: it reached the live store after the flush had read it.
    await ctx.heartbeats.record([{ sensorId: ids[3], atMs: stampedAt }]);
    await service.flush();
    expect((await lastSeenById(ctx)).get(ids[3])).toBe(stampedAt);
  });

  it('rebuildIfLost() refills an empty live store from last_seen_at within the window only', async () => {
    expect((await beat(ctx, [ids[0], ids[1], ids[2]])).status).toBe(202);
    const live = await ctx.heartbeats.since(0);
    await ctx.app.get(SensorHeartbeatService).flush();
    // A sensor last seen just outside the window stays offline.
    await ctx.dataSource
      .getRepository(SensorEntity)
      .update(ids[3], { lastSeenAt: new Date(Date.now() - WINDOW_MS - 5_000) });

    const freshLive = new MemoryLiveStore();
    const fresh = new HeartbeatStore(freshLive);
    const rebuilt = new SensorHeartbeatService(
      ctx.app.get(SensorsRepository),
      fresh,
      freshLive,
      ctx.app.get<SensorsConfig>(sensorsConfig.KEY),
    );
    expect(await rebuilt.rebuildIfLost()).toBe(3);
    const restored = await fresh.since(0);
    expect(restored.sort((a, b) => a.sensorId - b.sensorId)).toEqual(
      live.sort((a, b) => a.sensorId - b.sensorId),
    );
    expect(await fresh.countSince(Date.now() - WINDOW_MS)).toBe(3);
    // Not empty any more: a second call changes nothing.
    expect(await rebuilt.rebuildIfLost()).toBe(0);
    expect(await fresh.count()).toBe(3);
  });

  onRedis('in Redis', () => {
    it('stores each known sensor once in sensors:last_seen with the heartbeat time as score', async () => {
      const before = Date.now();
      await beat(ctx, [ids[2], ids[0], ids[0], ids[5] + 999]);
      const after = Date.now();
      const raw = await ctx.redis!.zrange(`${ctx.keyPrefix}sensors:last_seen`, 0, -1, 'WITHSCORES');
      const members = new Map<string, number>();
      for (let i = 0; i < raw.length; i += 2) members.set(raw[i], Number(raw[i + 1]));
      expect([...members.keys()].sort()).toEqual([String(ids[0]), String(ids[2])].sort());
      for (const score of members.values()) {
        expect(score).toBeGreaterThanOrEqual(before);
        expect(score).toBeLessThanOrEqual(after);
      }
    });

    it('after the live set is deleted, rebuildIfLost() restores the online count from MySQL', async () => {
      await beat(ctx, [ids[0], ids[1], ids[2]]);
      const service = ctx.app.get(SensorHeartbeatService);
      await service.flush();
      const key = `${ctx.keyPrefix}sensors:last_seen`;
      const scoresBefore = await ctx.redis!.zrange(key, 0, -1, 'WITHSCORES');

      await ctx.redis!.del(key);
      expect(await summary(ctx)).toEqual({ sensorsOnline: 0, sensorsOffline: 6 });

      expect(await service.rebuildIfLost()).toBe(3);
      expect(await summary(ctx)).toEqual({ sensorsOnline: 3, sensorsOffline: 3 });
      expect(await ctx.redis!.zrange(key, 0, -1, 'WITHSCORES')).toEqual(scoresBefore);
    });
  });
});

onRedis('sensors with Redis unreachable', () => {
  let ctx: TestContext;
  let ids: number[];

  beforeAll(async () => {
    ctx = await createTestApp({ env: { ...ENV, REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0` } });
    ids = (await sensorsOf(ctx, ['co2', 'co2', 'lux'])).map((sensor) => sensor.id);
  });
  afterAll(() => ctx.close());

  it('still answers the breakdown from MySQL', async () => {
    const res = await ctx.http().get(BREAKDOWN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 3,
      types: [
        { type: 'co2', count: 2 },
        { type: 'lux', count: 1 },
      ],
    });
  });

  it('answers heartbeats it cannot record with 503 problem+json and Retry-After, not 500', async () => {
    const res = await beat(ctx, ids);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      detail: 'Redis is unavailable: nothing was recorded; retry shortly.',
    });
  });
});

async function setLastSeen(ctx: TestContext, id: number, atMs: number | null): Promise<void> {
  await ctx.dataSource
    .getRepository(SensorEntity)
    .update(id, { lastSeenAt: atMs === null ? null : new Date(atMs) });
}

describe('sensor heartbeats: what a flush writes', () => {
  const MINUTE = 60_000;
  let ctx: TestContext;
  let turns: LastSeenTurns;
  /** Twenty-four sensors: four of each group (six groups: a granularity of six minutes). */
  let ids: number[];

  beforeEach(async () => {
    ctx = await createTestApp({ env: { ...ENV, SENSOR_LAST_SEEN_GRANULARITY: '360' } });
    turns = new LastSeenTurns(ctx.app.get<SensorsConfig>(sensorsConfig.KEY).sensorLastSeenGranularityMs);
    ids = (
      await sensorsOf(
        ctx,
        Array.from({ length: 24 }, () => 'co2'),
      )
    ).map((sensor) => sensor.id);
  });
  afterEach(() => ctx.close());

  /** The sensors of the group whose turn it is `minutes` after `nowMs`. */
  function groupAt(nowMs: number, minutes = 0): number[] {
    return ids.filter((id) => turns.phaseOf(id) === turns.turnAt(nowMs + minutes * MINUTE));
  }

  it('writes the latest heartbeat of a sensor at its turn, not before, and never moves a time back', async () => {
    const nowMs = Date.now();
    const atMs = nowMs - 1_000;
    const [due, newer] = groupAt(nowMs);
    const [later] = groupAt(nowMs, 1);
    for (const id of [due, later]) await setLastSeen(ctx, id, nowMs - 3_600_000);
    await setLastSeen(ctx, newer, nowMs);
    await ctx.heartbeats.record([due, newer, later].map((sensorId) => ({ sensorId, atMs })));
    const service = ctx.app.get(SensorHeartbeatService);

    expect(await service.flush(nowMs)).toBe(1);
    let lastSeen = await lastSeenById(ctx);
    expect([due, newer, later].map((id) => lastSeen.get(id))).toEqual([atMs, nowMs, nowMs - 3_600_000]);

    expect(await service.flush(nowMs + MINUTE)).toBe(1);
    lastSeen = await lastSeenById(ctx);
    expect(lastSeen.get(later)).toBe(atMs);
  });

  it('writes a sensor never written before at once, whatever its turn', async () => {
    const nowMs = Date.now();
    const others = ids.filter((id) => !groupAt(nowMs).includes(id));
    await ctx.heartbeats.record(others.map((sensorId) => ({ sensorId, atMs: nowMs - 2_000 })));
    expect(await ctx.app.get(SensorHeartbeatService).flush(nowMs)).toBe(20);
    const lastSeen = await lastSeenById(ctx);
    expect(others.filter((id) => lastSeen.get(id) !== nowMs - 2_000)).toEqual([]);
  });

  it('writes one group a minute when every stored time is old at once, as after an outage', async () => {
    const nowMs = Date.now();
    for (const id of ids) await setLastSeen(ctx, id, nowMs - 3_600_000);
    await ctx.heartbeats.record(ids.map((sensorId) => ({ sensorId, atMs: nowMs - 1_000 })));
    const service = ctx.app.get(SensorHeartbeatService);
    const written: number[] = [];
    for (let minute = 0; minute < turns.phases; minute++) {
      written.push(await service.flush(nowMs + minute * MINUTE));
      const lastSeen = await lastSeenById(ctx);
      expect(groupAt(nowMs, minute).map((id) => lastSeen.get(id))).toEqual(
        [...Array(4)].map(() => nowMs - 1_000),
      );
    }
    expect(written).toEqual([4, 4, 4, 4, 4, 4]);
  });
});

describe('sensor heartbeats: paging through the live set', () => {
  let ctx: TestContext;
  let ids: number[];

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
    const project = await insertProject(ctx.dataSource, {
      isLive: true,
      createdAt: new Date(Date.now() - DAY),
    });
    ids = [];
    for (let start = 0; start < 2_700; start += 500) {
      const batch = await insertSensors(
        ctx.dataSource,
        project.id,
        Array.from({ length: 500 }, () => 'lux'),
      );
      ids.push(...batch.map((sensor) => sensor.id));
    }
    ids = ids.slice(0, 2_700);
  }, 120_000);
  afterAll(() => ctx.close());

  it('flushes 2,500 heartbeats of one time between others with a page of 1,000, each exactly once', async () => {
    const now = Date.now();
    const entries: HeartbeatEntry[] = [
      ...ids.slice(0, 100).map((sensorId, i) => ({ sensorId, atMs: now - 10_000 + i })),
      ...ids.slice(100, 2_600).map((sensorId) => ({ sensorId, atMs: now - 5_000 })),
      ...ids.slice(2_600).map((sensorId, i) => ({ sensorId, atMs: now - 4_000 + i })),
    ];
    await ctx.heartbeats.record(entries);

    const pages: HeartbeatEntry[][] = [];
    let cursor: HeartbeatCursor | null = { ms: now - 60_000, inclusive: true };
    while (cursor !== null) {
      const page = await ctx.heartbeats.page(cursor, 1_000);
      pages.push(page.entries);
      cursor = page.next;
    }
    expect(pages.map((page) => page.length)).toEqual([2_600, 100]);
    expect(pages.flat().map((entry) => entry.atMs)).toEqual(entries.map((entry) => entry.atMs));

    const service = ctx.app.get(SensorHeartbeatService);
    service.flushPageSize = 1_000;
    expect(await service.flush()).toBe(2_700);
    const lastSeen = await lastSeenById(ctx);
    expect(entries.filter((entry) => lastSeen.get(entry.sensorId) !== entry.atMs)).toEqual([]);
  });
});

describe('sensor heartbeats: rebuild after the live set is lost', () => {
  let ctx: TestContext;
  let ids: number[];

  beforeEach(async () => {
    ctx = await createTestApp({ env: ENV });
    ids = (await sensorsOf(ctx, ['co2', 'co2', 'lux', 'lux'])).map((sensor) => sensor.id);
  });
  afterEach(() => ctx.close());

  it('restores each sensor at its stored time, so one still beating may read offline until its next heartbeat', async () => {
    const now = Date.now();
    const [storedRecently, storedLongAgo, neverStored, stopped] = ids;
    await setLastSeen(ctx, storedRecently, now - 200_000);
    await setLastSeen(ctx, storedLongAgo, now - WINDOW_MS - 10_000);
    await setLastSeen(ctx, stopped, now - WINDOW_MS + 30_000);
    // The live set had newer heartbeats than the stored times (not yet due to be written) when it was lost.
    const lost = new HeartbeatStore(new MemoryLiveStore());
    await lost.record(
      [storedRecently, storedLongAgo, neverStored].map((sensorId) => ({ sensorId, atMs: now - 5_000 })),
    );

    const freshLive = new MemoryLiveStore();
    const fresh = new HeartbeatStore(freshLive);
    const rebuilt = new SensorHeartbeatService(
      ctx.app.get(SensorsRepository),
      fresh,
      freshLive,
      ctx.app.get<SensorsConfig>(sensorsConfig.KEY),
    );
    expect(await rebuilt.rebuildIfLost()).toBe(2);
    expect((await fresh.since(0)).sort((a, b) => a.sensorId - b.sensorId)).toEqual(
      [
        { sensorId: storedRecently, atMs: now - 200_000 },
        { sensorId: stopped, atMs: now - WINDOW_MS + 30_000 },
      ].sort((a, b) => a.sensorId - b.sensorId),
    );
    const online = () => fresh.countSince(Date.now() - WINDOW_MS);
    expect(await online()).toBe(2);
    // The next heartbeats of those still beating put them back online.
    await rebuilt.record([storedLongAgo, neverStored]);
    expect(await online()).toBe(4);
  });

  onRedis('in Redis', () => {
    it('after the live set is deleted, the summary counts what the stored times say, then the next heartbeats', async () => {
      const now = Date.now();
      await setLastSeen(ctx, ids[0], now - 100_000);
      await setLastSeen(ctx, ids[1], now - WINDOW_MS - 1_000);
      await ctx.redis!.del(`${ctx.keyPrefix}sensors:last_seen`);
      expect(await ctx.app.get(SensorHeartbeatService).rebuildIfLost()).toBe(1);
      expect(await summary(ctx)).toEqual({ sensorsOnline: 1, sensorsOffline: 3 });
      expect((await beat(ctx, [ids[1]])).body).toEqual({ accepted: 1, unknown: [] });
      expect(await summary(ctx)).toEqual({ sensorsOnline: 2, sensorsOffline: 2 });
    });
  });
});

describe('sensor heartbeats: which ids are known', () => {
  let ctx: TestContext;
  let ids: number[];

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
    ids = (await sensorsOf(ctx, ['co2', 'lux'])).map((sensor) => sensor.id);
  });
  afterAll(() => ctx.close());

  it('keeps reporting an unknown id until a sensor with that id is inserted, then accepts it', async () => {
    const next = Math.max(...ids) + 1;
    expect((await beat(ctx, [ids[0], next])).body).toEqual({ accepted: 1, unknown: [next] });
    expect((await beat(ctx, [next, ids[1]])).body).toEqual({ accepted: 1, unknown: [next] });
    const [inserted] = await sensorsOf(ctx, ['humidity']);
    expect(inserted.id).toBe(next);
    expect((await beat(ctx, [next, ids[0], ids[1]])).body).toEqual({ accepted: 3, unknown: [] });
    expect(await ctx.heartbeats.count()).toBe(3);
  });

  // Refusals (keys, validation) are proved over HTTP alone in test/http/sensors.spec.ts; what the service
  // answers to an accepted request is proved here.
  it('accepts the key as X-API-Key too', async () => {
    const res = await ctx
      .http()
      .post(HEARTBEATS)
      .set('X-API-Key', INGEST_KEY)
      .send({ sensorIds: [ids[0]] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, unknown: [] });
  });

  it('accepts exactly 1000 ids', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => 1_000_000 + i);
    const res = await beat(ctx, [...many.slice(0, 999), ids[1]]);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.unknown).toEqual(many.slice(0, 999));
  });
});

describe('sensor type breakdown: the kept counts', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
  });
  afterAll(() => ctx.close());
  beforeEach(() => deleteAllSensors(ctx));

  async function coldBreakdown() {
    await ctx.app.get(AppCacheService).del(SENSOR_BREAKDOWN_CACHE_KEY);
    const res = await ctx.http().get(BREAKDOWN);
    expect(res.status).toBe(200);
    return res.body as { total: number; types: { type: string; count: number }[] };
  }

  it('answers a cold request from the kept counts, and a recount makes them equal the GROUP BY again', async () => {
    await sensorsOf(ctx, ['co2', 'co2', 'lux']);
    expect(await coldBreakdown()).toEqual({
      total: 3,
      types: [
        { type: 'co2', count: 2 },
        { type: 'lux', count: 1 },
      ],
    });

    // The platform adds and removes sensors in the database directly.
    const added = await sensorsOf(ctx, ['lux', 'lux', 'humidity']);
    await ctx.dataSource.getRepository(SensorEntity).delete(added[2].id);
    const repository = ctx.app.get(SensorsRepository);
    expect((await repository.storedTypeCounts()).types).toEqual([
      { type: 'co2', count: 2 },
      { type: 'lux', count: 1 },
    ]);
    // Until the next recount, a cold request answers the kept counts: no request counts every sensor.
    expect((await coldBreakdown()).total).toBe(3);

    const recounted = await ctx.app.get(SensorTypeBreakdownService).recount();
    const groupBy = await repository.countByType();
    expect(recounted).toEqual(groupBy);
    expect((await repository.storedTypeCounts()).types).toEqual(groupBy);
    expect(groupBy).toEqual([
      { type: 'lux', count: 3 },
      { type: 'co2', count: 2 },
    ]);
    expect(await coldBreakdown()).toEqual({ total: 5, types: groupBy });
  });

  it('drops a type that no sensor has any more from the kept counts', async () => {
    const [only] = await sensorsOf(ctx, ['pressure']);
    await sensorsOf(ctx, ['co2']);
    await coldBreakdown();
    await ctx.dataSource.getRepository(SensorEntity).delete(only.id);
    await ctx.app.get(SensorTypeBreakdownService).recount();
    expect((await ctx.app.get(SensorsRepository).storedTypeCounts()).types).toEqual([
      { type: 'co2', count: 1 },
    ]);
    expect(await coldBreakdown()).toEqual({ total: 1, types: [{ type: 'co2', count: 1 }] });
  });
});

onRedis('sensor heartbeats: an instance that stops', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
  });
  afterAll(() => ctx.close());

  it('writes its pending heartbeats before its connections close', async () => {
    const [sensor] = await sensorsOf(ctx, ['co2']);
    const stopping = await createTestApp({ shareWith: ctx, env: ENV });
    expect((await beat(stopping, [sensor.id])).body).toEqual({ accepted: 1, unknown: [] });
    const [live] = await ctx.heartbeats.since(0);
    await stopping.close();
    expect((await lastSeenById(ctx)).get(sensor.id)).toBe(live.atMs);
  });
});
