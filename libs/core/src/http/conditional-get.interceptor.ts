import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';

const MAX_AGE = 'conditional-get:max-age';

/** A strong ETag of a JSON text. */
function etagOfJson(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

interface SerializedBody {
  json: string;
  etag: string;
}

/**
 * The JSON text and ETag of each answer object, kept as long as the object lives. Cached answers are the
 * same object for every request until the cache renews them, so each is hashed and serialized once, not
 * once per request.
 */
const serialized = new WeakMap<object, SerializedBody>();

function serialize(body: unknown): SerializedBody {
  const cached = typeof body === 'object' && body !== null ? serialized.get(body) : undefined;
  if (cached) return cached;
  const json = JSON.stringify(body);
  const result = { json, etag: etagOfJson(json) };
  if (typeof body === 'object' && body !== null) serialized.set(body, result);
  return result;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Adds ETag and Cache-Control to a GET answer and answers a matching If-None-Match with 304 and no body. */
@Injectable()
export class ConditionalGetInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const maxAge = this.reflector.get<number | undefined>(MAX_AGE, context.getHandler()) ?? 0;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const { json, etag } = serialize(body);
        void reply.header('etag', etag).header('cache-control', `public, max-age=${maxAge}, must-revalidate`);
        if (matches(request.headers['if-none-match'], etag)) {
          void reply.status(304);
          return undefined;
        }
        // Sent as the text already made: Fastify passes a string with a content type through unchanged.
        void reply.type('application/json; charset=utf-8');
        return json;
      }),
    );
  }
}

/** Marks a GET endpoint as cacheable by clients for maxAgeSeconds, with ETag revalidation. */
export function ConditionalGet(maxAgeSeconds: number) {
  return applyDecorators(
    SetMetadata(MAX_AGE, maxAgeSeconds),
    UseInterceptors(ConditionalGetInterceptor),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer' }),
    ApiResponse({ status: 304, description: 'Not modified: the ETag still matches' }),
  );
}
