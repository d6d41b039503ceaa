import { ActiveUsersStore, ActivityEvent } from '@app/activity';
import { LiveStore, RejectionCounter, SqlDialect, sqlDialectOf, toSqlDateTime } from '@app/core';
import { HeartbeatEntry, HeartbeatStore } from '@app/sensors';
import { MetricSamplesRepository } from '@app/metrics';
import type { DataSource, QueryRunner } from 'typeorm';
import { DEMO_MODULES } from './demo-catalog';
import { DAY_MS, DemoMetricModel, HOUR_MS, MINUTE_MS, PLATFORM_OVERLAP } from './demo-metric-model';
import {
  demoProject,
  demoSensor,
  heartbeatAt,
  isOnlineSensor,
  LIVE_SPREAD_MS,
  ProjectIndex,
} from './demo-rows';
import { cumulativeWeights, hash32, mulberry32, pickCumulative } from './prng';
import { SqlBatchWriter } from './sql-batch-writer';

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

const ROWS_PER_STATEMENT = { projects: 2_000, sensors: 2_000, samples: 5_000, modules: 100 } as const;
const STATEMENTS_PER_TRANSACTION = 10;
/** Days of samples rolled up into hourly and daily aggregates per statement. */
const ROLLUP_DAYS_PER_STEP = 10;
const LIVE_BATCH = 5_000;
const ID_PAGE = 50_000;
const REJECTION_STATUSES = cumulativeWeights([40, 25, 20, 15]);
const REJECTION_STATUS_CODES = [429, 401, 400, 404];

const SALT = { user: 201, userPlatform: 202, rejection: 203 } as const;

const count = (value: number) => value.toLocaleString('en-US');

/** DATETIME values as MySQL returns them (Date) or SQLite stores them (UTC text), as epoch ms. */
function epochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  return Date.parse(`${text.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'}`);
}

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
  const dialect = sqlDialectOf(dataSource.options);
  const model = new DemoMetricModel(options.platforms, size.activeUsers, nowMs);

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const projects = await seedProjects(runner, size.projects, nowMs, log);
    const index = await loadProjects(runner);
    const sensors = await seedSensors(runner, index, size.sensors, nowMs, log);
    const modules = await seedModules(runner, dialect, nowMs);
    log(`modules: ${modules} upserted`);
    const samples = await seedSamples(runner, dialect, model, options.platforms, size.days, nowMs, {
      liveCreatedAtMs: index.liveCreatedAtMs,
      sensorHistogram: sensors.histogram,
      sensorsTotal: sensors.total,
      log,
    });
    const live = liveStore
      ? await seedLiveState(runner, liveStore, model, options.platforms, size.activeUsers, nowMs, log)
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

/** Runs the writer's work, rolling its transaction back if anything fails. */
async function writing(writer: SqlBatchWriter, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    await writer.finish();
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
}

async function countRows(runner: QueryRunner, table: string): Promise<{ rows: number; maxId: number }> {
  const [row] = (await runner.query(`SELECT COUNT(*) AS n, MAX(id) AS max_id FROM ${table}`)) as {
    n: number | string;
    max_id: number | string | null;
  }[];
  return { rows: Number(row.n), maxId: Number(row.max_id ?? 0) };
}

async function seedProjects(
  runner: QueryRunner,
  target: number,
  nowMs: number,
  log: (line: string) => void,
): Promise<{ inserted: number; total: number }> {
  const { rows: existing } = await countRows(runner, 'projects');
  const missing = Math.max(0, target - existing);
  const writer = new SqlBatchWriter(runner, {
    table: 'projects',
    columns: ['name', 'is_live', 'created_at', 'updated_at'],
    rowsPerStatement: ROWS_PER_STATEMENT.projects,
    statementsPerTransaction: STATEMENTS_PER_TRANSACTION,
    onCommit: (written) => log(`projects: ${count(written)} of ${count(missing)} inserted`),
  });
  await writing(writer, async () => {
    for (let seq = existing; seq < target; seq++) {
      const project = demoProject(seq, target, nowMs);
      await writer.add(
        project.name,
        project.isLive ? 1 : 0,
        toSqlDateTime(new Date(project.createdAtMs)),
        toSqlDateTime(new Date(project.updatedAtMs)),
      );
    }
  });
  if (missing === 0) log(`projects: ${count(existing)} already there, none added`);
  return { inserted: missing, total: existing + missing };
}

