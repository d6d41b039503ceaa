import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisConfig, RedisConfig } from '../config/redis.config';

/**
 * The app's one ioredis client (null when no REDIS_URL is set). Commands fail fast while Redis is
 * unreachable instead of queueing, so a request never hangs on a dead connection; the client keeps
 * reconnecting in the background and the service recovers by itself.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | null;
  private lastErrorLogAt = 0;

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {
    this.client = config.url
      ? new Redis(config.url, {
          keyPrefix: config.keyPrefix,
          lazyConnect: true,
          enableOfflineQueue: false,
          // Commands issued in the same tick (a summary's pipeline, other requests' rate-limit calls) share
          // one write: under load that is most of the cost of talking to Redis.
          enableAutoPipelining: true,
          maxRetriesPerRequest: 1,
          commandTimeout: config.commandTimeoutMs,
          connectTimeout: 2_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        })
      : null;
    this.client?.on('error', (error: Error) => {
      // A down Redis emits an error per reconnect attempt; one line every 10 s is enough.
      if (Date.now() - this.lastErrorLogAt > 10_000) {
        this.lastErrorLogAt = Date.now();
        this.logger.warn(`Redis unavailable: ${error.message}`);
      }
    });
  }

  get keyPrefix(): string {
    return this.config.keyPrefix;
  }

  /** Connects once at boot; a Redis that is down does not stop the service from starting. */
  async connect(): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.connect();
    } catch (error) {
      this.logger.warn(
        `Redis not reachable at boot (${(error as Error).message}); retrying in the background`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
