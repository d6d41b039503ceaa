import { MetricSample, toSqlDateTime, unixMinute } from '@app/core';
import { mulberry32 } from '@app/demo/prng';
import { MetricSamplerService, MetricSamplesRepository, MetricsConfig, metricsConfig } from '@app/metrics';
import { MetricSampleEntity } from '@app/metrics/entities';
import { HISTORY_INTERVALS, HistoryInterval } from '@app/metrics/dto/metric-history.dto';
import { levelFor } from '@app/metrics/metric-history.service';
import { DAY, HOUR, insertProject, insertSensors, MINUTE } from './support/fixtures';
import { createTestApp, TestContext } from './support/test-app';
import { awayFromMinuteEdge } from './support/wait';

const T0 = Date.parse('2026-01-01T00:00:00Z');

async function insertSamples(
  ctx: TestContext,
  metric: string,
  samples: Array<[minutesAfterT0: number, value: number]>,
) {
  // The way minutes are written in production: the repository keeps the hourly and daily rollups.
  await ctx.app
    .get(MetricSamplesRepository)
    .upsert(samples.map(([minutes, value]) => ({ metric, ts: new Date(T0 + minutes * MINUTE), value })));
}

describe('GET /api/v1/metrics/history', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
    await insertSamples(ctx, 'activeUsers', [
      [0, 10],
      [1, 20],
      [4, 30], // bucket 00:00 averages 20
      // 00:05 bucket empty
      [10, 7],
      [14, 8], // 00:10 averages 7.5
      [20, 5],
      [25, 99], // after `to`'s bucket: never read
    ]);
    await insertSamples(ctx, 'apiRejections', [
      [0, 3],
      [2, 4], // 00:00 sums to 7
      [6, 1],
    ]);
    await insertSamples(ctx, 'activeUsers.web', [[30, 4]]);
  });
  afterAll(() => ctx.close());

  it('averages a gauge into UTC-aligned buckets with null gaps, both ends included', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers',
      interval: '5m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:20:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      metricType: 'activeUsers',
      interval: '5m',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T00:20:00.000Z',
      aggregation: 'avg',
      unit: 'users',
      points: [
        { timestamp: '2026-01-01T00:00:00.000Z', value: 20 },
        { timestamp: '2026-01-01T00:05:00.000Z', value: null },
        { timestamp: '2026-01-01T00:10:00.000Z', value: 7.5 },
        { timestamp: '2026-01-01T00:15:00.000Z', value: null },
        { timestamp: '2026-01-01T00:20:00.000Z', value: 5 },
      ],
    });
  });

  it('sums a count', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'apiRejections',
      interval: '5m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:09:59Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.aggregation).toBe('sum');
    expect(res.body.unit).toBe('requests');
    expect(res.body.points).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: 7 },
      { timestamp: '2026-01-01T00:05:00.000Z', value: 1 },
    ]);
  });

  it('aligns buckets to UTC whatever the offset and position of from/to', async () => {
    // 01:03 at +01:00 is 00:03Z: its 5m bucket starts at 00:00Z; 00:12Z falls in the 00:10 bucket.
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers',
      interval: '5m',
      from: '2026-01-01T01:03:00+01:00',
      to: '2026-01-01T00:12:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-01-01T00:03:00.000Z');
    expect(res.body.points.map((p: { timestamp: string }) => p.timestamp)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:05:00.000Z',
      '2026-01-01T00:10:00.000Z',
    ]);
    const hourly = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers',
      interval: '1h',
      from: '2026-01-01T00:30:00Z',
      to: '2026-01-01T01:10:00Z',
    });
    expect(hourly.body.points).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: (10 + 20 + 30 + 7 + 8 + 5 + 99) / 7 },
      { timestamp: '2026-01-01T01:00:00.000Z', value: null },
    ]);
  });

  it('serves per-platform metrics', async () => {
    const res = await ctx.http().get('/api/v1/metrics/history').query({
      type: 'activeUsers.web',
      interval: '30m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:59:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body.points).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: null },
      { timestamp: '2026-01-01T00:30:00.000Z', value: 4 },
    ]);
  });

  it('defaults to 5m and the 288 intervals before now', async () => {
    const before = Date.now();
    const res = await ctx.http().get('/api/v1/metrics/history').query({ type: 'activeUsers' });
    expect(res.status).toBe(200);
    expect(res.body.interval).toBe('5m');
    expect(res.body.points).toHaveLength(289);
    const last = Date.parse(res.body.points[288].timestamp);
    expect(last).toBe(Math.floor(Date.parse(res.body.to) / 300_000) * 300_000);
    expect(Date.parse(res.body.to)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(288 * 300_000);
  });

  it('accepts exactly 2000 points and refuses 2001, saying why', async () => {
    const ok = await ctx
      .http()
      .get('/api/v1/metrics/history')
      .query({
        type: 'activeUsers',
        interval: '1m',
        from: '2026-01-01T00:00:00Z',
        to: new Date(T0 + 1999 * MINUTE).toISOString(),
      });
    expect(ok.status).toBe(200);
    expect(ok.body.points).toHaveLength(2000);
    const tooMany = await ctx
      .http()
      .get('/api/v1/metrics/history')
      .query({
        type: 'activeUsers',
        interval: '1m',
        from: '2026-01-01T00:00:00Z',
        to: new Date(T0 + 2000 * MINUTE).toISOString(),
      });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      {
        field: 'from',
        message: 'the range holds 2001 points of 1m; at most 2000: use a larger interval or a shorter range',
      },
    ]);
  });

  // The query's shape (interval, dates, unknown and renamed parameters, a missing type) is proven in the
  // HTTP tier (test/http/metrics.spec.ts); what needs the registry and the service stays here.
  it.each([
    [
      { type: 'nope' },
      'type',
      'type must be one of: activeUsers, activeUsers.web, activeUsers.mobile-app1, activeUsers.mobile-app2, sensorsOnline, sensorsOffline, liveProjects, apiRejections',
    ],
    [
      { type: 'activeUsers', from: '2026-01-01T01:00:00Z', to: '2026-01-01T01:00:00Z' },
      'from',
      'from must be earlier than to',
    ],
    [
      { type: 'activeUsers', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      'from',
      'from must be earlier than to',
    ],
  ])('refuses %j with a 400 naming %s', async (query, field, message) => {
    const res = await ctx.http().get('/api/v1/metrics/history').query(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field, message }]);
  });

  it('lists the registered metrics with unit and aggregation', async () => {
    const res = await ctx.http().get('/api/v1/metrics/types');
    expect(res.status).toBe(200);
    const byType = Object.fromEntries(res.body.items.map((item: { type: string }) => [item.type, item]));
    expect(Object.keys(byType)).toEqual([
      'activeUsers',
      'activeUsers.web',
      'activeUsers.mobile-app1',
      'activeUsers.mobile-app2',
      'sensorsOnline',
      'sensorsOffline',
      'liveProjects',
      'apiRejections',
    ]);
    expect(byType.activeUsers).toMatchObject({ label: 'Active users', unit: 'users', aggregation: 'avg' });
    expect(byType['activeUsers.mobile-app1'].label).toBe('Active users on mobile-app1');
    expect(byType.apiRejections).toMatchObject({
      label: 'Rejected requests',
      unit: 'requests',
      aggregation: 'sum',
    });
    expect(byType.sensorsOnline.label).toBe('Sensors online');
    expect(byType.sensorsOffline.label).toBe('Sensors offline');
    expect(byType.liveProjects.label).toBe('Live projects');
    expect(byType.liveProjects.description).toEqual(expect.any(String));
  });
});

