import { ActiveUsersStore, ActivityEvent, ActivityMetrics } from '@app/activity';
import { API_REJECTIONS_METRIC, BulkWriter, LiveStore, RejectionCounter } from '@app/core';
import { MetricSamplesBulk, MinuteSample } from '@app/metrics';
import { ModulesBulk } from '@app/modules';
import { LIVE_PROJECTS_METRIC, ProjectCreationIndex, ProjectsBulk } from '@app/projects';
import { HeartbeatEntry, HeartbeatStore, SensorsBulk, SensorsMetrics } from '@app/sensors';
import type { DataSource } from 'typeorm';
import { DEMO_MODULES } from './demo-catalog';
import { DAY_MS, DemoMetricModel, demoSamplesAt, HOUR_MS, MINUTE_MS } from './demo-metric-model';
import {
  demoProject,
  demoSensor,
  demoUserId,
  demoUserPlatforms,
  heartbeatAt,
  isOnlineSensor,
  LIVE_SPREAD_MS,
} from './demo-rows';
import { cumulativeWeights, hash32, mulberry32, pickCumulative, unitHash } from './prng';

export type DemoScale = 'small' | 'large';

export interface DemoScaleSize {
  projects: number;
  sensors: number;
  /** Days of per-minute history. */
  days: number;
  /** Users active in the live window. */
  activeUsers: number;
}

export const DEMO_SCALES: Readonly<Record<DemoScale, DemoScaleSize>> = {
  small: { projects: 200, sensors: 2_000, days: 2, activeUsers: 300 },
  large: { projects: 100_000, sensors: 1_000_000, days: 90, activeUsers: 50_000 },
};

export interface DemoSeedOptions extends Partial<DemoScaleSize> {
  scale: DemoScale;
  /** The active-user platforms (ACTIVE_USER_PLATFORMS): one history metric and one live set each. */
  platforms: readonly string[];
  /** "Now" for every generated time; default the clock. */
  nowMs?: number;
  /** Receives one progress line at a time. */
  log?: (line: string) => void;
}

export interface DemoSeedResult {
  scale: DemoScale;
  projects: { inserted: number; total: number };
  sensors: { inserted: number; total: number };
  modules: number;
  /** Metric samples written (inserted or overwritten). */
  samples: number;
  /** What was written to the live store; null without one. */
  live: { activeUsers: number; activityEvents: number; heartbeats: number; rejections: number } | null;
  durationMs: number;
}

const ROWS_PER_STATEMENT = { projects: 2_000, sensors: 2_000, samples: 5_000 } as const;
const STATEMENTS_PER_TRANSACTION = 10;
/** Days of samples rolled up into hourly and daily aggregates per statement. */
const ROLLUP_DAYS_PER_STEP = 10;
const LIVE_BATCH = 5_000;
const ID_PAGE = 50_000;
const REJECTION_STATUSES = cumulativeWeights([40, 25, 20, 15]);
const REJECTION_STATUS_CODES = [429, 401, 400, 404];

const SALT = { userSeen: 202, rejection: 203 } as const;

const count = (value: number) => value.toLocaleString('en-US');

/** 'YYYY-MM-DD' of a UTC instant, for DATE columns. */
function sqlDate(epoch: number): string {
  return new Date(epoch).toISOString().slice(0, 10);
}

