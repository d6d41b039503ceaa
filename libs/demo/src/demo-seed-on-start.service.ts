import { ActivityService } from '@app/activity';
import { LiveStore, sqlDialectOf } from '@app/core';
import { ProjectsBulk } from '@app/projects';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoSeedOptions, seedDemoData, seedDemoLiveState } from './demo-data.seeder';
import { DemoConfig, demoConfig } from './demo.config';

/** Pause between two attempts at the live part of the demo while the live store (Redis) is down. */
export const DEMO_LIVE_RETRY_MS = 5_000;

/**
 * Zero-setup start: an empty embedded database is filled with the small demo data set before the
 * service answers, so the first page shows real-looking numbers. A database with any project is left alone.
 * The live part (active users, heartbeats) goes to the live store: when that is a Redis that is down, the
 * service starts anyway with the database rows, like in any Redis outage, and writes the live part once
 * Redis answers.
 */
@Injectable()
export class DemoSeedOnStartService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Demo');
  private finished: () => void = () => undefined;
  /** Settles once the database rows are seeded or the seed was skipped: the demo traffic continues them. */
  readonly seeded = new Promise<void>((resolve) => (this.finished = resolve));
  private liveRetry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly liveStore: LiveStore,
    private readonly activity: ActivityService,
    @Inject(demoConfig.KEY) private readonly config: DemoConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.seedWhenEmpty();
    } finally {
      this.finished();
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.liveRetry) clearTimeout(this.liveRetry);
    this.liveRetry = null;
  }

  private async seedWhenEmpty(): Promise<void> {
    if (!this.config.demoSeed || !sqlDialectOf(this.dataSource.options).embedded) return;
    if (await this.hasProjects()) return;
    const options: DemoSeedOptions = { scale: 'small', platforms: [...this.activity.platforms] };
    const result = await seedDemoData(this.dataSource, null, options);
    this.logger.log(
      `empty embedded database seeded with demo data: ${result.projects.total} projects, ${result.sensors.total} sensors, ` +
        `${result.samples} history samples in ${result.durationMs} ms (DEMO_SEED=false turns this off)`,
    );
    await this.seedLive(options, 1);
  }

  /** The live part; while the live store fails, again every DEMO_LIVE_RETRY_MS (one line when it starts). */
  private async seedLive(options: DemoSeedOptions, attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      const live = await seedDemoLiveState(this.dataSource, this.liveStore, options);
      if (attempt > 1) {
        this.logger.log(
          `demo live state seeded now that the live store answers: ${live.activeUsers} active users, ` +
            `${live.heartbeats} sensor heartbeats`,
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt === 1) {
        this.logger.warn(
          `demo live state (active users, sensor heartbeats) not seeded, the live store failed (${message}): ` +
            `trying again every ${DEMO_LIVE_RETRY_MS / 1_000} s until it answers`,
        );
      } else {
        this.logger.debug(`demo live state still not seeded (attempt ${attempt}): ${message}`);
      }
      if (this.stopped) return;
      this.liveRetry = setTimeout(() => {
        this.liveRetry = null;
        void this.seedLive(options, attempt + 1);
      }, DEMO_LIVE_RETRY_MS);
      this.liveRetry.unref();
    }
  }

  private async hasProjects(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await new ProjectsBulk(runner).size()).rows > 0;
    } finally {
      await runner.release();
    }
  }
}
