import { MetricDefinition, MetricSample, MetricSource, MetricSourceProvider, sampleMinute } from '@app/core';
import { Injectable } from '@nestjs/common';
import { ActivityService } from './activity.service';

/** The history metrics of active users: overall, and one per platform. */
export const ActivityMetrics = {
  all: 'activeUsers',
  on: (platform: string) => `activeUsers.${platform}`,
} as const;

/** Active users, overall and per platform, sampled each minute. */
@Injectable()
@MetricSourceProvider({ order: 10 })
export class ActivityMetricSource implements MetricSource {
  constructor(private readonly activity: ActivityService) {}

  definitions(): MetricDefinition[] {
    return [
      {
        type: ActivityMetrics.all,
        label: 'Active users',
        unit: 'users',
        aggregation: 'avg',
        description: 'Distinct users active within the window, any platform',
      },
      ...this.activity.platforms.map((platform) => ({
        type: ActivityMetrics.on(platform),
        label: `Active users on ${platform}`,
        unit: 'users',
        aggregation: 'avg' as const,
        description: `Users active within the window on ${platform}`,
      })),
    ];
  }

  async sample(nowMs: number): Promise<MetricSample[]> {
    const counts = await this.activity.activeUsers(nowMs);
    const ts = sampleMinute(nowMs);
    return [
      { metric: ActivityMetrics.all, ts, value: counts.activeUsers },
      ...this.activity.platforms.map((platform) => ({
        metric: ActivityMetrics.on(platform),
        ts,
        value: counts.activeUsersByPlatform[platform],
      })),
    ];
  }
}
