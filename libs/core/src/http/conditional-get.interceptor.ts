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

/** A strong ETag of the JSON body. */
export function etagOf(body: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
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
        const etag = etagOf(body);
        void reply.header('etag', etag).header('cache-control', `public, max-age=${maxAge}, must-revalidate`);
        if (matches(request.headers['if-none-match'], etag)) {
          void reply.status(304);
          return undefined;
        }
        return body;
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
