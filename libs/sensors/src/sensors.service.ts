import { LiveBatch, LiveRead } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { HeartbeatStore } from './heartbeat.store';
import { SensorsRepository } from './sensors.repository';
import { SensorsConfig, sensorsConfig } from './sensors.config';

/** What other features may know of sensors: how many there are, and how many are online. */
@Injectable()
export class SensorsService {
  constructor(
    private readonly sensors: SensorsRepository,
    private readonly heartbeats: HeartbeatStore,
    @Inject(sensorsConfig.KEY) private readonly config: SensorsConfig,
  ) {}

  /** How long a sensor counts as online after its last heartbeat (SENSOR_ONLINE_WINDOW). */
  get onlineWindowMs(): number {
    return this.config.sensorOnlineWindowMs;
  }

  /** Every sensor (an index count). */
  countAll(): Promise<number> {
    return this.sensors.countAll();
  }

  /** How many sensors have a heartbeat within SENSOR_ONLINE_WINDOW before `nowMs`. One round trip. */
  onlineCount(nowMs: number): Promise<number> {
    return this.heartbeats.countSince(nowMs - this.config.sensorOnlineWindowMs);
  }

  /**
   * Adds to `batch` the count of sensors with a heartbeat within SENSOR_ONLINE_WINDOW before `nowMs`, so a
   * caller reading other live state too pays one round trip for all of it.
   */
  readOnline(batch: LiveBatch, nowMs: number): LiveRead<number> {
    return this.heartbeats.readCountSince(batch, nowMs - this.config.sensorOnlineWindowMs);
  }
}