describe('the sampler', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('records every metric once per minute, upserting, on one instance, and trims stale activity', async () => {
    await awayFromMinuteEdge(8_000); // the second run, 5 s later, must fall in the same minute
    const now = Date.now();
    const minuteStart = unixMinute(now) * MINUTE;
    const project = await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date(now - 1000) });
    const sensors = await insertSensors(ctx.dataSource, project.id, ['co2', 'co2', 'humidity']);
    await ctx.heartbeats.record([{ sensorId: sensors[0].id, atMs: now - 1000 }]);
    await ctx.activeUsers.record([
      { userId: 'a', platform: 'web', atMs: now - 1000 },
      { userId: 'b', platform: 'mobile-app2', atMs: now - 2000 },
      { userId: 'stale', platform: 'web', atMs: now - 400_000 },
    ]);
    await ctx.rejections.count(404, minuteStart - 30_000);
    await ctx.rejections.count(429, minuteStart - 10_000);

    const sampler = ctx.app.get(MetricSamplerService);
    const run = await sampler.runOnce(now);
    expect(run).toMatchObject({ ran: true, recorded: 8, trimmed: 2 });
    // Same minute again (another instance, or a retry): the minute's lock says no.
    expect((await sampler.runOnce(now + 5_000)).ran).toBe(false);

    const rows = await ctx.dataSource.getRepository(MetricSampleEntity).find({ order: { metric: 'ASC' } });
    const values = Object.fromEntries(
      rows.map((row) => [row.metric, [new Date(row.ts).toISOString(), row.value]]),
    );
    const at = new Date(minuteStart).toISOString();
    expect(values).toEqual({
      activeUsers: [at, 2],
      'activeUsers.web': [at, 1],
      'activeUsers.mobile-app1': [at, 0],
      'activeUsers.mobile-app2': [at, 1],
      apiRejections: [new Date(minuteStart - MINUTE).toISOString(), 2],
      liveProjects: [at, 1],
      sensorsOffline: [at, 2],
      sensorsOnline: [at, 1],
    });
    expect(rows).toHaveLength(8);

    // The next minute writes new rows; re-writing a minute overwrites, never duplicates.
    await sampler.runOnce(now + MINUTE);
    expect(await ctx.dataSource.getRepository(MetricSampleEntity).count()).toBe(16);
  });
});

