import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppCacheModule } from './cache/app-cache.module';
import { appConfig } from './config/app.config';
import { databaseConfig } from './config/database.config';
import { redisConfig } from './config/redis.config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IngestApiKeyGuard } from './http/ingest-api-key.guard';
import { RejectionCounter } from './http/rejection-counter';
import { RejectionMetricSource } from './http/rejection-metric.source';
import { ShutdownState } from './lifecycle/shutdown-state';
import { LiveStoreModule } from './live-store/live-store.module';
import { ObservabilityModule } from './observability/observability.module';

/** Everything the features stand on: config, database, live store, cache, health, metrics for Prometheus. */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      // Tests set their environment explicitly; a developer's .env must not leak into them.
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      envFilePath: '.env',
      load: [appConfig, databaseConfig, redisConfig],
    }),
    DatabaseModule,
    LiveStoreModule,
    AppCacheModule,
    HealthModule,
    ObservabilityModule,
  ],
  providers: [ShutdownState, IngestApiKeyGuard, RejectionCounter, RejectionMetricSource],
  exports: [ShutdownState, IngestApiKeyGuard, RejectionCounter, ObservabilityModule],
})
export class CoreModule {}
