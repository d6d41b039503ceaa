import fastifyRateLimit from '@fastify/rate-limit';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { RedisClient } from '../redis/redis-connection';
import { AddRouteConfig } from './route-config';

/** Counters live at `<REDIS_KEY_PREFIX>rate-limit:<client ip>`, one fixed window a minute. */
export const RATE_LIMIT_KEY_PREFIX = 'rate-limit:';
const WINDOW_MS = 60_000;

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
    redis: options.redis ?? undefined,
    nameSpace: RATE_LIMIT_KEY_PREFIX,
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new HttpException(
        `Too many requests: the limit is ${context.max} a minute per client; retry in ${Math.ceil(context.ttl / 1000)} s.`,
        HttpStatus.TOO_MANY_REQUESTS,
      ),
  });
}
