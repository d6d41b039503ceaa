import { ActivityMetrics, ActivityService } from '@app/activity';
import { FailureEpisode, MetricSample, RejectionCounter } from '@app/core';
import { MetricSamplesRepository } from '@app/metrics';
import { ProjectsService } from '@app/projects';
import { SensorHeartbeatService, SensorsService } from '@app/sensors';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DEMO_SCALES } from './demo-data.seeder';
import { DemoConfig, demoConfig } from './demo.config';
import { DemoMetricModel, demoSamplesAt, MINUTE_MS } from './demo-metric-model';
import { demoUserId, demoUserPlatforms, isOnlineSensor } from './demo-rows';
import { DemoSeedOnStartService } from './demo-seed-on-start.service';
import { DemoSensorIds } from './demo-sensor-ids';
import { cumulativeWeights, hash32, mulberry32, pickCumulative } from './prng';

const TICK_MS = 2_000;
const HEARTBEAT_EVERY_TICKS = 15; // every 30 s
/** Each demo user is active again every this many ticks (60 s): well inside any active window. */
const ACTIVITY_EVERY_TICKS = 30;
const MAX_SENSORS = 50_000;
const EVENTS_PER_CALL = 1_000;
/** A gap in the history up to this long before now is filled from the model when the demo starts. */
export const HISTORY_FILL_MS = 2 * 24 * 60 * MINUTE_MS;
const HOUR_MINUTES = 60;
const REJECTION_STATUSES = cumulativeWeights([40, 25, 20, 15]);
const REJECTION_STATUS_CODES = [429, 401, 400, 404];
const SALT_REJECTION = 204;

/**
 * DEMO_TRAFFIC: an in-process stand-in for the platform's services, so a laptop demo moves, and moves the
 * way its history does. At start it continues the recorded history: the demo model is fitted to the last
 * `activeUsers` sample, and the minutes from there to now are written through the samples repository. Then
 * every 2 s it keeps the model's active users active (through the ActivityService the ingest endpoint
 * uses), every 30 s the model's share of sensors beats (through SensorHeartbeatService), and each minute
 * the model's rejections are counted: the sampler then records what the history predicted, with no cliff.
 */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

