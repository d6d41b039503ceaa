import { PrometheusMetrics, withDeadline } from '@app/core';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { MetricsSummaryDto } from './dto/metrics-summary.dto';
import { MetricsSummaryService } from './metrics-summary.service';

/** A scrape waits at most this long for the summary; its gauges are then absent or NaN. */
const SCRAPE_SUMMARY_DEADLINE_MS = 2_000;

/**
 * The business numbers as Prometheus gauges, read from the summary at scrape time (shared with concurrent
 * summary requests; its database counts are cached). A number a store could not give is NaN (or, for a
 * labelled gauge, its series is absent); the scrape itself never fails because of a store.
 */
@Injectable()
export class SummaryGaugesService implements OnModuleInit {
  private readonly logger = new Logger(SummaryGaugesService.name);
  private activeUsers!: Gauge;
  private activeUsersByPlatform!: Gauge<'platform'>;
  private sensors!: Gauge<'state'>;
  private liveProjects!: Gauge;
  private newProjects!: Gauge;
  private rejections!: Gauge;

  constructor(
    private readonly prometheus: PrometheusMetrics,
    private readonly summaries: MetricsSummaryService,
  ) {}

  onModuleInit(): void {
    const registers = [this.prometheus.registry];
    this.activeUsers = new Gauge({
      name: 'analytics_active_users',
      help: 'Distinct users active within ACTIVE_USER_WINDOW, any platform',
      registers,
    });
    this.activeUsersByPlatform = new Gauge({
      name: 'analytics_active_users_by_platform',
      help: 'Users active within ACTIVE_USER_WINDOW on each platform (one user may count on several)',
      labelNames: ['platform'],
      registers,
    });
    this.sensors = new Gauge({
      name: 'analytics_sensors',
      help: 'Sensors with a heartbeat within SENSOR_ONLINE_WINDOW (online) and without (offline)',
      labelNames: ['state'],
      registers,
    });
    this.liveProjects = new Gauge({
      name: 'analytics_live_projects',
      help: 'Projects marked live',
      registers,
    });
    this.newProjects = new Gauge({
      name: 'analytics_new_projects_7d',
      help: 'Projects created within the last 7 days',
      registers,
    });
    this.rejections = new Gauge({
      name: 'analytics_api_rejected_requests',
      help: '4xx answers in the current minute and the four before it',
      registers,
    });
    this.prometheus.onScrape(() => this.update());
  }

  private async update(): Promise<void> {
    const summary = await withDeadline(this.summaries.currentSummary(), SCRAPE_SUMMARY_DEADLINE_MS, () => {
      throw new Error(`no summary within ${SCRAPE_SUMMARY_DEADLINE_MS} ms`);
    }).catch((error: Error): MetricsSummaryDto | null => {
      this.logger.warn(`business gauges unknown in this scrape: ${error.message}`);
      return null;
    });
    this.activeUsers.set(summary?.activeUsers ?? NaN);
    this.liveProjects.set(summary?.totalLiveProjects ?? NaN);
    this.newProjects.set(summary?.newProjectsLast7Days ?? NaN);
    this.rejections.set(summary?.apiRejectedCount ?? NaN);
    this.activeUsersByPlatform.reset();
    for (const [platform, count] of Object.entries(summary?.activeUsersByPlatform ?? {})) {
      this.activeUsersByPlatform.set({ platform }, count);
    }
    this.sensors.reset();
    if (summary?.sensorsOnline != null) this.sensors.set({ state: 'online' }, summary.sensorsOnline);
    if (summary?.sensorsOffline != null) this.sensors.set({ state: 'offline' }, summary.sensorsOffline);
  }
}
