import { AnalyticsConfig, analyticsConfig } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { MetricDefinition, MetricSample, MetricSource, MetricSourceProvider } from '../metric-registry';
import { MetricsSummaryService } from '../metrics-summary.service';

function minuteStart(nowMs: number): Date {
  return new Date(Math.floor(nowMs / 60_000) * 60_000);
}

/** The gauges of the summary, sampled from one summary computation per minute. */
@Injectable()
@MetricSourceProvider()
export class SummaryMetricSource implements MetricSource {
  constructor(
    private readonly summary: MetricsSummaryService,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
  ) {}

  definitions(): MetricDefinition[] {
    return [
      {
        type: 'activeUsers',
        unit: 'users',
        aggregation: 'avg',
        description: 'Distinct users active within the window, any platform',
      },
      ...this.config.platforms.map((platform) => ({
        type: `activeUsers.${platform}`,
        unit: 'users',
        aggregation: 'avg' as const,
        description: `Users active within the window on ${platform}`,
      })),
      {
        type: 'sensorsOnline',
        unit: 'sensors',
        aggregation: 'avg',
        description: 'Sensors with a heartbeat within the window',
      },
      {
        type: 'sensorsOffline',
        unit: 'sensors',
        aggregation: 'avg',
        description: 'Sensors without a heartbeat within the window',
      },
      { type: 'liveProjects', unit: 'projects', aggregation: 'avg', description: 'Projects marked live' },
    ];
  }

  async sample(nowMs: number): Promise<MetricSample[]> {
    const summary = await this.summary.summary(nowMs);
    const ts = minuteStart(nowMs);
    const values: Record<string, number | null> = {
      activeUsers: summary.activeUsers,
      sensorsOnline: summary.sensorsOnline,
      sensorsOffline: summary.sensorsOffline,
      liveProjects: summary.totalLiveProjects,
    };
    for (const platform of this.config.platforms) {
      values[`activeUsers.${platform}`] = summary.activeUsersByPlatform?.[platform] ?? null;
    }
    // A value that could not be read is a gap in the history, never a made-up zero.
    return Object.entries(values)
      .filter((entry): entry is [string, number] => entry[1] !== null)
      .map(([metric, value]) => ({ metric, ts, value }));
  }
}