describe('history from hourly and daily rollups', () => {
  /** The first day of the data; six days of minutes follow, with gaps. */
  const T1 = Date.parse('2026-03-01T00:00:00Z');
  const DAYS = 6;
  const METRICS = { activeUsers: 'avg', apiRejections: 'sum', sensorsOnline: 'avg' } as const;
  type Metric = keyof typeof METRICS;
  const ROLLED_UP: HistoryInterval[] = ['1h', '6h', '12h', '1d'];
  const FROM_MINUTES: HistoryInterval[] = ['1m', '5m', '15m', '30m'];

  let ctx: TestContext;
  let repository: MetricSamplesRepository;
  /** What the tables should hold, kept by the test alongside every write: metric -> minute start -> value. */
  const minutes = new Map<Metric, Map<number, number>>(
    Object.keys(METRICS).map((metric) => [metric as Metric, new Map()]),
  );
  const random = mulberry32(20_260_301);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  async function write(samples: MetricSample[]): Promise<void> {
    await repository.upsert(samples);
    for (const { metric, ts, value } of samples) minutes.get(metric as Metric)!.set(ts.getTime(), value);
  }

  /**
   * Equal, or within 1e-9 of the larger magnitude (the same minutes added up in another order); null only
   * against null. Checked by hand and thrown with the bucket named: there are hundreds of thousands.
   */
  function assertClose(actual: number | null, expected: number | null, where: string): void {
    if (actual === expected) return;
    const scale = Math.max(Math.abs(actual ?? 0), Math.abs(expected ?? 0));
    if (actual === null || expected === null || !(Math.abs(actual - expected) <= 1e-9 * scale)) {
      throw new Error(`${where}: got ${actual}, expected ${expected}`);
    }
  }

  /** The buckets the API answers for [fromMs, toMs] (bucket starts, both ends' buckets included). */
  function bucketRange(interval: HistoryInterval, fromMs: number, toMs: number) {
    const stepMs = HISTORY_INTERVALS[interval] * 1000;
    const first = Math.floor(fromMs / stepMs) * stepMs;
    const last = Math.floor(toMs / stepMs) * stepMs;
    return {
      stepMs,
      first,
      last,
      starts: Array.from({ length: (last - first) / stepMs + 1 }, (_, i) => first + i * stepMs),
    };
  }

  /** The test's own aggregation of its minutes: average or sum per bucket, null where none. */
  function reference(
    metric: Metric,
    interval: HistoryInterval,
    fromMs: number,
    toMs: number,
  ): (number | null)[] {
    const { stepMs, starts } = bucketRange(interval, fromMs, toMs);
    const sums = new Map<number, { sum: number; count: number }>();
    for (const [ts, value] of minutes.get(metric)!) {
      const start = Math.floor(ts / stepMs) * stepMs;
      const bucket = sums.get(start) ?? { sum: 0, count: 0 };
      sums.set(start, { sum: bucket.sum + value, count: bucket.count + 1 });
    }
    return starts.map((start) => {
      const bucket = sums.get(start);
      if (bucket === undefined) return null;
      return METRICS[metric] === 'sum' ? bucket.sum : bucket.sum / bucket.count;
    });
  }

  /** The answer from the minutes themselves: the path every interval took before rollups. */
  async function fromRawMinutes(metric: Metric, interval: HistoryInterval, fromMs: number, toMs: number) {
    const { stepMs, first, last, starts } = bucketRange(interval, fromMs, toMs);
    const buckets = await repository.buckets(
      metric,
      first,
      last + stepMs,
      stepMs / 1000,
      METRICS[metric],
      'minute',
    );
    const byStart = new Map(buckets.map((bucket) => [bucket.bucketStart * 1000, bucket.value]));
    return starts.map((start) => byStart.get(start) ?? null);
  }

  /** The answer from the level the service picks for this interval, read through the repository (no cache). */
  async function fromLevel(metric: Metric, interval: HistoryInterval, fromMs: number, toMs: number) {
    const { stepMs, first, last, starts } = bucketRange(interval, fromMs, toMs);
    const level = levelFor(stepMs / 1000);
    const buckets = await repository.buckets(
      metric,
      first,
      last + stepMs,
      stepMs / 1000,
      METRICS[metric],
      level,
    );
    const byStart = new Map(buckets.map((bucket) => [bucket.bucketStart * 1000, bucket.value]));
    return starts.map((start) => byStart.get(start) ?? null);
  }

  async function fromApi(metric: Metric, interval: HistoryInterval, fromMs: number, toMs: number) {
    const res = await ctx
      .http()
      .get('/api/v1/metrics/history')
      .query({
        type: metric,
        interval,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
      });
    expect(res.status).toBe(200);
    const { starts } = bucketRange(interval, fromMs, toMs);
    expect(res.body.points.map((point: { timestamp: string }) => Date.parse(point.timestamp))).toEqual(
      starts,
    );
    return res.body.points.map((point: { value: number | null }) => point.value) as (number | null)[];
  }

  /** Compares an answer with the raw path and with the reference, bucket by bucket; counts what it saw. */
  async function expectSameAsMinutes(
    answer: (number | null)[],
    metric: Metric,
    interval: HistoryInterval,
    fromMs: number,
    toMs: number,
    seen = { values: 0, nulls: 0 },
  ) {
    const raw = await fromRawMinutes(metric, interval, fromMs, toMs);
    const expected = reference(metric, interval, fromMs, toMs);
    const where = `${metric} ${interval} ${new Date(fromMs).toISOString()}..${new Date(toMs).toISOString()}`;
    expect(answer).toHaveLength(expected.length);
    expect(raw).toHaveLength(expected.length);
    // Whole numbers add up exactly in any order: there the answers must be identical.
    const exact = METRICS[metric] === 'sum' || metric === 'sensorsOnline';
    answer.forEach((value, i) => {
      if (exact && value !== raw[i])
        throw new Error(`${where} bucket ${i}: got ${value}, the minutes give ${raw[i]}`);
      assertClose(value, raw[i], `${where} bucket ${i} against the minutes`);
      assertClose(value, expected[i], `${where} bucket ${i} against the reference`);
      if (value === null) seen.nulls++;
      else seen.values++;
    });
    return seen;
  }

  /** A random range of at most 2000 buckets around the data (and beyond its ends), to the millisecond. */
  function randomRange(intervals: readonly HistoryInterval[]) {
    const metric = pick(Object.keys(METRICS)) as Metric;
    const interval = pick(intervals);
    const stepMs = HISTORY_INTERVALS[interval] * 1000;
    const fromMs = T1 - 1.5 * DAY + Math.floor(random() * (DAYS + 3) * DAY);
    const longest = Math.min(1_998 * stepMs, (DAYS + 3) * DAY);
    const toMs = fromMs + 1 + Math.floor(random() * random() * longest);
    return { metric, interval, fromMs, toMs };
  }

  /** A DATETIME as MySQL returns it (a Date) or SQLite stores it (UTC text), as epoch ms. */
  function epochOf(value: unknown): number {
    return value instanceof Date ? value.getTime() : Date.parse(`${String(value).replace(' ', 'T')}Z`);
  }

  async function rollupRows(table: string) {
    const rows = await ctx.dataSource.query<
      { metric: string; ts: unknown; value_sum: number | string; sample_count: number | string }[]
    >(`SELECT metric, ts, value_sum, sample_count FROM ${table} ORDER BY metric, ts`);
    return rows.map((row) => ({
      metric: row.metric,
      ts: new Date(epochOf(row.ts)).toISOString(),
      sum: Number(row.value_sum),
      count: Number(row.sample_count),
    }));
  }

  beforeAll(async () => {
    // A few hundred requests from one client: far from any limit.
    ctx = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    repository = ctx.app.get(MetricSamplesRepository);
    const samples: MetricSample[] = [];
    for (let minute = 0; minute < DAYS * 1_440; minute++) {
      const ts = new Date(T1 + minute * MINUTE);
      const day = Math.floor(minute / 1_440);
      const ofDay = minute % 1_440;
      // A gauge with fractions: all of day 3 missing, 02:10-05:47 of day 1 missing, and a tenth of the rest.
      const gap = day === 3 || (day === 1 && ofDay >= 130 && ofDay < 347);
      if (random() > 0.1 && !gap) samples.push({ metric: 'activeUsers', ts, value: random() * 1_000 });
      // A count, in three minutes of ten.
      if (random() < 0.3) samples.push({ metric: 'apiRejections', ts, value: Math.floor(random() * 20) });
      // A whole-number gauge from 10:17 on day 0 to 13:36 on day 2, and again from noon on day 5.
      if ((minute >= 617 && minute < 2 * 1_440 + 817) || minute >= 5 * 1_440 + 720) {
        samples.push({ metric: 'sensorsOnline', ts, value: 1_000 + Math.floor(random() * 50) });
      }
    }
    // Written as minutes arrive: in time order, a few hours at a time.
    for (let i = 0; i < samples.length; i += 240) await write(samples.slice(i, i + 240));
  });
  afterAll(() => ctx.close());

  it('keeps one hourly and one daily row per metric and period holding minutes, with their sums and counts', async () => {
    for (const [table, periodMs] of [
      ['metric_samples_hourly', HOUR],
      ['metric_samples_daily', DAY],
    ] as const) {
      const expected = new Map<string, { sum: number; count: number }>();
      for (const [metric, values] of minutes) {
        for (const [ts, value] of values) {
          const key = `${metric} ${new Date(Math.floor(ts / periodMs) * periodMs).toISOString()}`;
          const period = expected.get(key) ?? { sum: 0, count: 0 };
          expected.set(key, { sum: period.sum + value, count: period.count + 1 });
        }
      }
      const rows = await rollupRows(table);
      expect(rows.map((row) => `${row.metric} ${row.ts}`).sort()).toEqual([...expected.keys()].sort());
      for (const row of rows) {
        const period = expected.get(`${row.metric} ${row.ts}`)!;
        expect(row.count).toBe(period.count);
        assertClose(row.sum, period.sum, `${table} ${row.metric} ${row.ts}`);
      }
    }
  });

  it('answers 1h, 6h, 12h and 1d as the minutes do, on 300 random ranges (and the smaller intervals too)', async () => {
    const seen = { values: 0, nulls: 0 };
    for (let i = 0; i < 300; i++) {
      const { metric, interval, fromMs, toMs } = randomRange(i % 5 === 4 ? FROM_MINUTES : ROLLED_UP);
      await expectSameAsMinutes(
        await fromApi(metric, interval, fromMs, toMs),
        metric,
        interval,
        fromMs,
        toMs,
        seen,
      );
    }
    // The ranges really covered data and gaps.
    expect(seen.values).toBeGreaterThan(5_000);
    expect(seen.nulls).toBeGreaterThan(1_000);
  });

  it.each([
    // The gauge starts at 10:17 and ends at 13:36: first and last hours and days are partial.
    ['sensorsOnline', '1h', '2026-03-01T10:17:23.456Z', '2026-03-03T13:37:00.001Z'],
    ['sensorsOnline', '1d', '2026-03-01T10:17:00Z', '2026-03-06T12:00:00Z'],
    ['sensorsOnline', '12h', '2026-03-01T00:00:00Z', '2026-03-06T23:59:59.999Z'],
    // `to` exactly on a bucket's start includes that bucket.
    ['apiRejections', '6h', '2026-03-01T05:59:59.999Z', '2026-03-06T18:00:00Z'],
    ['activeUsers', '1h', '2026-03-02T01:30:00+01:00', '2026-03-02T06:15:00Z'],
    ['activeUsers', '1d', '2026-02-27T12:00:00Z', '2026-03-08T12:00:00Z'],
  ] as const)(
    '%s at %s from %s to %s, starting and ending mid-period',
    async (metric, interval, from, to) => {
      const fromMs = Date.parse(from);
      const toMs = Date.parse(to);
      const seen = await expectSameAsMinutes(
        await fromApi(metric, interval, fromMs, toMs),
        metric,
        interval,
        fromMs,
        toMs,
      );
      expect(seen.values).toBeGreaterThan(0);
    },
  );

  it.each(['1h', '6h', '12h', '1d'] as const)(
    'answers %s with nulls only where no minute exists',
    async (interval) => {
      for (const [metric, from, to] of [
        ['activeUsers', '2026-03-04T00:00:00Z', '2026-03-04T23:59:59.999Z'], // day 3: a whole day's gap
        ['sensorsOnline', '2026-03-04T00:00:00Z', '2026-03-06T11:59:00Z'], // ends in the 1d/12h bucket of noon
        ['apiRejections', '2026-02-20T00:00:00Z', '2026-02-28T23:59:59.999Z'], // before any data
        ['activeUsers', '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z'], // after it
      ] as const) {
        const fromMs = Date.parse(from);
        const toMs = Date.parse(to);
        const answer = await fromApi(metric, interval, fromMs, toMs);
        const expected = reference(metric, interval, fromMs, toMs);
        await expectSameAsMinutes(answer, metric, interval, fromMs, toMs);
        if (expected.every((value) => value === null))
          expect(answer.every((value) => value === null)).toBe(true);
      }
      // The whole-day gap is all null at every interval.
      const gapDay = await fromApi(
        'activeUsers',
        interval,
        Date.parse('2026-03-04T00:00:00Z'),
        Date.parse('2026-03-04T23:59:59Z'),
      );
      expect(gapDay.every((value) => value === null)).toBe(true);
    },
  );

  it('gives the same rollups when minutes are written again, in any order', async () => {
    const before = [await rollupRows('metric_samples_hourly'), await rollupRows('metric_samples_daily')];
    const replay: MetricSample[] = [];
    for (const [metric, values] of minutes) {
      for (const [ts, value] of values) if (random() < 0.03) replay.push({ metric, ts: new Date(ts), value });
    }
    replay.sort(() => random() - 0.5);
    for (let i = 0; i < replay.length; i += 50) await write(replay.slice(i, i + 50));
    expect(replay.length).toBeGreaterThan(200);
    expect([await rollupRows('metric_samples_hourly'), await rollupRows('metric_samples_daily')]).toEqual(
      before,
    );
  });

  it('takes in a minute arriving after its hour and day were rolled up', async () => {
    const lateGap = Date.parse('2026-03-04T07:42:00Z'); // in activeUsers' missing day
    const changed = [...minutes.get('apiRejections')!.keys()][100]; // an existing minute, overwritten
    const newDay = Date.parse('2026-03-05T00:00:00Z'); // the first minute of a day sensorsOnline missed
    await write([
      { metric: 'activeUsers', ts: new Date(lateGap), value: 123.25 },
      {
        metric: 'apiRejections',
        ts: new Date(changed),
        value: minutes.get('apiRejections')!.get(changed)! + 5,
      },
      { metric: 'sensorsOnline', ts: new Date(newDay), value: 1_234 },
    ]);
    const hourly = await rollupRows('metric_samples_hourly');
    const daily = await rollupRows('metric_samples_daily');
    expect(hourly).toContainEqual({
      metric: 'activeUsers',
      ts: '2026-03-04T07:00:00.000Z',
      sum: 123.25,
      count: 1,
    });
    expect(daily).toContainEqual({
      metric: 'activeUsers',
      ts: '2026-03-04T00:00:00.000Z',
      sum: 123.25,
      count: 1,
    });
    expect(daily).toContainEqual({
      metric: 'sensorsOnline',
      ts: '2026-03-05T00:00:00.000Z',
      sum: 1_234,
      count: 1,
    });
    // Every level still answers as the minutes do, around the late minutes and anywhere.
    for (const interval of ROLLED_UP) {
      for (const metric of Object.keys(METRICS) as Metric[]) {
        const fromMs = T1 - DAY;
        const toMs = T1 + (DAYS + 1) * DAY - 1;
        await expectSameAsMinutes(
          await fromLevel(metric, interval, fromMs, toMs),
          metric,
          interval,
          fromMs,
          toMs,
        );
      }
    }
    for (let i = 0; i < 50; i++) {
      const { metric, interval, fromMs, toMs } = randomRange(ROLLED_UP);
      await expectSameAsMinutes(
        await fromLevel(metric, interval, fromMs, toMs),
        metric,
        interval,
        fromMs,
        toMs,
      );
    }
  });

  it('on the hour, takes in minutes written past the repository, as an older version would', async () => {
    const hourStart = Date.parse('2026-03-05T20:00:00Z');
    const bypassed = [
      { metric: 'activeUsers' as const, ts: new Date('2026-03-05T10:30:00Z'), value: 77.5 },
      { metric: 'sensorsOnline' as const, ts: new Date('2026-03-05T19:59:00Z'), value: 999 }, // a day it missed
    ];
    const raw = ctx.dataSource.getRepository(MetricSampleEntity);
    await raw.save(bypassed.map((sample) => raw.create(sample)));
    for (const { metric, ts, value } of bypassed) minutes.get(metric)!.set(ts.getTime(), value);
    const lastHour = [Date.parse('2026-03-05T19:00:00Z'), Date.parse('2026-03-05T19:59:00Z')] as const;
    expect(await fromLevel('sensorsOnline', '1h', ...lastHour)).toEqual([null]);

    await ctx.app.get(MetricSamplerService).runOnce(hourStart + 5_000);
    // The run also recorded its own minute (and the rejections of the minute before): take them as written.
    const recorded = await ctx.dataSource.query<{ metric: Metric; ts: unknown; value: number }[]>(
      `SELECT metric, ts, value FROM metric_samples
        WHERE ts IN (?, ?) AND metric IN ('activeUsers', 'apiRejections', 'sensorsOnline')`,
      [toSqlDateTime(new Date(hourStart - MINUTE)), toSqlDateTime(new Date(hourStart))],
    );
    expect(recorded.length).toBeGreaterThan(0);
    for (const row of recorded) minutes.get(row.metric)!.set(epochOf(row.ts), Number(row.value));

    expect(await fromLevel('sensorsOnline', '1h', ...lastHour)).toEqual([999]);
    for (const interval of ROLLED_UP) {
      for (const metric of Object.keys(METRICS) as Metric[]) {
        const fromMs = T1 - DAY;
        const toMs = T1 + (DAYS + 1) * DAY - 1;
        await expectSameAsMinutes(
          await fromLevel(metric, interval, fromMs, toMs),
          metric,
          interval,
          fromMs,
          toMs,
        );
      }
    }
  });

  it('drops old history at every level alike, rebuilding the day the cutoff falls in', async () => {
    // The hourly retention run whose cutoff (90 days back, a whole hour) is 13:00 on day 2: sensorsOnline
    // keeps only 13:00-13:36 of that day, activeUsers its last eleven hours.
    const cutoff = Date.parse('2026-03-03T13:00:00Z');
    const days = ctx.app.get<MetricsConfig>(metricsConfig.KEY).historyRetentionDays;
    const nowMs = cutoff + days * DAY + 5_000;
    let older = 0;
    for (const values of minutes.values()) {
      for (const ts of [...values.keys()]) {
        if (ts < cutoff) {
          values.delete(ts);
          older++;
        }
      }
    }
    const run = await ctx.app.get(MetricSamplerService).runOnce(nowMs);
    expect(run).toMatchObject({ ran: true, deleted: older });

    const earliest = async (table: string) =>
      (await rollupRows(table))
        .filter((row) => row.metric in METRICS)
        .map((row) => row.ts)
        .sort()[0];
    expect(await earliest('metric_samples_hourly')).toBe('2026-03-03T13:00:00.000Z');
    expect(await earliest('metric_samples_daily')).toBe('2026-03-03T00:00:00.000Z');
    const [oldest] = await ctx.dataSource.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM metric_samples WHERE ts < ?`,
      [toSqlDateTime(new Date(cutoff))],
    );
    expect(Number(oldest.n)).toBe(0);
    const sensorsDay = (await rollupRows('metric_samples_daily')).find(
      (row) => row.metric === 'sensorsOnline' && row.ts === '2026-03-03T00:00:00.000Z',
    );
    expect(sensorsDay?.count).toBe(37);

    for (const interval of ROLLED_UP) {
      for (const metric of Object.keys(METRICS) as Metric[]) {
        const fromMs = T1 - DAY;
        const toMs = T1 + (DAYS + 1) * DAY - 1;
        await expectSameAsMinutes(
          await fromLevel(metric, interval, fromMs, toMs),
          metric,
          interval,
          fromMs,
          toMs,
        );
      }
    }
    for (let i = 0; i < 50; i++) {
      const { metric, interval, fromMs, toMs } = randomRange(ROLLED_UP);
      await expectSameAsMinutes(
        await fromLevel(metric, interval, fromMs, toMs),
        metric,
        interval,
        fromMs,
        toMs,
      );
    }
  });
});
