import { ActivityService } from '@app/activity';
import { LiveStore, sqlDialectOf } from '@app/core';
import { ProjectsBulk } from '@app/projects';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedDemoData } from './demo-data.seeder';
import { DemoConfig, demoConfig } from './demo.config';

/**
 * Zero-setup start: an empty embedded database is filled with the small demo data set before the
 * service answers, so the first page shows real-looking numbers. A database with any project is left alone.
 */
@Injectable()
export class DemoSeedOnStartService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  private finished: () => void = () => undefined;
  /** Settles once the seed has run or was skipped: the demo traffic continues the history it wrote. */
  readonly seeded = new Promise<void>((resolve) => (this.finished = resolve));

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

  private async seedWhenEmpty(): Promise<void> {
    if (!this.config.demoSeed || !sqlDialectOf(this.dataSource.options).embedded) return;
    if (await this.hasProjects()) return;
    const result = await seedDemoData(this.dataSource, this.liveStore, {
      scale: 'small',
      platforms: [...this.activity.platforms],
    });
    this.logger.log(
      `empty embedded database seeded with demo data: ${result.projects.total} projects, ${result.sensors.total} sensors, ` +
        `${result.samples} history samples in ${result.durationMs} ms (DEMO_SEED=false turns this off)`,
    );
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
