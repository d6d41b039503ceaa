import { ActivityService } from '@app/activity';
import { LiveStore, unixMinute } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { MetricRegistry } from './metric-registry';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsConfig, metricsConfig } from './metrics.config';

export interface SamplerRun {
  ran: boolean;
  recorded: number;
  trimmed: number;
  deleted: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far back the hourly pass rolls the minutes up again. */
export const ROLLUP_RECHECK_MS = DAY_MS;

/**
 * The retention cutoff at `nowMs`: HISTORY_RETENTION_DAYS back, floored to the UTC hour, so the minutes,
 * the hourly rollups and (with the cutoff's day rebuilt from its remaining hours) the daily rollups all
 * keep exactly the same minutes.
 */
export function retentionCutoff(nowMs: number, retentionDays: number): Date {
  return new Date(Math.floor((nowMs - retentionDays * DAY_MS) / HOUR_MS) * HOUR_MS);
}

/**
 * Once a minute, on exactly one instance (a per-minute lock in the live store that is never released, so
 * no other instance re-runs that minute): records every registered metric (the repository refreshes the
 * hourly and daily rollups of what it writes), trims stale activity, and once an hour rolls the last day
 * up again and drops samples and rollups past HISTORY_RETENTION_DAYS.
 */
@Injectable()
export class MetricSamplerService {
  private readonly logger = new Logger(MetricSamplerService.name);

  constructor(
    private readonly registry: MetricRegistry,
    private readonly samples: MetricSamplesRepository,
    private readonly liveStore: LiveStore,
    private readonly activity: ActivityService,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
  ) {}

  // Five seconds into each minute: rejection counts of the minute that just ended are written after their
  // answers are sent, so reading exactly at :00 could miss the last ones.
  @Cron('5 * * * * *', { name: 'metric-sampler' })
  async tick(): Promise<void> {
    if (!this.config.samplerEnabled) return;
    try {
      await this.runOnce(Date.now());
    } catch (error) {
      this.logger.error(`sampling failed: ${(error as Error).message}`);
    }
  }

  async runOnce(nowMs: number): Promise<SamplerRun> {
    const minute = unixMinute(nowMs);
    const token = await this.liveStore.tryLock(`metric-sampler:${minute}`, 120_000);
    if (token === null) return { ran: false, recorded: 0, trimmed: 0, deleted: 0 };

    const results = await Promise.allSettled(
      this.registry.allSources().map((source) => source.sample(nowMs)),
    );
    const samples = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    for (const result of results) {
      if (result.status === 'rejected') this.logger.warn(`a metric source failed: ${String(result.reason)}`);
    }
    // Trimming does not depend on the database: with MySQL down the live sets must still not grow.
    const trimmed = await this.activity.trimStale(nowMs);
    await this.samples.upsert(samples);
    let deleted = 0;
    if (minute % 60 === 0) {
      // Minutes that reached the table past the repository's upsert (an instance of the previous version
      // during a rollout, a bulk load) reach the rollups here: the last day's hours and days are
      // recomputed from its minutes. Idempotent, so a day with nothing new rewrites the same rows.
      const hourStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
      await this.samples.rollUp(this.registry.types(), hourStart - ROLLUP_RECHECK_MS, hourStart);
      const before = retentionCutoff(nowMs, this.config.historyRetentionDays);
      for (const type of this.registry.types()) deleted += await this.samples.deleteOlderThan(type, before);
    }
    return { ran: true, recorded: samples.length, trimmed, deleted };
  }
}
