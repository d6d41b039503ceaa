import { ActivityModule } from '@app/activity';
import { ProjectsModule } from '@app/projects';
import { SensorsModule } from '@app/sensors';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricSampleDailyEntity, MetricSampleHourlyEntity } from './entities/metric-sample-rollup.entity';
import { MetricSampleEntity } from './entities/metric-sample.entity';
import { MetricHistoryService } from './metric-history.service';
import { MetricRegistry } from './metric-registry';
import { MetricSamplerService } from './metric-sampler.service';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsSummaryService } from './metrics-summary.service';
import { metricsConfig } from './metrics.config';
import { MetricsController } from './metrics.controller';
import { ServiceInfoController } from './service-info.controller';
import { ServiceInfoService } from './service-info.service';
import { SummaryStreamController } from './stream/summary-stream.controller';
import { SummaryStreamService } from './stream/summary-stream.service';
import { SummaryGaugesService } from './summary-gauges.service';

@Module({
  imports: [
    ConfigModule.forFeature(metricsConfig),
    TypeOrmModule.forFeature([MetricSampleEntity, MetricSampleHourlyEntity, MetricSampleDailyEntity]),
    DiscoveryModule,
    ActivityModule,
    ProjectsModule,
    SensorsModule,
  ],
  controllers: [MetricsController, SummaryStreamController, ServiceInfoController],
  providers: [
    MetricRegistry,
    MetricSamplesRepository,
    MetricsSummaryService,
    MetricHistoryService,
    MetricSamplerService,
    SummaryStreamService,
    SummaryGaugesService,
    ServiceInfoService,
  ],
  exports: [MetricRegistry, MetricsSummaryService, MetricSamplerService, MetricSamplesRepository],
})
export class MetricsModule {}
