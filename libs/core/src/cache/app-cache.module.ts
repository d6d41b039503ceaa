import { Global, Module } from '@nestjs/common';
import { LiveStore } from '../live-store/live-store';
import { RedisConnection } from '../redis/redis-connection';
import { AppCacheService } from './app-cache.service';
import { RedisCacheStore } from './shared-cache-store';

@Global()
@Module({
  providers: [
    {
      provide: AppCacheService,
      // LiveStore first: its factory connects the Redis client.
      inject: [LiveStore, RedisConnection],
      useFactory: async (liveStore: LiveStore, redis: RedisConnection): Promise<AppCacheService> => {
        // Keys land as <REDIS_KEY_PREFIX><key> (the client adds the prefix), e.g. sensors:type-breakdown.
        const service = redis.client
          ? new AppCacheService(new RedisCacheStore(redis.client), liveStore)
          : new AppCacheService(null);
        await service.listenForInvalidations();
        return service;
      },
    },
  ],
  exports: [AppCacheService],
})
export class AppCacheModule {}
