import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AddRouteConfig } from './route-config';

/** The route config entry that marks a GET as conditional: its max-age in seconds. */
const CONDITIONAL_GET = 'conditionalGet';

interface SerializedBody {
  json: string;
  etag: string;
}

/**
 * The JSON text and strong ETag of each answer object, kept as long as the object lives. Cached answers
 * are the same object for every request until the cache renews them, so each is serialized and hashed
 * once, not once per request.
 */
const serialized = new WeakMap<object, SerializedBody>();

function serialize(body: object): SerializedBody {
  const cached = serialized.get(body);
  if (cached) return cached;
  const json = JSON.stringify(body);
  const result = { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
  serialized.set(body, result);
  return result;
}

const asIs = (payload: unknown) => payload as string;

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * Adds ETag and Cache-Control to the 200 answers of routes marked @ConditionalGet and answers a matching
 * If-None-Match with 304 and no body. A Fastify preSerialization hook rather than a Nest interceptor: an
 * interceptor wraps every request of the route in RxJS observables and async resources, which made it the
 * largest allocator of a cached GET.
 */
export function installConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (request, reply, payload, done) => {
    const maxAge = (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[
      CONDITIONAL_GET
    ];
    if (typeof maxAge !== 'number' || reply.statusCode !== 200 || typeof payload !== 'object' || !payload) {
      done(null, payload);
      return;
    }
    const { json, etag } = serialize(payload);
    void reply.header('etag', etag).header('cache-control', `public, max-age=${maxAge}, must-revalidate`);
    if (matches(request.headers['if-none-match'], etag)) {
      void reply.code(304).serializer(asIs);
      done(null, '');
      return;
    }
    // Sent as the text already made, not serialized again.
    void reply.type('application/json; charset=utf-8').serializer(asIs);
    done(null, json);
  });
}

/** Marks a GET endpoint as cacheable by clients for maxAgeSeconds, with ETag revalidation. */
export function ConditionalGet(maxAgeSeconds: number) {
  return applyDecorators(
    AddRouteConfig({ [CONDITIONAL_GET]: maxAgeSeconds }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer' }),
    ApiResponse({ status: 304, description: 'Not modified: the ETag still matches' }),
  );
}