@Injectable()
export class DemoTrafficService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Demo');
  private timer: NodeJS.Timeout | undefined;
  private tickCount = 0;
  private sensorIds: number[] | null = null;
  private rejectionsCountedFor = -1;
  private model: DemoMetricModel | null = null;
  /** When the ticks started failing; null while they work. */
  private readonly failures = new FailureEpisode(this.logger, {
    started: (error) =>
      `demo traffic paused, a tick failed: ${messageOf(error)} (retried every tick; a line when it resumes)`,
    ended: (seconds) => `demo traffic resumed after ${seconds} s`,
    again: (error) => `demo traffic tick failed: ${messageOf(error)}`,
  });

  constructor(
    private readonly activity: ActivityService,
    private readonly heartbeats: SensorHeartbeatService,
    private readonly sensors: SensorsService,
    private readonly sensorIdsOf: DemoSensorIds,
    private readonly projects: ProjectsService,
    private readonly samples: MetricSamplesRepository,
    private readonly rejections: RejectionCounter,
    private readonly seed: DemoSeedOnStartService,
    @Inject(demoConfig.KEY) private readonly config: DemoConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoTraffic) return;
    this.logger.log('DEMO_TRAFFIC is on: generating activity, heartbeats and a few refused requests');
    // The history to continue is the one the seed writes, when it runs.
    await this.seed.seeded;
    const filled = await this.continueHistory(Date.now());
    if (filled > 0) this.logger.log(`demo history continued up to now: ${filled} minutes filled`);
    // One tick before the first request, so a restarted demo (in-process state starts empty) shows users.
    await this.tickOnce();
    this.timer = setInterval(() => void this.tickOnce(), TICK_MS);
    this.timer.unref();
  }

  /** One tick; while ticks fail (Redis down, say) one warning when they start and one line when they stop. */
  private async tickOnce(): Promise<void> {
    try {
      await this.tick();
      this.failures.succeeded();
    } catch (error) {
      this.failures.failed(error);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Fits the model to the last `activeUsers` sample within HISTORY_FILL_MS before now and writes the
   * model's minutes after it, the current one included: the sampler records a minute only when it runs in
   * it, at :05, so a start later in the minute would leave it empty (a run at :05 overwrites it with the
   * live numbers). Without a recent sample the model starts at the small demo's size now and nothing is
   * written. Returns the minutes written.
   */
  async continueHistory(nowMs: number): Promise<number> {
    const currentMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    const recent = await this.samples.buckets(
      ActivityMetrics.all,
      currentMinute - HISTORY_FILL_MS,
      currentMinute + MINUTE_MS,
      60,
      'avg',
    );
    const last = recent[recent.length - 1];
    const platforms = this.activity.platforms;
    if (last === undefined || last.value <= 0) {
      this.model = new DemoMetricModel(platforms, DEMO_SCALES.small.activeUsers, nowMs);
      return 0;
    }
    const lastMs = last.bucketStart * 1000;
    this.model = new DemoMetricModel(platforms, last.value, lastMs);
    const counts = {
      sensors: await this.sensors.countAll(),
      liveProjects: await this.projects.countLive(),
    };
    let written = 0;
    let batch: MetricSample[] = [];
    for (let timeMs = lastMs + MINUTE_MS; timeMs <= currentMinute; timeMs += MINUTE_MS) {
      const ts = new Date(timeMs);
      for (const sample of demoSamplesAt(this.model, platforms, timeMs, counts))
        batch.push({ ...sample, ts });
      written++;
      // An hour per write: the repository refreshes that hour's rollups with it.
      if (written % HOUR_MINUTES === 0) {
        await this.samples.upsert(batch);
        batch = [];
      }
    }
    await this.samples.upsert(batch);
    return written;
  }

  async tick(nowMs = Date.now()): Promise<void> {
    const model =
      this.model ?? new DemoMetricModel(this.activity.platforms, DEMO_SCALES.small.activeUsers, nowMs);
    this.model = model;
    const first = this.tickCount === 0;
    this.tickCount++;

    // The model gives one value per minute, as in the history.
    const minute = Math.floor(nowMs / MINUTE_MS);
    const minuteMs = minute * MINUTE_MS;
    // Users 1..n are the active ones: each is active again once a minute (all of them on the first tick).
    const platforms = this.activity.platforms;
    const shares = cumulativeWeights(model.platformShares(minuteMs));
    const activeUsers = model.activeUsers(minuteMs);
    const step = first ? 1 : ACTIVITY_EVERY_TICKS;
    const events: Array<{ userId: string; platform: string }> = [];
    for (let user = first ? 1 : 1 + (this.tickCount % step); user <= activeUsers; user += step) {
      for (const platform of demoUserPlatforms(user, shares, platforms)) {
        events.push({ userId: demoUserId(user), platform });
      }
    }
    for (let i = 0; i < events.length; i += EVENTS_PER_CALL) {
      await this.activity.record({ events: events.slice(i, i + EVENTS_PER_CALL) }, nowMs);
    }

    if (this.tickCount % HEARTBEAT_EVERY_TICKS === 1) {
      this.sensorIds ??= await this.sensorIdsOf.first(MAX_SENSORS);
      const share = model.onlineShare(minuteMs);
      const beating = this.sensorIds.filter((id) => isOnlineSensor(id, share));
      for (let i = 0; i < beating.length; i += EVENTS_PER_CALL)
        await this.heartbeats.record(beating.slice(i, i + EVENTS_PER_CALL), nowMs);
    }

    // The model's 4xx answers of this minute, counted once, at its first tick.
    if (minute !== this.rejectionsCountedFor) {
      this.rejectionsCountedFor = minute;
      const random = mulberry32(hash32(SALT_REJECTION, minute));
      const howMany = model.rejections(minuteMs, activeUsers);
      for (let i = 0; i < howMany; i++) {
        await this.rejections.count(
          REJECTION_STATUS_CODES[pickCumulative(REJECTION_STATUSES, random())],
          nowMs,
        );
      }
    }
  }
}
