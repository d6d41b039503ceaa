import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ObservabilityModule } from '../observability/observability.module';
import { HealthController } from './health.controller';

@Module({
  imports: [
    // Terminus's own "Health Check has failed!" error line is off: a failing probe is one warn line, its
    // access line, which names the failed checks (see HealthController).
    TerminusModule.forRoot({ logger: false }),
    ObservabilityModule,
  ],
  controllers: [HealthController],
})
export class HealthModule {}
