import { ActiveUsersStore, ActivityService, parseActivityConfig } from '@app/activity';
import {
  AppCacheService,
  DependencyUnavailableException,
  LiveBatch,
  MemoryLiveStore,
  RejectionCounter,
} from '@app/core';
import { ProjectsService } from '@app/projects';
import { Logger } from '@nestjs/common';
import { HeartbeatStore, parseSensorsConfig, SensorsService } from '@app/sensors';
import { parseMetricsConfig } from './metrics.config';
import { MetricsSummaryService, SUMMARY_REUSE_MS } from './metrics-summary.service';

const NOW = Date.parse('2026-11-28T12:00:30.000Z');
const MINUTE = 60_000;

/** The service over the in-process live store and stubbed counts of the database. */
function summaryOver(database = { newProjects: 4, liveProjects: 7, sensors: 10 }) {
  const live = new MemoryLiveStore(() => NOW);
  const activity = new ActivityService(
    new ActiveUsersStore(live),
    live,
    parseActivityConfig({ ACTIVE_USER_PLATFORMS: 'web,ios' }),
  );
  const heartbeats = new HeartbeatStore(live);
  const sensorsRepository = { countAll: jest.fn(() => Promise.resolve(database.sensors)) };
  const projectsRepository = {
    countCreatedSince: jest.fn((since: Date) => {
      expect(since.toISOString()).toBe(new Date(NOW - 7 * 24 * 60 * MINUTE).toISOString());
      return Promise.resolve(database.newProjects);
    }),
    countLive: jest.fn(() => Promise.resolve(database.liveProjects)),
  };
  const rejections = new RejectionCounter(live);
  const service = new MetricsSummaryService(
    live,
    activity,
    new SensorsService(
      sensorsRepository as never,
      heartbeats,
      parseSensorsConfig({ SENSOR_ONLINE_WINDOW: '120' }),
    ),
    new ProjectsService(projectsRepository as never),
    rejections,
    new AppCacheService(null),
    parseMetricsConfig({ SUMMARY_DB_TTL: '5' }),
  );
  return { live, activity, heartbeats, rejections, service, sensorsRepository, projectsRepository };
}

/** Makes every live-store batch fail when run, as a Redis that is down, until the spy is restored. */
function cutLiveStore(live: MemoryLiveStore) {
  const batch = live.batch.bind(live);
  return jest.spyOn(live, 'batch').mockImplementation((): LiveBatch => {
    const real = batch();
    real.run = () => Promise.reject(new Error('connection refused'));
    return real;
  });
}

