import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Injectable, Logger, Module } from '@nestjs/common';
import {
  seconds,
  ThrottlerGuard,
  ThrottlerModule,
  ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { FastifyRequest } from 'fastify';
import { appConfig, AppConfig } from '../config/app.config';
import { RedisConnection } from '../redis/redis-connection';

/**
 * Counters in Redis so every instance shares the limit. If Redis fails, this instance falls back to its
 * own counters for that request rather than refusing or erroring: a degraded limit beats an outage.
 */
export class ResilientThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new ThrottlerStorageService();

  constructor(private readonly shared: ThrottlerStorage | null) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.shared) {
      try {
        return await this.shared.increment(key, ttl, limit, blockDuration, name);
      } catch (error) {
        this.logger.debug(`shared rate-limit storage failed, counting locally: ${(error as Error).message}`);
      }
    }
    return this.local.increment(key, ttl, limit, blockDuration, name);
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }
}

/** One limit per client IP across all routes (the library's default key is per route). */
@Injectable()
export class ClientIpThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve((request as unknown as FastifyRequest).ip);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `rate-limit:${name}:${tracker}`;
  }
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY, RedisConnection],
      useFactory: (config: AppConfig, redis: RedisConnection) => ({
        throttlers: [{ name: 'default', ttl: seconds(60), limit: config.rateLimitPerMinute }],
        storage: new ResilientThrottlerStorage(
          redis.client ? new ThrottlerStorageRedisService(redis.client) : null,
        ),
      }),
    }),
  ],
  providers: [ClientIpThrottlerGuard],
  exports: [ThrottlerModule, ClientIpThrottlerGuard],
})
export class RateLimitModule {}
