import { ActivityModule } from '@app/activity';
import { AppValidationPipe, CoreModule, ProblemDetailsFilter } from '@app/core';
import { DemoModule } from '@app/demo';
import { MetricsModule } from '@app/metrics';
import { ModulesModule } from '@app/modules';
import { SensorsModule } from '@app/sensors';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';

@Module({
  imports: [
    CoreModule,
    ScheduleModule.forRoot(),
    ActivityModule,
    SensorsModule,
    ModulesModule,
    MetricsModule,
  ],
  providers: [
    // Global, so every route and every test app gets them. (The rate limit is a Fastify hook: see bootstrap.)
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useClass: AppValidationPipe },
  ],
})
export class AppModule {
  /**
   * The app, with the demo client wired in only when it has work: demo data at start or demo traffic
   * (both on by default on the embedded database, off on MySQL). A production deployment runs no demo code.
   */
  static register(options: { demo: boolean }): DynamicModule {
    return { module: AppModule, imports: options.demo ? [DemoModule] : [] };
  }
}
