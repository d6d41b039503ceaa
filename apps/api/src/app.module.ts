import { ActivityModule } from '@app/activity';
import { CoreModule, ProblemDetailsFilter, validationExceptionFactory } from '@app/core';
import { DemoModule } from '@app/demo';
import { MetricsModule } from '@app/metrics';
import { ModulesModule } from '@app/modules';
import { SensorsModule } from '@app/sensors';
import { Module, ValidationPipe } from '@nestjs/common';
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
    DemoModule,
  ],
  providers: [
    // Global, so every route and every test app gets them. (The rate limit is a Fastify hook: see bootstrap.)
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: APP_PIPE,
      useFactory: () =>
        new ValidationPipe({
          whitelist: true,
          forbidNonWhitelisted: true,
          transform: true,
          exceptionFactory: validationExceptionFactory,
        }),
    },
  ],
})
export class AppModule {}
