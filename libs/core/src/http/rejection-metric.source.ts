import { Injectable } from '@nestjs/common';
import { unixMinute } from '../live-store/live-store';
import { MetricDefinition, MetricSample, MetricSource, MetricSourceProvider } from '../metrics/metric-source';
import { RejectionCounter } from './rejection-counter';

/** The history metric of refused requests. */
export const API_REJECTIONS_METRIC = 'apiRejections';

/** 4xx answers per minute: at each tick, the total of the minute that just ended, from its counter. */
@Injectable()
@MetricSourceProvider({ order: 40 })
export class RejectionMetricSource implements MetricSource {
  constructor(private readonly rejections: RejectionCounter) {}

  definitions(): MetricDefinition[] {
    return [
      {
        type: API_REJECTIONS_METRIC,
        label: 'Rejected requests',
        unit: 'requests',
        aggregation: 'sum',
        description: '4xx answers per minute (rate limited, refused key, bad input, not found)',
      },
    ];
  }

  async sample(nowMs: number): Promise<MetricSample[]> {
    const previousMinute = unixMinute(nowMs) - 1;
    return [
      {
        metric: API_REJECTIONS_METRIC,
        ts: new Date(previousMinute * 60_000),
        value: await this.rejections.totalIn(previousMinute),
      },
    ];
  }
}
