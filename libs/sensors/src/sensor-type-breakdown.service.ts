import { AnalyticsConfig, analyticsConfig, AppCacheService } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { SensorTypeBreakdownDto } from './dto/sensor-type-breakdown.dto';
import { SensorsRepository } from './sensors.repository';

export const SENSOR_BREAKDOWN_CACHE_KEY = 'sensors:type-breakdown';

@Injectable()
export class SensorTypeBreakdownService {
  constructor(
    private readonly sensors: SensorsRepository,
    private readonly cache: AppCacheService,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {}

  /** Served from the shared cache; computed from MySQL (one GROUP BY on the type index) when cold. */
  breakdown(): Promise<SensorTypeBreakdownDto> {
    return this.cache.getOrLoad(SENSOR_BREAKDOWN_CACHE_KEY, this.config.sensorBreakdownTtlMs, async () => {
      const types = await this.sensors.countByType();
      return { total: types.reduce((sum, entry) => sum + entry.count, 0), types };
    });
  }

  /** Call when sensors are added, removed or change type. */
  invalidate(): Promise<void> {
    return this.cache.del(SENSOR_BREAKDOWN_CACHE_KEY);
  }
}