function sizeOf(options: DemoSeedOptions): DemoScaleSize {
  const preset = DEMO_SCALES[options.scale];
  const size: DemoScaleSize = {
    projects: options.projects ?? preset.projects,
    sensors: options.sensors ?? preset.sensors,
    days: options.days ?? preset.days,
    activeUsers: options.activeUsers ?? preset.activeUsers,
  };
  for (const [name, value] of Object.entries(size)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0`);
  }
  return size;
}

/**
 * Fills a database (schema already in place) and optionally the live store with deterministic, realistic
 * demo data: projects, sensors, platform modules, per-minute metric history and the live state of the
 * last five minutes. Idempotent: projects and sensors are only added up to the target count, modules and
 * samples are upserted by their keys, activity and heartbeats are sorted-set writes. Rejection counters
 * are increments, so a second run within ten minutes doubles those few counts.
 */
export async function seedDemoData(
  dataSource: DataSource,
  liveStore: LiveStore | null,
  options: DemoSeedOptions,
): Promise<DemoSeedResult> {
  const startedAt = Date.now();
  const nowMs = options.nowMs ?? startedAt;
  const log = options.log ?? (() => undefined);
  const size = sizeOf(options);
  if (options.platforms.length === 0) throw new Error('at least one platform is needed');
  const model = new DemoMetricModel(options.platforms, size.activeUsers, nowMs);

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Every table is written through its feature's bulk import, on this one connection.
    const projects = await seedProjects(new ProjectsBulk(runner), size.projects, nowMs, log);
    const sensorsBulk = new SensorsBulk(runner);
    const index = await new ProjectsBulk(runner).creationIndex();
    const sensors = await seedSensors(sensorsBulk, index, size.sensors, nowMs, model.onlineShare(nowMs), log);
    const modules = await seedModules(new ModulesBulk(runner), nowMs);
    log(`modules: ${modules} upserted`);
    const samples = await seedSamples(
      new MetricSamplesBulk(runner),
      model,
      options.platforms,
      size.days,
      nowMs,
      {
        liveCreatedAtMs: index.liveCreatedAtMs,
        sensorHistogram: sensors.histogram,
        sensorsTotal: sensors.total,
        log,
      },
    );
    const live = liveStore
      ? await seedLiveState(sensorsBulk, liveStore, model, options.platforms, size.activeUsers, nowMs, log)
      : null;
    return {
      scale: options.scale,
      projects,
      sensors: { inserted: sensors.inserted, total: sensors.total },
      modules,
      samples,
      live,
      durationMs: Date.now() - startedAt,
    };
  } finally {
    await runner.release();
  }
}

/**
 * The live part alone (active users, sensor heartbeats and rejections of the last five minutes, relative to
 * now) for a database that holds the demo rows already: the seed at start writes it later when the live
 * store was down at first. Idempotent like seedDemoData.
 */
export async function seedDemoLiveState(
  dataSource: DataSource,
  liveStore: LiveStore,
  options: DemoSeedOptions,
): Promise<NonNullable<DemoSeedResult['live']>> {
  const nowMs = options.nowMs ?? Date.now();
  const size = sizeOf(options);
  const model = new DemoMetricModel(options.platforms, size.activeUsers, nowMs);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    return await seedLiveState(
      new SensorsBulk(runner),
      liveStore,
      model,
      options.platforms,
      size.activeUsers,
      nowMs,
      options.log ?? (() => undefined),
    );
  } finally {
    await runner.release();
  }
}

async function seedProjects(
  bulk: ProjectsBulk,
  target: number,
  nowMs: number,
  log: (line: string) => void,
): Promise<{ inserted: number; total: number }> {
  const { rows: existing } = await bulk.size();
  const missing = Math.max(0, target - existing);
  const writer = bulk.writer({
    rowsPerStatement: ROWS_PER_STATEMENT.projects,
    statementsPerTransaction: STATEMENTS_PER_TRANSACTION,
    onCommit: (written) => log(`projects: ${count(written)} of ${count(missing)} inserted`),
  });
  await writer.write(async (add) => {
    for (let seq = existing; seq < target; seq++) await add(demoProject(seq, target, nowMs));
  });
  if (missing === 0) log(`projects: ${count(existing)} already there, none added`);
  return { inserted: missing, total: existing + missing };
}

/** When each sensor was created, as counts: before the history window, and per minute inside it. */
export interface SensorHistogram {
  windowStartMs: number;
  before: number;
  perMinute: Int32Array;
}

async function seedSensors(
  bulk: SensorsBulk,
  projects: ProjectCreationIndex,
  target: number,
  nowMs: number,
  onlineShare: number,
  log: (line: string) => void,
): Promise<{
  inserted: number;
  total: number;
  histogram: (windowStartMs: number, minutes: number) => SensorHistogram;
}> {
  const { rows: existing, maxId } = await bulk.size();
  if (projects.ids.length === 0 && target > existing) {
    log('sensors: no projects to attach them to, none added');
    return { inserted: 0, total: existing, histogram: emptyHistogram };
  }
  const missing = Math.max(0, target - existing);
  const writer = bulk.writer({
    rowsPerStatement: ROWS_PER_STATEMENT.sensors,
    statementsPerTransaction: STATEMENTS_PER_TRANSACTION,
    onCommit: (written) => log(`sensors: ${count(written)} of ${count(missing)} inserted`),
  });
  // Creation times of every target sensor (those already there are regenerated, not read back), for the
  // sensorsOnline/sensorsOffline history; one Float64Array instead of a million objects.
  const createdAtMs = new Float64Array(projects.ids.length > 0 ? target : 0);
  await writer.write(async (add) => {
    for (let seq = 0; seq < createdAtMs.length; seq++) {
      // Explicit ids, so a sensor's online state (a function of its id) is known when it is written.
      const id = seq >= existing ? maxId + 1 + (seq - existing) : 0;
      const sensor = demoSensor(seq, id, projects, nowMs, onlineShare);
      createdAtMs[seq] = sensor.createdAtMs;
      if (seq < existing) continue;
      await add({ id, ...sensor });
    }
  });
  if (missing === 0) log(`sensors: ${count(existing)} already there, none added`);
  const total = existing + missing;
  const histogram = (windowStartMs: number, minutes: number): SensorHistogram => {
    const perMinute = new Int32Array(minutes);
    // Rows the generator did not make (other data, or more than the target) count from the start.
    let before = total - createdAtMs.length;
    for (const created of createdAtMs) {
      const minute = Math.floor((created - windowStartMs) / MINUTE_MS);
      if (minute < 0) before++;
      else if (minute < minutes) perMinute[minute]++;
    }
    return { windowStartMs, before, perMinute };
  };
  return { inserted: missing, total, histogram };
}

function emptyHistogram(windowStartMs: number, minutes: number): SensorHistogram {
  return { windowStartMs, before: 0, perMinute: new Int32Array(minutes) };
}

async function seedModules(bulk: ModulesBulk, nowMs: number): Promise<number> {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return bulk.upsert(
    DEMO_MODULES.map((module, index) => ({
      name: module.name,
      currentVersion: module.currentVersion,
      // Deployments happen in working hours: spread them over the day before.
      lastDeployedAtMs: nowMs - module.deployedDaysAgo * DAY_MS - ((index * 7) % 10) * HOUR_MS,
      upcomingVersion: module.upcomingVersion,
      upcomingReleaseDate:
        module.releaseInDays === null ? null : sqlDate(today + module.releaseInDays * DAY_MS),
      releaseNotes: module.releaseNotes,
      createdAtMs: nowMs - 400 * DAY_MS,
    })),
  );
}

async function seedSamples(
  bulk: MetricSamplesBulk,
  model: DemoMetricModel,
  platforms: readonly string[],
  days: number,
  nowMs: number,
  context: {
    liveCreatedAtMs: Float64Array;
    sensorHistogram: (windowStartMs: number, minutes: number) => SensorHistogram;
    sensorsTotal: number;
    log: (line: string) => void;
  },
): Promise<number> {
  // Every minute before the current one (the sampler records the current minute itself).
  const minutes = days * 1_440;
  const endMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const startMs = endMs - minutes * MINUTE_MS;
  const histogram = context.sensorHistogram(startMs, minutes);
  // The names come from the features that sample them.
  const platformMetrics = platforms.map((platform) => ActivityMetrics.on(platform));
  const metrics = [
    ActivityMetrics.all,
    ...platformMetrics,
    API_REJECTIONS_METRIC,
    SensorsMetrics.online,
    SensorsMetrics.offline,
    LIVE_PROJECTS_METRIC,
  ];
  const totalRows = minutes * metrics.length;
  const writer: BulkWriter<MinuteSample> = bulk.writer({
    rowsPerStatement: ROWS_PER_STATEMENT.samples,
    statementsPerTransaction: STATEMENTS_PER_TRANSACTION,
    onCommit: (written) => context.log(`metric samples: ${count(written)} of ${count(totalRows)} written`),
  });
  let sensors = histogram.before;
  let liveIndex = 0;
  await writer.write(async (add) => {
    const at = (metric: string, minuteMs: number, value: number) => add({ metric, minuteMs, value });
    for (let minute = 0; minute < minutes; minute++) {
      const timeMs = startMs + minute * MINUTE_MS;
      // Sensors and live projects created up to the end of this minute.
      sensors += histogram.perMinute[minute];
      while (
        liveIndex < context.liveCreatedAtMs.length &&
        context.liveCreatedAtMs[liveIndex] < timeMs + MINUTE_MS
      ) {
        liveIndex++;
      }
      for (const sample of demoSamplesAt(model, platforms, timeMs, { sensors, liveProjects: liveIndex })) {
        await at(sample.metric, timeMs, sample.value);
      }
    }
  });
  // The minutes went in by bulk INSERT, past the repository's upsert: roll their hours and days up the
  // way the service does (recomputed from what the tables hold, so a second run rewrites the same rows).
  const stepMs = ROLLUP_DAYS_PER_STEP * DAY_MS;
  for (let fromMs = startMs; fromMs < endMs; fromMs += stepMs) {
    // Steps need not be whole days: the repository widens them to whole hours and days, recomputed whole.
    const toMs = Math.min(fromMs + stepMs, endMs);
    await bulk.rollUp(metrics, fromMs, toMs);
    context.log(`metric rollups: ${count((toMs - startMs) / DAY_MS)} of ${count(days)} days rolled up`);
  }
  return writer.rowsWritten;
}

async function seedLiveState(
  sensorsBulk: SensorsBulk,
  liveStore: LiveStore,
  model: DemoMetricModel,
  platforms: readonly string[],
  activeUsers: number,
  nowMs: number,
  log: (line: string) => void,
): Promise<NonNullable<DemoSeedResult['live']>> {
  // Written through the features' own stores, which own the keys.
  const activity = new ActiveUsersStore(liveStore);
  const heartbeatStore = new HeartbeatStore(liveStore);
  const rejectionCounter = new RejectionCounter(liveStore);
  // Users: each on one platform (by the current shares), a tenth also on a second one.
  const shares = cumulativeWeights(model.platformShares(nowMs));
  let events: ActivityEvent[] = [];
  let activityEvents = 0;
  for (let user = 1; user <= activeUsers; user++) {
    demoUserPlatforms(user, shares, platforms).forEach((platform, nth) => {
      const atMs = Math.floor(nowMs - unitHash(SALT.userSeen, user, nth) * LIVE_SPREAD_MS);
      events.push({ userId: demoUserId(user), platform, atMs });
    });
    if (events.length >= LIVE_BATCH || user === activeUsers) {
      await activity.record(events);
      activityEvents += events.length;
      events = [];
    }
  }
  log(`live: ${count(activeUsers)} active users (${count(activityEvents)} activity events)`);

  // Heartbeats of the sensors online at the model's share now, read by id in pages.
  const onlineShare = model.onlineShare(nowMs);
  let heartbeats = 0;
  for (let afterId = 0; ;) {
    const ids = await sensorsBulk.idsAfter(afterId, ID_PAGE);
    if (ids.length === 0) break;
    afterId = ids[ids.length - 1];
    let entries: HeartbeatEntry[] = [];
    for (const sensorId of ids) {
      if (!isOnlineSensor(sensorId, onlineShare)) continue;
      entries.push({ sensorId, atMs: heartbeatAt(sensorId, nowMs) });
      if (entries.length >= LIVE_BATCH) {
        await heartbeatStore.record(entries);
        heartbeats += entries.length;
        entries = [];
      }
    }
    await heartbeatStore.record(entries);
    heartbeats += entries.length;
    if (ids.length < ID_PAGE) break;
  }
  log(`live: ${count(heartbeats)} sensor heartbeats`);

  // A few 4xx answers in each of the last five minutes, unless a run in these minutes already added them
  // (counters only go up: adding again would double them).
  let rejections = 0;
  const minutes = Array.from({ length: 5 }, (_, ago) => Math.floor((nowMs - ago * MINUTE_MS) / MINUTE_MS));
  const batch = liveStore.batch();
  const present = rejectionCounter.readTotals(batch, minutes);
  await batch.run();
  const alreadySeeded = present().some((count) => count > 0);
  for (let ago = 0; ago < 5 && !alreadySeeded; ago++) {
    const atMs = nowMs - ago * MINUTE_MS;
    const howMany = model.rejections(atMs, activeUsers);
    const random = mulberry32(hash32(SALT.rejection, Math.floor(atMs / MINUTE_MS)));
    for (let i = 0; i < howMany; i++) {
      await rejectionCounter.count(
        REJECTION_STATUS_CODES[pickCumulative(REJECTION_STATUSES, random())],
        atMs,
      );
    }
    rejections += howMany;
  }
  log(`live: ${count(rejections)} rejections in the last five minutes`);
  return { activeUsers, activityEvents, heartbeats, rejections };
}
