import { Module } from '@nestjs/common';
import { BuildInfo } from './build-info';
import { PrometheusController } from './prometheus.controller';
import { PrometheusMetrics } from './prometheus-metrics';

/** The service's version and its Prometheus metrics at GET /metrics. */
@Module({
  controllers: [PrometheusController],
  providers: [BuildInfo, PrometheusMetrics],
  exports: [BuildInfo, PrometheusMetrics],
})
export class ObservabilityModule {}
