import {
  ActivityEvent,
  AnalyticsConfig,
  analyticsConfig,
  LiveStore,
  ValidationProblemException,
} from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { ActivityAcceptedDto, RecordActivityDto, RejectedEventDto } from './dto/record-activity.dto';

/** Clocks of senders drift: an event up to this far ahead of ours counts as now. */
export const CLOCK_SKEW_MS = 2_000;

@Injectable()
export class ActivityService {
  constructor(
    private readonly liveStore: LiveStore,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {}

  /**
   * Records a batch in one round trip. An unknown platform fails the whole request (a sender's bug,
   * nothing is written); an event outside the active window is refused alone, with its reason.
   */
  async record(body: RecordActivityDto, nowMs = Date.now()): Promise<ActivityAcceptedDto> {
    const platforms = this.config.platforms;
    const badPlatforms = body.events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => !platforms.includes(event.platform))
      .map(({ index }) => ({
        field: `events[${index}].platform`,
        message: `platform must be one of ${platforms.join(', ')}`,
      }));
    // The DTO admits every ISO-8601 form; only those Date can read become times (week dates do not).
    const badTimes = body.events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => event.at !== undefined && !Number.isFinite(Date.parse(event.at)))
      .map(({ index }) => ({
        field: `events[${index}].at`,
        message: 'at must be a calendar date-time like 2026-11-27T20:00:00Z',
      }));
    if (badPlatforms.length + badTimes.length > 0)
      throw new ValidationProblemException([...badPlatforms, ...badTimes]);

    const accepted: ActivityEvent[] = [];
    const rejected: RejectedEventDto[] = [];
    const oldest = nowMs - this.config.activeUserWindowMs;
    body.events.forEach((event, index) => {
      const atMs = event.at === undefined ? nowMs : Date.parse(event.at);
      if (atMs > nowMs + CLOCK_SKEW_MS) {
        rejected.push({ index, reason: 'at is in the future' });
      } else if (atMs < oldest) {
        rejected.push({
          index,
          reason: `at is older than the active window (${this.config.activeUserWindowMs / 1000} s)`,
        });
      } else {
        accepted.push({ userId: event.userId, platform: event.platform, atMs: Math.min(atMs, nowMs) });
      }
    });
    await this.liveStore.recordActivity(accepted);
    return { accepted: accepted.length, rejected };
  }
}
