import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import { redisConfig, RedisConfig } from '../config/redis.config';

/** The app's Redis client: one Redis, or a Redis Cluster (the same commands, routed by key slot). */
export type RedisClient = Redis | Cluster;

/**
 * The app's one ioredis client (null when no REDIS_URL is set): a `Redis`, or with several REDIS_URL nodes
 * or REDIS_CLUSTER=true a `Cluster`. Commands fail fast while Redis is unreachable instead of queueing, so a
 * request never hangs on a dead connection; the client keeps reconnecting in the background (a cluster
 * client also follows a failover to the promoted replica) and the service recovers by itself.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: RedisClient | null;
  private lastErrorLogAt = 0;
  /** While the first connect runs, its error is kept for the one line connect() logs. */
  private firstConnect: { error?: Error } | null = null;

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {
    this.client = config.url ? createRedisClient(config) : null;
    this.client?.on('error', (error: Error) => {
      if (this.firstConnect) {
        this.firstConnect.error ??= error;
        return;
      }
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

  /**
   * Connects once at boot. A Redis that is down does not stop the service from starting: it runs degraded,
   * as in any Redis outage, with one warning line naming the server, and recovers when Redis answers.
   */
  async connect(): Promise<void> {
    if (!this.client) return;
    this.firstConnect = {};
    try {
      await this.client.connect();
    } catch (error) {
      // The client's own error ("connect ECONNREFUSED ...") says more than connect()'s "Connection is closed."
      const cause = this.firstConnect.error ?? (error as Error);
      this.lastErrorLogAt = Date.now();
      this.logger.warn(
        `Redis unreachable at ${this.address()} (${cause.message}): started without it, retrying in the ` +
          'background; until it answers, readiness fails, live writes answer 503 and the summary is degraded',
      );
    } finally {
      this.firstConnect = null;
    }
  }

  /** host:port of the configured Redis, or of each node of a cluster. */
  private address(): string {
    const urls = this.config.clusterNodes ?? (this.config.url ? [this.config.url] : []);
    return urls.map((url) => new URL(url).host).join(', ');
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

/** The client for this configuration; `url` must be set. */
export function createRedisClient(config: RedisConfig): RedisClient {
  const connection = {
    connectTimeout: 2_000,
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    // disconnect() (at shutdown, once QUIT failed) ends the socket and waits this long for the server's
    // side before destroying it; a hung server never closes it, and a socket that already failed never
    // closes again, so the wait is all the timer does: ioredis' 2 s held the process that long after close.
    disconnectTimeout: 100,
  };
  if (!config.clusterNodes) {
    return new Redis(config.url!, {
      ...connection,
      keyPrefix: config.keyPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      // Commands issued in the same tick (a summary's reads, other requests' rate-limit calls) share one
      // write: under load that is most of the cost of talking to Redis.
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
  }
  const first = new URL(config.clusterNodes[0]);
  return new Cluster(
    config.clusterNodes.map((node) => {
      const url = new URL(node);
      return { host: url.hostname, port: url.port ? Number(url.port) : 6379 };
    }),
    {
      keyPrefix: config.keyPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      // In a cluster the commands of one tick go out as one write per node that holds their keys.
      enableAutoPipelining: true,
      // A failover: MOVED/CLUSTERDOWN/TRYAGAIN answers are retried after these pauses while the slots move
      // to the promoted replica, and the slot map is refreshed every few seconds on top.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 300,
      retryDelayOnTryAgain: 200,
      maxRedirections: 8,
      slotsRefreshTimeout: 2_000,
      slotsRefreshInterval: 5_000,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      redisOptions: {
        ...connection,
        username: first.username ? decodeURIComponent(first.username) : undefined,
        password: first.password ? decodeURIComponent(first.password) : undefined,
        tls: first.protocol === 'rediss:' ? {} : undefined,
      },
    },
  );
}
