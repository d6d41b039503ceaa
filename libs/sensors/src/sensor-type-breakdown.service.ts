import { AppCacheService, LiveStore, warnUnlessLiveStoreDown, withDeadline } from '@app/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SensorTypeBreakdownDto } from './dto/sensor-type-breakdown.dto';
import { SensorsRepository, SensorTypeCount } from './sensors.repository';
import { SensorsConfig, sensorsConfig } from './sensors.config';

export const SENSOR_BREAKDOWN_CACHE_KEY = 'sensors:type-breakdown';
const REFRESH_LOCK = 'sensor-type-counts';
/** Longer than a count of every sensor takes; released as soon as the refresh ends. */
const REFRESH_LOCK_TTL_MS = 30_000;
/** How long a start waits for the kept counts to be brought up to date. */
const BOOT_REFRESH_DEADLINE_MS = 10_000;

function toBreakdown(types: SensorTypeCount[]): SensorTypeBreakdownDto {
  return { total: types.reduce((sum, entry) => sum + entry.count, 0), types };
}

/**
 * Sensors by type. Counting a million sensors (a GROUP BY) takes hundreds of milliseconds, so no request
 * does it: the counts are kept in sensor_type_counts, recounted by one instance at a time (a live-store
 * lock) when an instance starts and then in the background once they are half SENSOR_BREAKDOWN_TTL old,
 * and the endpoint reads those few rows through the shared cache. Only counts older than the whole TTL
 * (no instance could refresh them) or none at all are recounted by the request that finds them so.
 *
 * Sensors are written by the platform directly in the database, not through this service, so an answer
 * reflects the sensors as they were at most about two TTLs ago (counts up to one TTL old, cached for up to
 * one more).
 */
@Injectable()
export class SensorTypeBreakdownService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SensorTypeBreakdownService.name);
  private timer: NodeJS.Timeout | undefined;
  /** Refreshes of this instance run one after another. */
  private running: Promise<unknown> = Promise.resolve();
  /** Bumped by invalidate(): a count that began before it must not be stored. */
  private generation = 0;

  constructor(
    private readonly sensors: SensorsRepository,
    private readonly cache: AppCacheService,
    private readonly liveStore: LiveStore,
    @Inject(sensorsConfig.KEY) private readonly config: SensorsConfig,
  ) {}

  private get ttlMs(): number {
    return this.config.sensorBreakdownTtlMs;
  }

  /** Served from the shared cache; read from the kept counts when cold. */
  breakdown(): Promise<SensorTypeBreakdownDto> {
    return this.cache.getOrLoad(SENSOR_BREAKDOWN_CACHE_KEY, this.ttlMs, () => this.load());
  }

  private async load(): Promise<SensorTypeBreakdownDto> {
    const stored = await this.sensors.storedTypeCounts();
    if (stored.refreshedAt !== null && Date.now() - stored.refreshedAt.getTime() <= this.ttlMs) {
      return toBreakdown(stored.types);
    }
    return toBreakdown(await this.recount());
  }

  /**
   * Brings the kept counts up to date before the service answers (waiting at most BOOT_REFRESH_DEADLINE_MS;
   * a slower count goes on in the background), then keeps them so.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.ttlMs <= 0) return; // nothing is cached: every request counts
    const every = Math.max(500, Math.floor(this.ttlMs / 2));
    this.timer = setInterval(() => void this.refreshIfDue(), every);
    this.timer.unref();
    await withDeadline(this.refreshIfDue(), BOOT_REFRESH_DEADLINE_MS, () => false);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Recounts when no counts are kept or they are at least half a TTL old, unless another instance is
   * recounting. Never throws; returns whether it counted.
   */
  async refreshIfDue(): Promise<boolean> {
    let token: string | null = null;
    try {
      const { refreshedAt } = await this.sensors.storedTypeCounts();
      if (refreshedAt !== null && Date.now() - refreshedAt.getTime() < this.ttlMs / 2) return false;
      token = await this.liveStore.tryLock(REFRESH_LOCK, REFRESH_LOCK_TTL_MS);
      if (token === null) return false;
      await this.recount();
      return true;
    } catch (error) {
      warnUnlessLiveStoreDown(this.logger, 'sensor type counts not refreshed', error);
      return false;
    } finally {
      if (token !== null) {
        await this.liveStore.releaseLock(REFRESH_LOCK, token).catch(() => undefined);
      }
    }
  }

  /** Counts every sensor by type and keeps the counts (unless invalidate() ran meanwhile); returns them. */
  recount(): Promise<SensorTypeCount[]> {
    return this.exclusive(async () => {
      const generation = this.generation;
      const startedAt = new Date(Date.now());
      const types = await this.sensors.countByType();
      if (generation === this.generation) await this.sensors.replaceTypeCounts(types, startedAt);
      return types;
    });
  }

  /** Call when sensors are added, removed or change type: the next answer counts them again. */
  async invalidate(): Promise<void> {
    this.generation++;
    await this.exclusive(() => this.sensors.clearTypeCounts());
    await this.cache.del(SENSOR_BREAKDOWN_CACHE_KEY);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.running.then(task, task);
    this.running = result.catch(() => undefined);
    return result;
  }
}
