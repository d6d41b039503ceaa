import { ActivityService } from '@app/activity';
import { BuildInfo } from '@app/core';
import { SensorsService } from '@app/sensors';
import { Inject, Injectable } from '@nestjs/common';
import { HISTORY_INTERVAL_NAMES, HISTORY_INTERVALS, MAX_HISTORY_POINTS } from './dto/metric-history.dto';
import { ServiceInfoDto } from './dto/service-info.dto';
import { MetricsConfig, metricsConfig } from './metrics.config';
import { NEW_PROJECTS_WINDOW_MS, REJECTION_WINDOW_MINUTES } from './metrics-summary.service';

const DAY_SECONDS = 86_400;

/** The service's version and the configuration that gives its numbers their meaning. */
@Injectable()
export class ServiceInfoService {
  private readonly answer: ServiceInfoDto;

  constructor(
    @Inject(metricsConfig.KEY) config: MetricsConfig,
    activity: ActivityService,
    sensors: SensorsService,
    build: BuildInfo,
  ) {
    const retentionSeconds = config.historyRetentionDays * DAY_SECONDS;
    this.answer = {
      version: build.version,
      commit: build.commit,
      windows: {
        activeUsersSeconds: activity.activeWindowMs / 1000,
        apiRejectionsSeconds: REJECTION_WINDOW_MINUTES * 60,
        sensorOnlineSeconds: sensors.onlineWindowMs / 1000,
        newProjectsSeconds: NEW_PROJECTS_WINDOW_MS / 1000,
      },
      platforms: [...activity.platforms],
      history: {
        retentionDays: config.historyRetentionDays,
        maxPoints: MAX_HISTORY_POINTS,
        intervals: HISTORY_INTERVAL_NAMES.map((interval) => {
          const seconds = HISTORY_INTERVALS[interval];
          // A range of (points − 1) intervals spans at most `points` buckets, however it is aligned.
          const pointsLimit = (MAX_HISTORY_POINTS - 1) * seconds;
          return { interval, seconds, maxRangeSeconds: Math.min(retentionSeconds, pointsLimit) };
        }),
      },
    };
  }

  info(): ServiceInfoDto {
    return this.answer;
  }
}
