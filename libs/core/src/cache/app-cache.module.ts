import { createKeyv as createMemoryKeyv } from '@cacheable/memory';
import { createKeyv } from '@keyv/redis';
import { CacheModule, CacheModuleOptions } from '@nestjs/cache-manager';
import { Global, Logger, Module } from '@nestjs/common';
import { redisConfig, RedisConfig } from '../config/redis.config';
import { AppCacheService } from './app-cache.service';

@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig): CacheModuleOptions => {
        if (!config.url) {
          // In-process: bounded (LRU) and swept for expired entries, unlike a bare Map that keeps every key
          // (history answers are keyed by range) until it is read again.
          return { stores: [createMemoryKeyv({ lruSize: 5_000, checkInterval: 60_000 })] };
        }
        // Keys land as <REDIS_KEY_PREFIX><key>, e.g. sensors:type-breakdown, beside the live keys.
        const store = createKeyv(
          {
            url: config.url,
            // Fail fast while Redis is away instead of queueing: a queued command would also hold the
            // client's close() at shutdown until Redis came back.
            disableOfflineQueue: true,
            socket: {
              connectTimeout: 2_000,
              reconnectStrategy: (retries: number) => Math.min(retries * 200, 2_000),
            },
          },
          {
            namespace: config.keyPrefix === '' ? undefined : config.keyPrefix,
            keyPrefixSeparator: '',
            throwOnConnectError: false,
            connectionTimeout: 2_000,
          },
        );
        const logger = new Logger('Cache');
        store.on('error', (error: Error) => logger.debug(`cache store error: ${error.message}`));
        return { stores: [store] };
      },
    }),
  ],
  providers: [AppCacheService],
  exports: [AppCacheService],
})
export class AppCacheModule {}
