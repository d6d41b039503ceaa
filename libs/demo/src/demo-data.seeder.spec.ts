import { ActiveUsersStore } from '@app/activity';
import { buildDataSourceOptions, MemoryLiveStore, parseDatabaseConfig } from '@app/core';
import { MetricSampleDailyEntity, MetricSampleEntity, MetricSampleHourlyEntity } from '@app/metrics/entities';
import { PlatformModuleEntity } from '@app/modules/entities';
import { ProjectEntity } from '@app/projects/entities';
import { HeartbeatStore } from '@app/sensors';
import { SensorEntity } from '@app/sensors/entities';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_MODULES } from './demo-catalog';
import { seedDemoData } from './demo-data.seeder';

const NOW = Date.UTC(2026, 10, 25, 15, 30, 12, 345);
const PLATFORMS = ['web', 'mobile-app1', 'mobile-app2'];
const SIZE = { projects: 40, sensors: 400, days: 1, activeUsers: 120 };

describe('seedDemoData on the embedded database', () => {
  let dir: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demo-seed-'));
    dataSource = new DataSource(
      buildDataSourceOptions(parseDatabaseConfig({ DATA_DIR: dir }), [
        ProjectEntity,
        SensorEntity,
        PlatformModuleEntity,
        MetricSampleEntity,
        MetricSampleHourlyEntity,
        MetricSampleDailyEntity,
      ]),
    );
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const scalar = async (sql: string, params: unknown[] = []): Promise<number> => {
    const [row] = await dataSource.query<{ n: number }[]>(sql, params);
    return Number(row.n);
  };

  it('fills every table and the live store, and a second run adds nothing', async () => {
    const liveStore = new MemoryLiveStore(() => NOW);
    const lines: string[] = [];
    const first = await seedDemoData(dataSource, liveStore, {
      scale: 'small',
      platforms: PLATFORMS,
      nowMs: NOW,
      log: (line) => lines.push(line),
      ...SIZE,
    });

    expect(first.projects).toEqual({ inserted: 40, total: 40 });
    expect(first.sensors).toEqual({ inserted: 400, total: 400 });
    expect(first.modules).toBe(DEMO_MODULES.length);
    expect(first.samples).toBe(1_440 * (PLATFORMS.length + 5));
    expect(lines.some((line) => line.startsWith('metric samples:'))).toBe(true);

    expect(await scalar('SELECT COUNT(*) AS n FROM projects')).toBe(40);
    expect(await scalar('SELECT COUNT(*) AS n FROM sensors')).toBe(400);
    expect(await scalar('SELECT COUNT(DISTINCT type) AS n FROM sensors')).toBeGreaterThan(10);
    expect(await scalar('SELECT COUNT(*) AS n FROM modules')).toBe(DEMO_MODULES.length);
    expect(await scalar('SELECT COUNT(*) AS n FROM metric_samples')).toBe(first.samples);
    const live = await scalar('SELECT COUNT(*) AS n FROM projects WHERE is_live = 1');
    expect(live).toBeGreaterThan(15);
    expect(live).toBeLessThan(35);

    const second = await seedDemoData(dataSource, liveStore, {
      scale: 'small',
      platforms: PLATFORMS,
      nowMs: NOW,
      ...SIZE,
    });
    expect(second.projects).toEqual({ inserted: 0, total: 40 });
    expect(second.sensors).toEqual({ inserted: 0, total: 400 });
    expect(await scalar('SELECT COUNT(*) AS n FROM projects')).toBe(40);
    expect(await scalar('SELECT COUNT(*) AS n FROM sensors')).toBe(400);
    expect(await scalar('SELECT COUNT(*) AS n FROM modules')).toBe(DEMO_MODULES.length);
    expect(await scalar('SELECT COUNT(*) AS n FROM metric_samples')).toBe(first.samples);

    const batch = liveStore.batch();
    const activeUsers = new ActiveUsersStore(liveStore).readCounts(batch, PLATFORMS, NOW - 300_000);
    const heartbeats = new HeartbeatStore(liveStore);
    const online = heartbeats.readCountSince(batch, NOW - 300_000);
    await batch.run();
    const snapshot = { ...activeUsers(), sensorsOnline: online.value };
    expect(snapshot.activeUsers).toBe(120);
    const perPlatform = Object.values(snapshot.activeUsersByPlatform).reduce((sum, n) => sum + n, 0);
    expect(perPlatform).toBeGreaterThan(120);
    expect(perPlatform).toBeLessThan(150);
    expect(snapshot.sensorsOnline).toBe(first.live?.heartbeats);
    expect(snapshot.sensorsOnline).toBeGreaterThan(300);
    expect(snapshot.sensorsOnline).toBeLessThan(380);
    // The database agrees with the live store on who was seen in the window.
    expect(
      await scalar('SELECT COUNT(*) AS n FROM sensors WHERE last_seen_at >= ?', [
        new Date(NOW - 300_000).toISOString().replace('T', ' ').replace('Z', ''),
      ]),
    ).toBe(snapshot.sensorsOnline);
    expect(await heartbeats.count()).toBe(snapshot.sensorsOnline);
  });

  it('writes a history whose gauges add up', async () => {
    const rows = await dataSource.query<{ ts: string; metric: string; value: number }[]>(
      `SELECT ts, metric, value FROM metric_samples WHERE metric IN ('sensorsOnline', 'sensorsOffline', 'activeUsers', 'activeUsers.web', 'activeUsers.mobile-app1', 'activeUsers.mobile-app2', 'liveProjects') ORDER BY ts`,
    );
    const byMinute = new Map<string, Record<string, number>>();
    for (const row of rows) byMinute.set(row.ts, { ...byMinute.get(row.ts), [row.metric]: row.value });
    expect(byMinute.size).toBe(1_440);
    const minutes = [...byMinute.keys()];
    expect(minutes[minutes.length - 1]).toBe('2026-11-25 15:29:00.000');
    const live = await scalar('SELECT COUNT(*) AS n FROM projects WHERE is_live = 1');
    for (const values of byMinute.values()) {
      expect(values.sensorsOnline + values.sensorsOffline).toBeLessThanOrEqual(400);
      expect(values.sensorsOnline + values.sensorsOffline).toBeGreaterThan(300);
      const platforms =
        values['activeUsers.web'] + values['activeUsers.mobile-app1'] + values['activeUsers.mobile-app2'];
      expect(platforms).toBeGreaterThanOrEqual(values.activeUsers);
      expect(platforms).toBeLessThanOrEqual(values.activeUsers * 1.2 + 3);
      expect(values.liveProjects).toBeLessThanOrEqual(live);
    }
    expect(byMinute.get('2026-11-25 15:29:00.000')?.liveProjects).toBe(live);
  });

  it('rolls the history up into hours and days that hold exactly its minutes, after every run', async () => {
    const minutes = await dataSource.query<{ metric: string; ts: string; value: number }[]>(
      'SELECT metric, ts, value FROM metric_samples',
    );
    // '2026-11-25 15:29:00.000' -> the start of its hour or day, in the same text form.
    const hourOf = (ts: string) => `${ts.slice(0, 13)}:00:00.000`;
    const dayOf = (ts: string) => `${ts.slice(0, 10)} 00:00:00.000`;
    const expected = (periodOf: (ts: string) => string) => {
      const byPeriod = new Map<string, { sum: number; count: number }>();
      for (const row of minutes) {
        const key = `${row.metric}|${periodOf(row.ts)}`;
        const sum = byPeriod.get(key) ?? { sum: 0, count: 0 };
        byPeriod.set(key, { sum: sum.sum + row.value, count: sum.count + 1 });
      }
      return byPeriod;
    };
    const stored = async (table: string) => {
      const rows = await dataSource.query<
        { metric: string; ts: string; value_sum: number; sample_count: number }[]
      >(`SELECT metric, ts, value_sum, sample_count FROM ${table}`);
      return new Map(
        rows.map((row) => [`${row.metric}|${row.ts}`, { sum: row.value_sum, count: row.sample_count }]),
      );
    };
    // 1,440 minutes from 15:30 the day before: 25 hours and 2 days per metric.
    expect(await stored('metric_samples_hourly')).toEqual(expected(hourOf));
    expect(await stored('metric_samples_daily')).toEqual(expected(dayOf));
    expect((await stored('metric_samples_hourly')).size).toBe(25 * (PLATFORMS.length + 5));
    expect((await stored('metric_samples_daily')).size).toBe(2 * (PLATFORMS.length + 5));
  });

  it('adds up to a bigger target and refuses nonsense sizes', async () => {
    const result = await seedDemoData(dataSource, null, {
      scale: 'small',
      platforms: PLATFORMS,
      nowMs: NOW,
      ...SIZE,
      projects: 50,
      sensors: 450,
    });
    expect(result.projects).toEqual({ inserted: 10, total: 50 });
    expect(result.sensors).toEqual({ inserted: 50, total: 450 });
    expect(result.live).toBeNull();
    expect(await scalar('SELECT MAX(id) AS n FROM sensors')).toBe(450);
    await expect(
      seedDemoData(dataSource, null, { scale: 'small', platforms: PLATFORMS, days: 1.5 }),
    ).rejects.toThrow('days must be a whole number');
  });
});
