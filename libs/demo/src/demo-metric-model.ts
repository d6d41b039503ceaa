import { ActivityMetrics } from '@app/activity';
import { API_REJECTIONS_METRIC } from '@app/core';
import { LIVE_PROJECTS_METRIC } from '@app/projects';
import { SensorsMetrics } from '@app/sensors';
import { poisson, smoothNoise, unitHash } from './prng';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Share of active users who were active on two platforms in the window (they count once in the total). */
export const PLATFORM_OVERLAP = 0.1;
/** Share of sensors with a heartbeat inside the online window. */
export const ONLINE_SHARE = 0.85;

const SALT = {
  usersSlow: 11,
  usersFast: 12,
  usersMinute: 13,
  platform: 14,
  online: 15,
  outage: 16,
  outageStart: 17,
  outageLength: 18,
  outageDepth: 19,
  rejections: 20,
  rejectionsSecond: 21,
  spike: 22,
  spikeStart: 23,
  spikeLength: 24,
  spikeSize: 25,
} as const;

function hourOfDay(timeMs: number): number {
  return (((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
function dayOfWeek(timeMs: number): number {
  return (((Math.floor(timeMs / DAY_MS) + 4) % 7) + 7) % 7;
}

/** Activity over a UTC day: lowest around 02:00-03:00, highest in the afternoon. */
export function dailyActivity(timeMs: number): number {
  const hour = hourOfDay(timeMs);
  return (
    0.58 +
    0.36 * Math.cos((2 * Math.PI * (hour - 14.5)) / 24) +
    0.06 * Math.cos((4 * Math.PI * (hour - 16)) / 24)
  );
}

/**
 * The shape of the demo history, minute by minute: active users with daily and weekly cycles and growth,
 * their split across platforms, the online share of sensors, and 4xx answers with occasional bursts.
 * Every value is a pure function of the minute, so the same minute always gets the same numbers.
 */
export class DemoMetricModel {
  private readonly activeUsersScale: number;

  /**
   * @param activeUsersNow active users at `nowMs`: the curve is scaled to pass through it there (the live
   *   state's count when seeding; the last recorded sample when a run continues an earlier history).
   */
  constructor(
    private readonly platforms: readonly string[],
    activeUsersNow: number,
    private readonly nowMs: number,
  ) {
    this.activeUsersScale = activeUsersNow / this.activityShape(nowMs);
  }

  private activityShape(timeMs: number): number {
    // +30% over 90 days; weekends are quieter.
    const growth = Math.exp((Math.log(1.3) * (timeMs - this.nowMs)) / (90 * DAY_MS));
    const weekly = dayOfWeek(timeMs) === 0 || dayOfWeek(timeMs) === 6 ? 0.8 : 1;
    const wander =
      1 +
      0.05 * smoothNoise(SALT.usersSlow, timeMs, 3 * HOUR_MS) +
      0.025 * smoothNoise(SALT.usersFast, timeMs, 20 * MINUTE_MS) +
      0.01 * (unitHash(SALT.usersMinute, timeMs / MINUTE_MS) * 2 - 1);
    return growth * weekly * dailyActivity(timeMs) * wander;
  }

  /** Distinct users active in the window ending at this minute. */
  activeUsers(timeMs: number): number {
    return Math.max(0, Math.round(this.activeUsersScale * this.activityShape(timeMs)));
  }

  /**
   * Each platform's share of active users at this time; they sum to 1 + PLATFORM_OVERLAP when there is
   * more than one platform (a user on two platforms counts in both). The first platform leads by day,
   * the others (mobile apps) gain in the evening.
   */
  platformShares(timeMs: number): number[] {
    const hour = hourOfDay(timeMs);
    const weights = this.platforms.map((_, index) => {
      const base = 1 / Math.pow(index + 1, 1.1);
      const cycle =
        index === 0
          ? 1 + 0.12 * Math.cos((2 * Math.PI * (hour - 13)) / 24)
          : 1 + 0.2 * Math.cos((2 * Math.PI * (hour - 20)) / 24);
      return base * cycle * (1 + 0.04 * smoothNoise(SALT.platform + index * 100, timeMs, 2 * HOUR_MS));
    });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const overlap = this.platforms.length > 1 ? 1 + PLATFORM_OVERLAP : 1;
    return weights.map((weight) => (weight / total) * overlap);
  }

  /** Share of sensors online: steady near ONLINE_SHARE, a little lower at night, with rare outages. */
  onlineShare(timeMs: number): number {
    const hour = hourOfDay(timeMs);
    let share =
      ONLINE_SHARE +
      0.012 * (Math.cos((2 * Math.PI * (hour - 14)) / 24) - 1) +
      0.01 * smoothNoise(SALT.online, timeMs, 2 * HOUR_MS);
    // About one outage a week: a 6-hour block holds one with probability 0.035.
    const block = Math.floor(timeMs / (6 * HOUR_MS));
    if (unitHash(SALT.outage, block) < 0.035) {
      const start = block * 6 * HOUR_MS + Math.floor(unitHash(SALT.outageStart, block) * 300) * MINUTE_MS;
      const length = (10 + Math.floor(unitHash(SALT.outageLength, block) * 40)) * MINUTE_MS;
      if (timeMs >= start && timeMs < start + length) {
        share -= 0.08 + 0.25 * unitHash(SALT.outageDepth, block);
      }
    }
    return Math.min(1, Math.max(0, share));
  }

  /** 4xx answers in this minute: a few per thousand active users, with occasional bursts (a client retrying). */
  rejections(timeMs: number, activeUsers: number): number {
    const minute = Math.floor(timeMs / MINUTE_MS);
    let mean = 0.3 + activeUsers / 4_000;
    const hour = Math.floor(minute / 60);
    if (unitHash(SALT.spike, hour) < 0.05) {
      const start = hour * 60 + Math.floor(unitHash(SALT.spikeStart, hour) * 50);
      const length = 3 + Math.floor(unitHash(SALT.spikeLength, hour) * 13);
      if (minute >= start && minute < start + length) mean *= 6 + 24 * unitHash(SALT.spikeSize, hour);
    }
    return poisson(mean, unitHash(SALT.rejections, minute), unitHash(SALT.rejectionsSecond, minute));
  }
}

/** One minute of every demo metric, given the sensors and live projects there were then. */
export function demoSamplesAt(
  model: DemoMetricModel,
  platforms: readonly string[],
  timeMs: number,
  counts: { sensors: number; liveProjects: number },
): Array<{ metric: string; value: number }> {
  const activeUsers = model.activeUsers(timeMs);
  const shares = model.platformShares(timeMs);
  const online = Math.round(counts.sensors * model.onlineShare(timeMs));
  return [
    { metric: ActivityMetrics.all, value: activeUsers },
    ...platforms.map((platform, p) => ({
      metric: ActivityMetrics.on(platform),
      value: Math.round(activeUsers * shares[p]),
    })),
    { metric: API_REJECTIONS_METRIC, value: model.rejections(timeMs, activeUsers) },
    { metric: SensorsMetrics.online, value: online },
    { metric: SensorsMetrics.offline, value: counts.sensors - online },
    { metric: LIVE_PROJECTS_METRIC, value: counts.liveProjects },
  ];
}
