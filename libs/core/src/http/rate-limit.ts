import fastifyRateLimit, { FastifyRateLimitStore } from '@fastify/rate-limit';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { RedisClient } from '../redis/redis-connection';
import { AddRouteConfig } from './route-config';

/** Counters live at `<REDIS_KEY_PREFIX>rate-limit:<client ip>`, one fixed window a minute. */
export const RATE_LIMIT_KEY_PREFIX = 'rate-limit:';
const WINDOW_MS = 60_000;

/** What the plugin's store answers for one counted request: the count so far and the window's ms left. */
interface CountedHit {
  current: number;
  ttl: number;
}
type HitCallback = (error: Error | null, hit?: CountedHit) => void;

/**
 * Adds `ARGV[1]` hits to a client's window and starts the window (`ARGV[2]` ms) if it has none: the
 * count after them and the window's time left, in one atomic call.
 */
const COUNT_HITS_LUA = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {current, ttl}`;

interface CountingClient {
  countRateLimitHits(key: string, hits: number, windowMs: number): Promise<[number, number]>;
}

/**
 * The plugin's Redis store, counting a client's requests of one event-loop turn with one call instead of
 * one each: the requests that arrived together get the counts n-k+1 … n in their order, exactly what k
 * calls in a row would have given, so the limit stays exact across instances. A burst from one address
 * (a dashboard wall, a load balancer's health of the pool, an abuser) costs Redis one command a turn.
 */
export class TurnBatchedRedisStore implements FastifyRateLimitStore {
  private pending = new Map<string, HitCallback[]>();
  private scheduled = false;
  private readonly client: CountingClient;

  constructor(
    redis: RedisClient,
    private readonly keyPrefix: string,
  ) {
    if (!('countRateLimitHits' in redis)) {
      redis.defineCommand('countRateLimitHits', { numberOfKeys: 1, lua: COUNT_HITS_LUA });
    }
    this.client = redis as unknown as CountingClient;
  }

  /** Called by the plugin for each request: the answer comes after the turn's one call. */
  incr(key: string, callback: HitCallback, timeWindow: number): void {
    const waiting = this.pending.get(key);
    if (waiting) waiting.push(callback);
    else this.pending.set(key, [callback]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush(timeWindow));
    }
  }

  /** Asked for a route with a limit of its own: none has one, and one would need keys of its own. */
  child(): FastifyRateLimitStore {
    throw new Error('per-route rate limits are not supported: every API route shares the one limit');
  }

  private flush(windowMs: number): void {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [key, callbacks] of batch) {
      this.client.countRateLimitHits(this.keyPrefix + key, callbacks.length, windowMs).then(
        ([current, ttl]) => {
          const first = current - callbacks.length + 1;
          for (let i = 0; i < callbacks.length; i++) callbacks[i](null, { current: first + i, ttl });
        },
        (error: Error) => {
          for (const callback of callbacks) callback(error);
        },
      );
    }
  }
}

/** The plugin constructs its store itself: a class bound to this Redis client. */
function storeClass(redis: RedisClient) {
  return class extends TurnBatchedRedisStore {
    constructor() {
      super(redis, RATE_LIMIT_KEY_PREFIX);
    }
  };
}

/** Exempts a route (the probes, GET /metrics) from the per-client limit. */
export const SkipRateLimit = () => AddRouteConfig({ rateLimit: false });

/**
 * One limit per client IP across every API route, shared by all instances through Redis (one Lua call,
 * one round trip), or in-process without Redis. Runs as a Fastify hook before any Nest guard, so requests
 * with a refused key count too. If Redis fails, the request passes uncounted: a degraded limit beats an
 * outage. Routes registered before this plugin (Swagger UI, the dashboard's files) are not limited.
 */
export async function registerRateLimit(
  fastify: FastifyInstance,
  options: { perMinute: number; redis: RedisClient | null },
): Promise<void> {
  await fastify.register(fastifyRateLimit, {
    global: true,
    max: options.perMinute,
    timeWindow: WINDOW_MS,
    // One Redis call per client and event-loop turn (exact, shared by all instances); without Redis the
    // plugin's in-process store.
    ...(options.redis ? { store: storeClass(options.redis) } : {}),
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new HttpException(
        `Too many requests: the limit is ${context.max} a minute per client; retry in ${Math.ceil(context.ttl / 1000)} s.`,
        HttpStatus.TOO_MANY_REQUESTS,
      ),
  });
}
