import { ActivityService } from '@app/activity';
import { RejectionCounter } from '@app/core';
import { SensorHeartbeatService } from '@app/sensors';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DemoSensorIds } from './demo-sensor-ids';
import { DemoConfig, demoConfig } from './demo.config';
import { mulberry32 } from './prng';

const TICK_MS = 2_000;
const HEARTBEAT_EVERY_TICKS = 15; // every 30 s
const USER_POOL = 400;
const MAX_SENSORS = 50_000;
const REJECTED_STATUSES = [400, 401, 404, 404, 429];

/**
 * DEMO_TRAFFIC: an in-process stand-in for the platform's services, so a laptop demo moves. Every 2 s a
 * few demo users are active (through the same ActivityService the ingest endpoint uses), every 30 s
 * most sensors beat (through SensorHeartbeatService), and now and then a 4xx is counted.
 */
@Injectable()
export class DemoTrafficService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Demo');
  private readonly random = mulberry32(Date.now() >>> 0);
  private timer: NodeJS.Timeout | undefined;
  private tickCount = 0;
  private sensorIds: number[] = [];

  constructor(
    private readonly activity: ActivityService,
    private readonly heartbeats: SensorHeartbeatService,
    private readonly sensors: DemoSensorIds,
    private readonly rejections: RejectionCounter,
    @Inject(demoConfig.KEY) private readonly config: DemoConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoTraffic) return;
    this.logger.log('DEMO_TRAFFIC is on: generating activity, heartbeats and a few refused requests');
    // One tick before the first request, so a restarted demo (in-process state starts empty) shows users.
    await this.tick().catch((error: Error) => this.logger.warn(`demo traffic tick failed: ${error.message}`));
    this.timer = setInterval(() => {
      this.tick().catch((error: Error) => this.logger.warn(`demo traffic tick failed: ${error.message}`));
    }, TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async tick(nowMs = Date.now()): Promise<void> {
    this.tickCount++;
    // A slow daily swell, so the history chart has a shape.
    const hour = new Date(nowMs).getUTCHours() + new Date(nowMs).getUTCMinutes() / 60;
    const swell = 0.6 + 0.4 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    const activeNow = Math.max(1, Math.round(12 * swell * (0.7 + 0.6 * this.random())));
    const platforms = this.activity.platforms;
    const events = Array.from({ length: activeNow }, () => {
      const user = 1 + Math.floor(this.random() * USER_POOL);
      const roll = this.random();
      const platform = platforms[roll < 0.55 ? 0 : Math.min(platforms.length - 1, roll < 0.85 ? 1 : 2)];
      return { userId: `demo-user-${user}`, platform };
    });
    await this.activity.record({ events }, nowMs);

    if (this.tickCount % HEARTBEAT_EVERY_TICKS === 1) {
      if (this.sensorIds.length === 0) this.sensorIds = await this.sensors.first(MAX_SENSORS);
      const beating = this.sensorIds.filter(() => this.random() < 0.85);
      for (let i = 0; i < beating.length; i += 1000)
        await this.heartbeats.record(beating.slice(i, i + 1000), nowMs);
    }
    if (this.random() < 0.15) {
      const status = REJECTED_STATUSES[Math.floor(this.random() * REJECTED_STATUSES.length)];
      await this.rejections.count(status, nowMs);
    }
  }
}
