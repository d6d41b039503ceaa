import { Global, Module } from '@nestjs/common';
import { RedisConnection } from '../redis/redis-connection';
import { LiveStore } from './live-store';
import { MemoryLiveStore } from './memory-live-store';
import { RedisLiveStore } from './redis-live-store';

@Global()
@Module({
  providers: [
    RedisConnection,
    {
      provide: LiveStore,
      inject: [RedisConnection],
      useFactory: async (redis: RedisConnection): Promise<LiveStore> => {
        await redis.connect();
        return redis.client ? new RedisLiveStore(redis.client, redis.keyPrefix) : new MemoryLiveStore();
      },
    },
  ],
  exports: [RedisConnection, LiveStore],
})
export class LiveStoreModule {}
