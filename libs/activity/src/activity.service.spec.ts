import { MemoryLiveStore, ValidationProblemException } from '@app/core';
import { ActiveUsersStore } from './active-users.store';
import { parseActivityConfig } from './activity.config';
import { ActivityService, CLOCK_SKEW_MS } from './activity.service';

const NOW = Date.parse('2026-11-28T12:00:00.000Z');
const WINDOW_MS = 300_000;

function service(env: Record<string, string> = {}) {
  const live = new MemoryLiveStore(() => NOW);
  const config = parseActivityConfig({ ACTIVE_USER_PLATFORMS: 'web,ios,android', ...env });
  return { live, activity: new ActivityService(new ActiveUsersStore(live), live, config) };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('ActivityService', () => {
  it('counts distinct users overall and per platform within the window', async () => {
    const { activity } = service();
    const result = await activity.record(
      {
        events: [
          { userId: 'u1', platform: 'web' },
          { userId: 'u1', platform: 'ios' }, // one user on two platforms counts once overall
          { userId: 'u2', platform: 'web' },
          { userId: 'u2', platform: 'web', at: iso(NOW - 10_000) }, // the later time is kept
          { userId: 'u3', platform: 'android', at: iso(NOW - WINDOW_MS) }, // exactly at the edge: in
        ],
      },
      NOW,
    );
    expect(result).toEqual({ accepted: 5, rejected: [] });
    expect(await activity.activeUsers(NOW)).toEqual({
      activeUsers: 3,
      activeUsersByPlatform: { web: 2, ios: 1, android: 1 },
    });
    // One millisecond later u3 has left the window; the others have not.
    expect(await activity.activeUsers(NOW + 1)).toEqual({
      activeUsers: 2,
      activeUsersByPlatform: { web: 2, ios: 1, android: 0 },
    });
  });

  it('refuses events outside the window one by one, with the reason, and records the rest', async () => {
    const { activity } = service();
    const result = await activity.record(
      {
        events: [
          { userId: 'old', platform: 'web', at: iso(NOW - WINDOW_MS - 1) },
          { userId: 'skewed', platform: 'web', at: iso(NOW + CLOCK_SKEW_MS) }, // within the skew: now
          { userId: 'future', platform: 'web', at: iso(NOW + CLOCK_SKEW_MS + 1) },
        ],
      },
      NOW,
    );
    expect(result).toEqual({
      accepted: 1,
      rejected: [
        { index: 0, reason: 'at is older than the active window (300 s)' },
        { index: 2, reason: 'at is in the future' },
      ],
    });
    expect(await activity.activeUsers(NOW)).toEqual({
      activeUsers: 1,
      activeUsersByPlatform: { web: 1, ios: 0, android: 0 },
    });
  });

  it('fails a batch with an unknown platform whole, naming each bad field, and writes nothing', async () => {
    const { activity } = service();
    const recording = activity.record(
      {
        events: [
          { userId: 'u1', platform: 'web' },
          { userId: 'u2', platform: 'desktop' },
          { userId: 'u3', platform: 'WEB' },
        ],
      },
      NOW,
    );
    await expect(recording).rejects.toBeInstanceOf(ValidationProblemException);
    await expect(recording).rejects.toMatchObject({
      errors: [
        { field: 'events[1].platform', message: 'platform must be one of web, ios, android' },
        { field: 'events[2].platform', message: 'platform must be one of web, ios, android' },
      ],
    });
    expect(await activity.activeUsers(NOW)).toEqual({
      activeUsers: 0,
      activeUsersByPlatform: { web: 0, ios: 0, android: 0 },
    });
  });

  it('trims what left the window from every set and keeps the edge', async () => {
    const { activity } = service({ ACTIVE_USER_WINDOW: '60' });
    await activity.record(
      {
        events: [
          { userId: 'a', platform: 'web', at: iso(NOW - 60_000) },
          { userId: 'b', platform: 'ios', at: iso(NOW - 30_000) },
        ],
      },
      NOW,
    );
    // 30 s later: a (60 s + 30 s old) goes from two sets, b stays.
    expect(await activity.trimStale(NOW + 30_000)).toBe(2);
    expect(await activity.trimStale(NOW + 30_000)).toBe(0);
    expect(await activity.activeUsers(NOW + 30_000)).toEqual({
      activeUsers: 1,
      activeUsersByPlatform: { web: 0, ios: 1, android: 0 },
    });
  });

  it('records an empty batch as nothing', async () => {
    const { activity } = service();
    expect(await activity.record({ events: [] }, NOW)).toEqual({ accepted: 0, rejected: [] });
  });
});
