import { MetricDefinition, MetricSample, MetricSource, MetricSourceProvider, sampleMinute } from '@app/core';
import { Injectable } from '@nestjs/common';
import { SensorsService } from './sensors.service';

/** The history metrics of sensors. */
export const SensorsMetrics = { online: 'sensorsOnline', offline: 'sensorsOffline' } as const;

/** Sensors online and offline, sampled each minute. */
@Injectable()
@MetricSourceProvider({ order: 20 })
export class SensorsMetricSource implements MetricSource {
  constructor(private readonly sensors: SensorsService) {}

  definitions(): MetricDefinition[] {
    return [
      {
        type: SensorsMetrics.online,
        label: 'Sensors online',
        unit: 'sensors',
        aggregation: 'avg',
        description: 'Sensors with a heartbeat within the window',
      },
      {
        type: SensorsMetrics.offline,
        label: 'Sensors offline',
        unit: 'sensors',
        aggregation: 'avg',
        description: 'Sensors without a heartbeat within the window',
      },
    ];
  }

  async sample(nowMs: number): Promise<MetricSample[]> {
    const [online, total] = await Promise.allSettled([
      this.sensors.onlineCount(nowMs),
      this.sensors.countAll(),
    ]);
    const ts = sampleMinute(nowMs);
    // A value that could not be read is a gap in the history, never a made-up zero.
    const samples: MetricSample[] = [];
    if (online.status === 'fulfilled') {
      samples.push({ metric: SensorsMetrics.online, ts, value: online.value });
      if (total.status === 'fulfilled') {
        samples.push({ metric: SensorsMetrics.offline, ts, value: Math.max(0, total.value - online.value) });
      }
    }
    if (samples.length === 0 && online.status === 'rejected') throw online.reason;
    return samples;
  }
}
