import {
  LiveBatch,
  LiveStore,
  parseDateTime,
  ValidationProblemException,
  warnUnlessLiveStoreDown,
} from '@app/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ActiveUserCounts, ActiveUsersStore, ActivityEvent } from './active-users.store';
import { ActivityAcceptedDto, RecordActivityDto, RejectedEventDto } from './dto/record-activity.dto';
import { ActivityConfig, activityConfig } from './activity.config';

/** Clocks of senders drift: an event up to this far ahead of ours counts as now. */
export const CLOCK_SKEW_MS = 2_000;

/** Activity in (the ingest endpoint), active-user counts out (the summary, the history). */
@Injectable()
export class ActivityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ActivityService.name);

  constructor(
    private readonly store: ActiveUsersStore,
    private readonly liveStore: LiveStore,
    @Inject(activityConfig.KEY) private readonly config: ActivityConfig,
  ) {}

  /** Finds keys of another type left under the active-user names before the first write meets them. */
  async onApplicationBootstrap(): Promise<void> {
    await this.store
      .checkKeyTypes(this.config.platforms)
      .catch((error: unknown) =>
        warnUnlessLiveStoreDown(this.logger, 'active-user key check skipped', error),
      );
  }

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
    if (badPlatforms.length > 0) throw new ValidationProblemException(badPlatforms);

    const accepted: ActivityEvent[] = [];
    const rejected: RejectedEventDto[] = [];
    const oldest = nowMs - this.config.activeUserWindowMs;
    body.events.forEach((event, index) => {
      // The body parser checked `at` with parseDateTime; absent (or null) means now.
      const atMs = event.at === undefined ? nowMs : (parseDateTime(event.at) ?? nowMs);
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
    await this.store.record(accepted);
    return { accepted: accepted.length, rejected };
  }

  /** The configured platforms, in their configured order. */
  get platforms(): readonly string[] {
    return this.config.platforms;
  }

  /** How long a user counts as active after their last event (ACTIVE_USER_WINDOW). */
  get activeWindowMs(): number {
    return this.config.activeUserWindowMs;
  }

  /**
   * Adds to `batch` the reads of the users active within ACTIVE_USER_WINDOW before `nowMs`, overall and per
   * platform; the returned function gives the counts once the batch has run. So a caller reading other live
   * state too pays one round trip for all of it.
   */
  readActiveUsers(batch: LiveBatch, nowMs: number): () => ActiveUserCounts {
    return this.store.readCounts(batch, this.config.platforms, nowMs - this.config.activeUserWindowMs);
  }

  /** The users active within ACTIVE_USER_WINDOW before `nowMs`. One round trip. */
  async activeUsers(nowMs: number): Promise<ActiveUserCounts> {
    const batch = this.liveStore.batch();
    const counts = this.readActiveUsers(batch, nowMs);
    await batch.run();
    return counts();
  }

  /** Drops activity older than the window, so the sets do not grow; returns how many entries went. */
  trimStale(nowMs: number): Promise<number> {
    return this.store.trim(this.config.platforms, nowMs - this.config.activeUserWindowMs);
  }
}
