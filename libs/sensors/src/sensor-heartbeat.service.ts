import { AnalyticsConfig, analyticsConfig, LiveStore } from '@app/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { HeartbeatsAcceptedDto } from './dto/record-heartbeats.dto';
import { SensorsRepository } from './sensors.repository';

const FLUSH_LOCK = 'sensors-flush';
/**
 * How far back each flush re-reads before the previous one began. A heartbeat is stamped when its request
 * arrives but reaches the live store a moment later (after the known-id lookup), and instances' clocks
 * differ slightly: without this overlap such a heartbeat would fall behind the watermark and never be
 * written. Rewriting the same time is harmless.
 */
export const FLUSH_OVERLAP_MS = 10_000;

/**
 * Heartbeats land in the live store (sensors:last_seen) at once; every minute one instance writes them to
 * sensors.last_seen_at, so losing Redis loses at most a minute. A live set found empty is rebuilt from MySQL.
 */
@Injectable()
export class SensorHeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SensorHeartbeatService.name);
  /** When this instance's last flush began; the next one reads from FLUSH_OVERLAP_MS before it. */
  // A new instance does not rewrite every heartbeat Redis holds (850k rows at a million sensors): it
  // starts two minutes before the online window, which covers an instance that stopped without flushing.
  private flushedUpTo: number;

  constructor(
    private readonly sensors: SensorsRepository,
    private readonly liveStore: LiveStore,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {
    this.flushedUpTo = Date.now() - config.sensorOnlineWindowMs - 120_000;
  }

  async record(sensorIds: readonly number[], nowMs = Date.now()): Promise<HeartbeatsAcceptedDto> {
    const distinct = [...new Set(sensorIds)];
    const known = await this.sensors.existingIds(distinct);
    const unknown = distinct.filter((id) => !known.has(id));
    // Redis down: the error filter answers 503 (nothing recorded), as for every write.
    await this.liveStore.recordHeartbeats([...known].map((sensorId) => ({ sensorId, atMs: nowMs })));
    return { accepted: known.size, unknown };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rebuildIfEmpty().catch((error: Error) =>
      this.logger.warn(`heartbeat rebuild skipped: ${error.message}`),
    );
  }

  /** Writes what is pending before the connections close. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush().catch((error: Error) =>
      this.logger.warn(`final heartbeat flush failed: ${error.message}`),
    );
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'sensor-heartbeat-flush' })
  async tick(): Promise<void> {
    try {
      await this.rebuildIfEmpty();
      await this.flush();
    } catch (error) {
      this.logger.warn(`heartbeat flush failed: ${(error as Error).message}`);
    }
  }

  /** Writes heartbeats newer than the last flush to MySQL; one instance at a time. Returns rows written. */
  async flush(): Promise<number> {
    const token = await this.liveStore.tryLock(FLUSH_LOCK, 55_000);
    if (token === null) return 0;
    try {
      const startedAt = Date.now();
      // Never further back than the online window and two minutes: an instance that rarely wins the lock
      // does not rewrite every heartbeat since it started; older ones were flushed by whoever won then.
      const since = Math.max(
        this.flushedUpTo - FLUSH_OVERLAP_MS,
        startedAt - this.config.sensorOnlineWindowMs - 120_000,
      );
      const pending = await this.liveStore.heartbeatsSince(since);
      const written = await this.sensors.saveLastSeen(pending);
      // Anything stamped from startedAt - FLUSH_OVERLAP_MS on is read again next time.
      this.flushedUpTo = startedAt;
      return written;
    } finally {
      await this.liveStore.releaseLock(FLUSH_LOCK, token);
    }
  }

  /** Refills an empty live set (Redis restarted or lost) from the last flushed heartbeats. */
  async rebuildIfEmpty(): Promise<number> {
    if ((await this.liveStore.heartbeatCount()) > 0) return 0;
    const since = new Date(Date.now() - this.config.sensorOnlineWindowMs);
    const entries = await this.sensors.lastSeenSince(since);
    await this.liveStore.recordHeartbeats(entries);
    if (entries.length > 0) this.logger.log(`rebuilt ${entries.length} sensor heartbeats from the database`);
    return entries.length;
  }
}