async function loadProjects(runner: QueryRunner): Promise<ProjectIndex & { liveCreatedAtMs: Float64Array }> {
  const rows = (await runner.query('SELECT id, is_live, created_at FROM projects ORDER BY id')) as {
    id: number | string;
    is_live: number | string | boolean;
    created_at: unknown;
  }[];
  const ids = new Int32Array(rows.length);
  const createdAtMs = new Float64Array(rows.length);
  const live: number[] = [];
  rows.forEach((row, i) => {
    ids[i] = Number(row.id);
    createdAtMs[i] = epochMs(row.created_at);
    if (Number(row.is_live) === 1) live.push(createdAtMs[i]);
  });
  return { ids, createdAtMs, liveCreatedAtMs: Float64Array.from(live).sort() };
}

/** When each sensor was created, as counts: before the history window, and per minute inside it. */
export interface SensorHistogram {
  windowStartMs: number;
  before: number;
  perMinute: Int32Array;
}

async function seedSensors(
  runner: QueryRunner,
  projects: ProjectIndex,
  target: number,
  nowMs: number,
  log: (line: string) => void,
): Promise<{
  inserted: number;
  total: number;
  histogram: (windowStartMs: number, minutes: number) => SensorHistogram;
}> {
  const { rows: existing, maxId } = await countRows(runner, 'sensors');
  if (projects.ids.length === 0 && target > existing) {
    log('sensors: no projects to attach them to, none added');
    return { inserted: 0, total: existing, histogram: emptyHistogram };
  }
  const missing = Math.max(0, target - existing);
  const writer = new SqlBatchWriter(runner, {
    table: 'sensors',
    columns: ['id', 'project_id', 'type', 'name', 'last_seen_at', 'created_at', 'updated_at'],
    rowsPerStatement: ROWS_PER_STATEMENT.sensors,
    statementsPerTransaction: STATEMENTS_PER_TRANSACTION,
    onCommit: (written) => log(`sensors: ${count(written)} of ${count(missing)} inserted`),
  });
  // Creation times of every target sensor (those already there are regenerated, not read back), for the
  // sensorsOnline/sensorsOffline history; one Float64Array instead of a million objects.
  const createdAtMs = new Float64Array(projects.ids.length > 0 ? target : 0);
  await writing(writer, async () => {
    for (let seq = 0; seq < createdAtMs.length; seq++) {
      // Explicit ids, so a sensor's online state (a function of its id) is known when it is written.
      const id = seq >= existing ? maxId + 1 + (seq - existing) : 0;
      const sensor = demoSensor(seq, id, projects, nowMs);
      createdAtMs[seq] = sensor.createdAtMs;
      if (seq < existing) continue;
      const created = toSqlDateTime(new Date(sensor.createdAtMs));
      await writer.add(
        id,
        sensor.projectId,
        sensor.type,
        sensor.name,
        sensor.lastSeenAtMs === null ? null : toSqlDateTime(new Date(sensor.lastSeenAtMs)),
        created,
        sensor.lastSeenAtMs === null ? created : toSqlDateTime(new Date(sensor.lastSeenAtMs)),
      );
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

async function seedModules(runner: QueryRunner, dialect: SqlDialect, nowMs: number): Promise<number> {
  const columns = [
    'name',
    'current_version',
    'last_deployed_at',
    'upcoming_version',
    'upcoming_release_date',
    'release_notes',
    'created_at',
    'updated_at',
  ];
  const writer = new SqlBatchWriter(runner, {
    table: 'modules',
    columns,
    suffix: dialect.upsertValuesSuffix(['name'], columns.slice(1, 6).concat('updated_at')),
    rowsPerStatement: ROWS_PER_STATEMENT.modules,
    statementsPerTransaction: 1,
  });
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  await writing(writer, async () => {
    for (const [index, module] of DEMO_MODULES.entries()) {
      // Deployments happen in working hours: spread them over the day before.
      const deployedAt = nowMs - module.deployedDaysAgo * DAY_MS - ((index * 7) % 10) * HOUR_MS;
      await writer.add(
        module.name,
        module.currentVersion,
        toSqlDateTime(new Date(deployedAt)),
        module.upcomingVersion,
        module.releaseInDays === null ? null : sqlDate(today + module.releaseInDays * DAY_MS),
        module.releaseNotes,
        toSqlDateTime(new Date(nowMs - 400 * DAY_MS)),
        toSqlDateTime(new Date(deployedAt)),
      );
    }
  });
  return DEMO_MODULES.length;
}

async function seedSamples(
  runner: QueryRunner,
  dialect: SqlDialect,
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
  const metricsPerMinute = platforms.length + 5;
  const totalRows = minutes * metricsPerMinute;
  const writer = new SqlBatchWriter(runner, {
    table: 'metric_samples',
    columns: ['metric', 'ts', 'value'],
    suffix: dialect.upsertValuesSuffix(['metric', 'ts'], ['value']),
    rowsPerStatement: ROWS_PER_STATEMENT.samples,
    statementsPerTransaction: STATEMENTS_PER_TRANSACTION,
    onCommit: (written) => context.log(`metric samples: ${count(written)} of ${count(totalRows)} written`),
  });
  const platformMetrics = platforms.map((platform) => `activeUsers.${platform}`);
  let sensors = histogram.before;
  let liveIndex = 0;
  await writing(writer, async () => {
    for (let minute = 0; minute < minutes; minute++) {
      const timeMs = startMs + minute * MINUTE_MS;
      const ts = toSqlDateTime(new Date(timeMs));
      // Sensors and live projects created up to the end of this minute.
      sensors += histogram.perMinute[minute];
      while (
        liveIndex < context.liveCreatedAtMs.length &&
        context.liveCreatedAtMs[liveIndex] < timeMs + MINUTE_MS
      ) {
        liveIndex++;
      }
      const activeUsers = model.activeUsers(timeMs);
      await writer.add('activeUsers', ts, activeUsers);
      const shares = model.platformShares(timeMs);
      for (let p = 0; p < platformMetrics.length; p++) {
        await writer.add(platformMetrics[p], ts, Math.round(activeUsers * shares[p]));
      }
      await writer.add('apiRejections', ts, model.rejections(timeMs, activeUsers));
      const online = Math.round(sensors * model.onlineShare(timeMs));
      await writer.add('sensorsOnline', ts, online);
      await writer.add('sensorsOffline', ts, sensors - online);
      await writer.add('liveProjects', ts, liveIndex);
    }
  });
  // The minutes went in by bulk INSERT, past the repository's upsert: roll their hours and days up the
  // way the service does (recomputed from what the tables hold, so a second run rewrites the same rows).
  const metrics = [
    'activeUsers',
    ...platformMetrics,
    'apiRejections',
    'sensorsOnline',
    'sensorsOffline',
    'liveProjects',
  ];
  const rollups = MetricSamplesRepository.over(runner.manager);
  const stepMs = ROLLUP_DAYS_PER_STEP * DAY_MS;
  for (let fromMs = startMs; fromMs < endMs; fromMs += stepMs) {
    // Steps need not be whole days: the repository widens them to whole hours and days, recomputed whole.
    const toMs = Math.min(fromMs + stepMs, endMs);
    await rollups.rollUp(metrics, fromMs, toMs);
    context.log(`metric rollups: ${count((toMs - startMs) / DAY_MS)} of ${count(days)} days rolled up`);
  }
  return writer.rowsWritten;
}

async function seedLiveState(
  runner: QueryRunner,
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
    const random = mulberry32(hash32(SALT.user, user));
    const userId = `user-${user}`;
    const primary = pickCumulative(shares, random());
    events.push({
      userId,
      platform: platforms[primary],
      atMs: Math.floor(nowMs - random() * LIVE_SPREAD_MS),
    });
    if (platforms.length > 1 && random() < PLATFORM_OVERLAP) {
      const other = (primary + 1 + Math.floor(random() * (platforms.length - 1))) % platforms.length;
      events.push({
        userId,
        platform: platforms[other],
        atMs: Math.floor(nowMs - random() * LIVE_SPREAD_MS),
      });
    }
    if (events.length >= LIVE_BATCH || user === activeUsers) {
      await activity.record(events);
      activityEvents += events.length;
      events = [];
    }
  }
  log(`live: ${count(activeUsers)} active users (${count(activityEvents)} activity events)`);

  // Heartbeats of the online sensors, read by id in pages.
  let heartbeats = 0;
  for (let afterId = 0; ;) {
    const rows = (await runner.query(`SELECT id FROM sensors WHERE id > ? ORDER BY id LIMIT ${ID_PAGE}`, [
      afterId,
    ])) as { id: number | string }[];
    if (rows.length === 0) break;
    afterId = Number(rows[rows.length - 1].id);
    let entries: HeartbeatEntry[] = [];
    for (const row of rows) {
      const sensorId = Number(row.id);
      if (!isOnlineSensor(sensorId)) continue;
      entries.push({ sensorId, atMs: heartbeatAt(sensorId, nowMs) });
      if (entries.length >= LIVE_BATCH) {
        await heartbeatStore.record(entries);
        heartbeats += entries.length;
        entries = [];
      }
    }
    await heartbeatStore.record(entries);
    heartbeats += entries.length;
    if (rows.length < ID_PAGE) break;
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
