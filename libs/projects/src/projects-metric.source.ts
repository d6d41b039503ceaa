import { MetricDefinition, MetricSample, MetricSource, MetricSourceProvider, sampleMinute } from '@app/core';
import { Injectable } from '@nestjs/common';
import { ProjectsService } from './projects.service';

/** The history metric of live projects. */
export const LIVE_PROJECTS_METRIC = 'liveProjects';

/** Live projects, sampled each minute. */
@Injectable()
@MetricSourceProvider({ order: 30 })
export class ProjectsMetricSource implements MetricSource {
  constructor(private readonly projects: ProjectsService) {}

  definitions(): MetricDefinition[] {
    return [
      {
        type: LIVE_PROJECTS_METRIC,
        label: 'Live projects',
        unit: 'projects',
        aggregation: 'avg',
        description: 'Projects marked live',
      },
    ];
  }

  async sample(nowMs: number): Promise<MetricSample[]> {
    return [
      { metric: LIVE_PROJECTS_METRIC, ts: sampleMinute(nowMs), value: await this.projects.countLive() },
    ];
  }
}