describe('MetricsSummaryService', () => {
  it('answers exact live and database numbers, with the windows at their edges', async () => {
    const { activity, heartbeats, rejections, service } = summaryOver();
    await activity.record(
      {
        events: [
          { userId: 'u1', platform: 'web' },
          { userId: 'u1', platform: 'ios' },
          { userId: 'u2', platform: 'ios', at: new Date(NOW - 300_000).toISOString() },
        ],
      },
      NOW,
    );
    // Online: a heartbeat within 120 s (the edge included); 7 of the 10 sensors have none or an older one.
    await heartbeats.record([
      { sensorId: 1, atMs: NOW },
      { sensorId: 2, atMs: NOW - 120_000 },
      { sensorId: 3, atMs: NOW - 60_000 },
      { sensorId: 4, atMs: NOW - 120_001 },
    ]);
    // Rejections: the current minute and the four before count; the fifth before does not.
    await rejections.count(429, NOW);
    await rejections.count(401, NOW);
    await rejections.count(404, NOW - 4 * MINUTE);
    await rejections.count(400, NOW - 5 * MINUTE);

    expect(await service.summary(NOW)).toEqual({
      activeUsers: 2,
      activeUsersByPlatform: { web: 1, ios: 2 },
      apiRejectedCount: 3,
      newProjectsLast7Days: 4,
      totalLiveProjects: 7,
      sensorsOnline: 3,
      sensorsOffline: 7,
      generatedAt: '2026-11-28T12:00:30.000Z',
      degraded: [],
    });
  });

  it('answers zeros for an empty platform, not an error', async () => {
    const { service } = summaryOver({ newProjects: 0, liveProjects: 0, sensors: 0 });
    expect(await service.summary(NOW)).toEqual({
      activeUsers: 0,
      activeUsersByPlatform: { web: 0, ios: 0 },
      apiRejectedCount: 0,
      newProjectsLast7Days: 0,
      totalLiveProjects: 0,
      sensorsOnline: 0,
      sensorsOffline: 0,
      generatedAt: '2026-11-28T12:00:30.000Z',
      degraded: [],
    });
  });

  it('never counts more offline than there are sensors, nor fewer than none', async () => {
    const { heartbeats, service } = summaryOver({ newProjects: 0, liveProjects: 0, sensors: 1 });
    // Two beating, one known to the database (the count is cached, a sensor just deleted): 0 offline.
    await heartbeats.record([
      { sensorId: 1, atMs: NOW },
      { sensorId: 2, atMs: NOW },
    ]);
    expect(await service.summary(NOW)).toMatchObject({ sensorsOnline: 2, sensorsOffline: 0 });
  });

  it('nulls the database fields and names the database when its counts fail', async () => {
    const { activity, service, projectsRepository } = summaryOver();
    projectsRepository.countLive.mockRejectedValueOnce(new Error('ETIMEDOUT'));
    await activity.record({ events: [{ userId: 'u1', platform: 'web' }] }, NOW);
    expect(await service.summary(NOW)).toEqual({
      activeUsers: 1,
      activeUsersByPlatform: { web: 1, ios: 0 },
      apiRejectedCount: 0,
      newProjectsLast7Days: null,
      totalLiveProjects: null,
      sensorsOnline: 0,
      sensorsOffline: null,
      generatedAt: '2026-11-28T12:00:30.000Z',
      degraded: ['database'],
    });
  });

  it('nulls the live fields and names Redis when the live store fails', async () => {
    const { live, service } = summaryOver();
    cutLiveStore(live);
    expect(await service.summary(NOW)).toEqual({
      activeUsers: null,
      activeUsersByPlatform: null,
      apiRejectedCount: null,
      newProjectsLast7Days: 4,
      totalLiveProjects: 7,
      sensorsOnline: null,
      sensorsOffline: null,
      generatedAt: '2026-11-28T12:00:30.000Z',
      degraded: ['redis'],
    });
  });

  it('logs a store failing the summary once when it starts and once when it ends, not per read', async () => {
    const { live, service } = summaryOver();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const cut = cutLiveStore(live);
      for (let i = 0; i < 3; i++) expect((await service.summary(NOW)).degraded).toEqual(['redis']);
      expect(warn.mock.calls).toEqual([
        ['summary without live store until it answers again: Error: connection refused'],
      ]);
      cut.mockRestore();
      for (let i = 0; i < 2; i++) expect((await service.summary(NOW)).degraded).toEqual([]);
      expect(log.mock.calls).toEqual([["summary has the live store's numbers again"]]);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('answers 503 naming both stores when neither answers', async () => {
    const { live, service, sensorsRepository } = summaryOver();
    cutLiveStore(live);
    sensorsRepository.countAll.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    const failing = service.summary(NOW);
    await expect(failing).rejects.toBeInstanceOf(DependencyUnavailableException);
    await expect(failing).rejects.toMatchObject({ dependencies: ['redis', 'database'] });
  });

  it('reads the live numbers every time and the database counts once per SUMMARY_DB_TTL', async () => {
    const { activity, service, projectsRepository, sensorsRepository } = summaryOver();
    expect(await service.summary(NOW)).toMatchObject({ activeUsers: 0, totalLiveProjects: 7 });
    await activity.record({ events: [{ userId: 'u1', platform: 'web' }] }, NOW);
    expect(await service.summary(NOW)).toMatchObject({ activeUsers: 1, totalLiveProjects: 7 });
    expect(projectsRepository.countLive).toHaveBeenCalledTimes(1);
    expect(sensorsRepository.countAll).toHaveBeenCalledTimes(1);
  });

  it('gives callers that arrive during a read one shared read started after them', async () => {
    const { live, service } = summaryOver();
    const batches = jest.spyOn(live, 'batch');
    const [first, second, third] = await Promise.all([
      service.currentSummary(),
      service.currentSummary(),
      service.currentSummary(),
    ]);
    // The first caller's read was running when the others came: they share the next one.
    expect(second).toBe(third);
    expect(first).not.toBe(second);
    expect(batches).toHaveBeenCalledTimes(2);
  });

  describe('a recent read as the answer', () => {
    let clock: jest.SpiedFunction<typeof Date.now>;
    beforeEach(() => {
      clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    });
    afterEach(() => clock.mockRestore());

    it(`answers with the read of the last ${SUMMARY_REUSE_MS} ms, and reads again after, or when the clock went back`, async () => {
      const { activity, live, service } = summaryOver();
      await activity.record({ events: [{ userId: 'u1', platform: 'web' }] }, NOW);
      const batches = jest.spyOn(live, 'batch');
      const first = await service.currentSummary();
      expect(first.activeUsers).toBe(1);
      clock.mockReturnValue(NOW + SUMMARY_REUSE_MS);
      expect(await service.currentSummary()).toBe(first);
      expect(batches).toHaveBeenCalledTimes(1);
      clock.mockReturnValue(NOW - 1);
      const afterClockSetBack = await service.currentSummary();
      expect(afterClockSetBack).not.toBe(first);
      expect(batches).toHaveBeenCalledTimes(2);
      clock.mockReturnValue(NOW + SUMMARY_REUSE_MS + 1);
      const later = await service.currentSummary();
      expect(later).not.toBe(first);
      expect(later.generatedAt).toBe(new Date(NOW + SUMMARY_REUSE_MS + 1).toISOString());
      expect(batches).toHaveBeenCalledTimes(3);
    });

    it('reads again after any write of this instance, so a caller always sees its own writes', async () => {
      const { activity, heartbeats, rejections, service } = summaryOver();
      const first = await service.currentSummary();
      expect([first.activeUsers, first.sensorsOnline, first.apiRejectedCount]).toEqual([0, 0, 0]);
      await activity.record({ events: [{ userId: 'u1', platform: 'web' }] }, NOW);
      expect((await service.currentSummary()).activeUsers).toBe(1);
      await heartbeats.record([{ sensorId: 1, atMs: NOW }]);
      expect((await service.currentSummary()).sensorsOnline).toBe(1);
      await rejections.count(404, NOW);
      expect((await service.currentSummary()).apiRejectedCount).toBe(1);
      // Nothing written since: the last read is the answer.
      const last = await service.currentSummary();
      expect(await service.currentSummary()).toBe(last);
    });

    it('counts a write that failed as a write: its outcome is unknown', async () => {
      const { live, service } = summaryOver();
      const first = await service.currentSummary();
      const batch = live.batch();
      batch.setValue('active_users:web', 'x');
      batch.raiseScores('active_users:web', [{ member: 'u1', score: NOW }]);
      await expect(batch.run()).rejects.toThrow();
      expect(await service.currentSummary()).not.toBe(first);
    });

    it('never answers with a degraded read: the next caller tries the failed store again', async () => {
      const { live, service } = summaryOver();
      const cut = cutLiveStore(live);
      expect((await service.currentSummary()).degraded).toEqual(['redis']);
      cut.mockRestore();
      const recovered = await service.currentSummary();
      expect(recovered.degraded).toEqual([]);
      expect(recovered.activeUsers).toBe(0);
    });
  });
});
