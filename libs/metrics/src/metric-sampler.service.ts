import { AnalyticsConfig, analyticsConfig, LiveStore, unixMinute } from '@app/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { MetricRegistry } from './metric-registry';
import { MetricSamplesRepository } from './metric-samples.repository';

export interface SamplerRun {
  ran: boolean;
  recorded: number;
  trimmed: number;
  deleted: number;
}

/**
 * Once a minute, on exactly one instance (a per-minute lock in the live store that is never released, so
 * no other instance re-runs that minute): records every registered metric, trims stale activity, and
 * once an hour drops samples past HISTORY_RETENTION_DAYS.
 */
@Injectable()
export class MetricSamplerService {
  private readonly logger = new Logger(MetricSamplerService.name);

  constructor(
    private readonly registry: MetricRegistry,
    private readonly samples: MetricSamplesRepository,
    private readonly liveStore: LiveStore,
    @Inject(analyticsConfig.KEY) private readonly config: AnalyticsConfig,
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
    const trimmed = await this.liveStore.trimActivity(
      this.config.platforms,
      nowMs - this.config.activeUserWindowMs,
    );
    await this.samples.upsert(samples);
    let deleted = 0;
    if (minute % 60 === 0) {
      const before = new Date(nowMs - this.config.historyRetentionDays * 86_400_000);
      for (const type of this.registry.types()) deleted += await this.samples.deleteOlderThan(type, before);
    }
    return { ran: true, recorded: samples.length, trimmed, deleted };
  }
}
