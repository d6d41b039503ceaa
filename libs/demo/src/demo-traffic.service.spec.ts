import { MemoryLiveStore, RejectionCounter, type MetricSample } from '@app/core';
import type { ActivityService } from '@app/activity';
import type { MetricSamplesRepository } from '@app/metrics';
import type { ProjectsService } from '@app/projects';
import type { SensorHeartbeatService, SensorsService } from '@app/sensors';
import { parseDemoConfig } from './demo.config';
import { DemoMetricModel, demoSamplesAt } from './demo-metric-model';
import { isOnlineSensor } from './demo-rows';
import type { DemoSeedOnStartService } from './demo-seed-on-start.service';
import type { DemoSensorIds } from './demo-sensor-ids';
import { DemoTrafficService } from './demo-traffic.service';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-27T15:00:00Z');

function setUp(lastSample: { bucketStart: number; value: number } | null) {
  const recorded: Array<{ userId: string; platform: string }[]> = [];
  const beats: number[] = [];
  const written: MetricSample[][] = [];
  const platforms = ['web', 'mobile-app1', 'mobile-app2'];
  const activity = {
    platforms,
    record: jest.fn((body: { events: { userId: string; platform: string }[] }) => {
      recorded.push(body.events);
      return Promise.resolve({ accepted: body.events.length, rejected: [] });
    }),
  };
  const heartbeats = {
    record: jest.fn((ids: number[]) => {
      beats.push(...ids);
      return Promise.resolve({ accepted: ids.length, unknown: [] });
    }),
  };
  const sensors = { countAll: jest.fn(() => Promise.resolve(1000)) };
  const sensorIds = {
    first: jest.fn(() => Promise.resolve(Array.from({ length: 1000 }, (_, i) => i + 1))),
  };
  const projects = { countLive: jest.fn(() => Promise.resolve(42)) };
  const samples = {
    buckets: jest.fn(() => Promise.resolve(lastSample ? [lastSample] : [])),
    upsert: jest.fn((rows: MetricSample[]) => {
      written.push(rows);
      return Promise.resolve();
    }),
  };
  const liveStore = new MemoryLiveStore(() => NOW);
  const rejections = new RejectionCounter(liveStore);
  const config = { ...parseDemoConfig({}), platforms };
  const service = new DemoTrafficService(
    activity as unknown as ActivityService,
    heartbeats as unknown as SensorHeartbeatService,
    sensors as unknown as SensorsService,
    sensorIds as unknown as DemoSensorIds,
    projects as unknown as ProjectsService,
    samples as unknown as MetricSamplesRepository,
    rejections,
    { seeded: Promise.resolve() } as unknown as DemoSeedOnStartService,
    parseDemoConfig({}),
  );
  return { service, recorded, beats, written, samples, sensors, rejections, config };
}

describe('DemoTrafficService', () => {
  it('continues the history from its last sample up to the current minute, through the repository', async () => {
    const lastMs = NOW - 10 * MINUTE;
    const { service, written, samples, config } = setUp({ bucketStart: lastMs / 1000, value: 250 });
    expect(await service.continueHistory(NOW + 30_000)).toBe(10);
    // The last two days of minutes, the current one included, were asked for.
    expect(samples.buckets).toHaveBeenCalledWith(
      'activeUsers',
      NOW - 2 * 1_440 * MINUTE,
      NOW + MINUTE,
      60,
      'avg',
    );
    const rows = written.flat();
    expect(rows).toHaveLength(10 * (config.platforms.length + 5));
    expect(rows[0].ts).toEqual(new Date(lastMs + MINUTE));
    expect(rows[rows.length - 1].ts).toEqual(new Date(NOW));
    // The model passes through the last sample, so the filled minutes carry on from it.
    const model = new DemoMetricModel(config.platforms, 250, lastMs);
    expect(model.activeUsers(lastMs)).toBe(250);
    const firstMinute = demoSamplesAt(model, config.platforms, lastMs + MINUTE, {
      sensors: 1000,
      liveProjects: 42,
    });
    expect(rows.slice(0, firstMinute.length)).toEqual(
      firstMinute.map((sample) => ({ ...sample, ts: new Date(lastMs + MINUTE) })),
    );
    const users = rows.filter((row) => row.metric === 'activeUsers').map((row) => row.value);
    for (const value of users) expect(Math.abs(value - 250)).toBeLessThanOrEqual(250 * 0.05);
    expect(rows.find((row) => row.metric === 'liveProjects')?.value).toBe(42);
    const online = rows.find((row) => row.metric === 'sensorsOnline')!.value;
    expect(online + rows.find((row) => row.metric === 'sensorsOffline')!.value).toBe(1000);
  });

  it('writes nothing without a recent sample, and starts at the small demo size', async () => {
    const { service, written, recorded } = setUp(null);
    expect(await service.continueHistory(NOW)).toBe(0);
    expect(written).toEqual([]);
    await service.tick(NOW);
    expect(new Set(recorded.flat().map((event) => event.userId)).size).toBe(300);
  });

  it('keeps the model’s users active, its share of sensors beating and its rejections counted', async () => {
    const { service, recorded, beats, rejections, config } = setUp(null);
    await service.continueHistory(NOW);
    const model = new DemoMetricModel(config.platforms, 300, NOW);
    await service.tick(NOW);
    // Every user at once on the first tick, on known platforms; a few also on a second one.
    const events = recorded.flat();
    const users = new Set(events.map((event) => event.userId));
    expect(users).toEqual(new Set(Array.from({ length: 300 }, (_, i) => `user-${i + 1}`)));
    expect(events.every((event) => config.platforms.includes(event.platform))).toBe(true);
    expect(events.length).toBeGreaterThan(300);
    expect(events.length).toBeLessThan(300 * 1.2);
    expect(recorded.every((call) => call.length <= 1000)).toBe(true);
    // The sensors online at the model's share: the same ones the seed gives a heartbeat.
    const share = model.onlineShare(NOW);
    expect(beats).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 1).filter((id) => isOnlineSensor(id, share)),
    );
    expect(beats.length).toBeGreaterThan(780);
    expect(beats.length).toBeLessThan(900);
    expect(await rejections.totalIn(NOW / MINUTE)).toBe(model.rejections(NOW, 300));

    // Then each user once every 30 ticks, a thirtieth of them per tick; heartbeats again 15 ticks on.
    // (Ticks a second apart here, so all of them fall in the same minute as the first.)
    recorded.length = 0;
    beats.length = 0;
    for (let i = 1; i <= 14; i++) await service.tick(NOW + i * 1000);
    expect(beats).toHaveLength(0);
    for (let i = 15; i <= 30; i++) await service.tick(NOW + i * 1000);
    expect(beats.length).toBeGreaterThan(780);
    const again = new Set(recorded.flat().map((event) => event.userId));
    expect(again).toEqual(users);
    // Rejections were counted once for the minute.
    expect(await rejections.totalIn(NOW / MINUTE)).toBe(model.rejections(NOW, 300));
  });
});
