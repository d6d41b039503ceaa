import { ActiveUserCounts, ActivityService } from '@app/activity';
import {
  AppCacheService,
  DependencyUnavailableException,
  FailureEpisode,
  LiveStore,
  RejectionCounter,
  SharedRun,
  unixMinute,
} from '@app/core';
import { ProjectsService } from '@app/projects';
import { SensorsService } from '@app/sensors';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DegradedDependency, MetricsSummaryDto } from './dto/metrics-summary.dto';
import { MetricsConfig, metricsConfig } from './metrics.config';

export const SUMMARY_DB_CACHE_KEY = 'summary:database-counts';
/** New projects are those created within this window. */
export const NEW_PROJECTS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Rejections are counted over the current minute and the four before it. */
export const REJECTION_WINDOW_MINUTES = 5;
/**
 * A complete summary read at most this long ago is the answer, as long as this instance has confirmed no
 * write to the live store since that read started. Under load that caps the reads at about a hundred a
 * second whatever the request rate, and no caller sees a number older than its own writes.
 */
export const SUMMARY_REUSE_MS = 10;

interface LiveCounts extends ActiveUserCounts {
  /** Total 4xx answers for each of the last minutes, the current one first. */
  rejectionsPerMinute: number[];
  sensorsOnline: number;
}

interface DatabaseCounts {
  newProjectsLast7Days: number;
  totalLiveProjects: number;
  sensorsTotal: number;
}

/** One warning when a store starts failing the summary and one line when it answers again. */
function storeOutage(logger: Logger, store: string): FailureEpisode {
  return new FailureEpisode(logger, {
    started: (error) => `summary without ${store} until it answers again: ${String(error)}`,
    ended: () => `summary has the ${store}'s numbers again`,
  });
}

@Injectable()
export class MetricsSummaryService {
  private readonly logger = new Logger(MetricsSummaryService.name);
  /** One line when a store starts failing the summary and one when it answers again, not one per read. */
  private readonly liveOutage = storeOutage(this.logger, 'live store');
  private readonly databaseOutage = storeOutage(this.logger, 'database');
  /**
   * The summary is the same for every caller at a given instant: concurrent requests share one read
   * (each still gets one that started after it arrived), so a thousand dashboards cost Redis a pipeline
   * per round trip, not one each.
   */
  private readonly current = new SharedRun(() => this.readAndKeep());
  /** The last complete summary, when its read started, and the live-store writes settled by then. */
  private recent: { summary: MetricsSummaryDto; startedAt: number; writes: number } | null = null;

  constructor(
    private readonly liveStore: LiveStore,
    private readonly activity: ActivityService,
    private readonly sensors: SensorsService,
    private readonly projects: ProjectsService,
    private readonly rejections: RejectionCounter,
    private readonly cache: AppCacheService,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
  ) {}

  /**
   * The summary now: the one read within the last SUMMARY_REUSE_MS if this instance wrote nothing to the
   * live store since, else a read shared by all callers that ask at the same time.
   */
  currentSummary(): Promise<MetricsSummaryDto> {
    const recent = this.recent;
    // A clock set back makes the age negative: that read is not reused.
    const age = recent === null ? -1 : Date.now() - recent.startedAt;
    if (
      recent !== null &&
      recent.writes === this.liveStore.writes.value &&
      age >= 0 &&
      age <= SUMMARY_REUSE_MS
    ) {
      return Promise.resolve(recent.summary);
    }
    return this.current.run();
  }

  private async readAndKeep(): Promise<MetricsSummaryDto> {
    const startedAt = Date.now();
    const writes = this.liveStore.writes.value;
    let summary: MetricsSummaryDto;
    try {
      summary = await this.summary(startedAt);
    } catch (error) {
      this.recent = null;
      throw error;
    }
    // A degraded answer is not kept: the next caller tries the store that failed again.
    this.recent = summary.degraded.length === 0 ? { summary, startedAt, writes } : null;
    return summary;
  }

  /**
   * One live-store round trip (activity, sensors and rejections read in one batch) and three indexed counts (cached SUMMARY_DB_TTL). Each store that fails
   * nulls its own fields and is named in `degraded`; with both down there is nothing true to say: 503.
   */
  async summary(nowMs = Date.now()): Promise<MetricsSummaryDto> {
    const [live, counts] = await Promise.allSettled([this.liveCounts(nowMs), this.databaseCounts(nowMs)]);
    if (live.status === 'rejected') this.liveOutage.failed(live.reason);
    else this.liveOutage.succeeded();
    if (counts.status === 'rejected') this.databaseOutage.failed(counts.reason);
    else this.databaseOutage.succeeded();
    if (live.status === 'rejected' && counts.status === 'rejected') {
      throw new DependencyUnavailableException(
        ['redis', 'database'],
        'Neither Redis nor the database is reachable.',
      );
    }
    const snapshot: LiveCounts | null = live.status === 'fulfilled' ? live.value : null;
    const database: DatabaseCounts | null = counts.status === 'fulfilled' ? counts.value : null;
    const degraded: DegradedDependency[] = [];
    if (!snapshot) degraded.push(DegradedDependency.Redis);
    if (!database) degraded.push(DegradedDependency.Database);
    return {
      activeUsers: snapshot?.activeUsers ?? null,
      activeUsersByPlatform: snapshot?.activeUsersByPlatform ?? null,
      apiRejectedCount: snapshot ? snapshot.rejectionsPerMinute.reduce((sum, count) => sum + count, 0) : null,
      newProjectsLast7Days: database?.newProjectsLast7Days ?? null,
      totalLiveProjects: database?.totalLiveProjects ?? null,
      sensorsOnline: snapshot?.sensorsOnline ?? null,
      sensorsOffline:
        snapshot && database ? Math.max(0, database.sensorsTotal - snapshot.sensorsOnline) : null,
      generatedAt: new Date(nowMs).toISOString(),
      degraded,
    };
  }

  private async liveCounts(nowMs: number): Promise<LiveCounts> {
    const currentMinute = unixMinute(nowMs);
    const minutes = Array.from({ length: REJECTION_WINDOW_MINUTES }, (_, i) => currentMinute - i);
    const batch = this.liveStore.batch();
    const activeUsers = this.activity.readActiveUsers(batch, nowMs);
    const rejections = this.rejections.readTotals(batch, minutes);
    const sensorsOnline = this.sensors.readOnline(batch, nowMs);
    await batch.run();
    return { ...activeUsers(), rejectionsPerMinute: rejections(), sensorsOnline: sensorsOnline.value };
  }

  private databaseCounts(nowMs: number): Promise<DatabaseCounts> {
    return this.cache.getOrLoad(SUMMARY_DB_CACHE_KEY, this.config.summaryDbTtlMs, async () => {
      const [newProjectsLast7Days, totalLiveProjects, sensorsTotal] = await Promise.all([
        this.projects.countCreatedSince(new Date(nowMs - NEW_PROJECTS_WINDOW_MS)),
        this.projects.countLive(),
        this.sensors.countAll(),
      ]);
      return { newProjectsLast7Days, totalLiveProjects, sensorsTotal };
    });
  }
}
