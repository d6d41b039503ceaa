import { MetricDefinition, MetricSample, MetricSource, MetricSourceProvider, sampleMinute } from '@app/core';
import { Injectable } from '@nestjs/common';
import { ProjectsService } from './projects.service';

/** Live projects, sampled each minute. */
@Injectable()
@MetricSourceProvider({ order: 30 })
export class ProjectsMetricSource implements MetricSource {
  constructor(private readonly projects: ProjectsService) {}

  definitions(): MetricDefinition[] {
    return [
      {
        type: 'liveProjects',
        label: 'Live projects',
        unit: 'projects',
        aggregation: 'avg',
        description: 'Projects marked live',
      },
    ];
  }

  async sample(nowMs: number): Promise<MetricSample[]> {
    return [{ metric: 'liveProjects', ts: sampleMinute(nowMs), value: await this.projects.countLive() }];
  }
}
