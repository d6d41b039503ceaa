import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Level, Logger } from 'pino';
import type { RejectionCounter } from './rejection-counter';
import type { ShutdownState } from '../lifecycle/shutdown-state';
import { installConditionalGet } from './conditional-get';
import { DOCS_PATH_PREFIX } from './security-headers';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const PROBE_PATH = /^\/health(\/|$)/;

/** Keeps a caller's request id when it is safe to log, otherwise makes a fresh one. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

/** The path without the query string. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Probes are frequent and dull: debug only, unless they fail. A 503 is an outage of a store (or a shutdown),
 * expected and reported by the store's own lines: warn. Any other 5xx is a bug: error.
 */
function accessLevel(path: string, status: number): Level {
  if (status === 503) return 'warn';
  if (status >= 500) return 'error';
  if (PROBE_PATH.test(path)) return 'debug';
  if (status >= 400) return 'warn';
  return 'info';
}

/** Request headers whose values never reach a log line. */
const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key'] as const;

/** The headers as logged: a copy with secrets replaced, only when the request carries one. */
function loggedHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  if (!SECRET_HEADERS.some((name) => headers[name] !== undefined)) return headers;
  const copy = { ...headers };
  for (const name of SECRET_HEADERS) if (copy[name] !== undefined) copy[name] = '[redacted]';
  return copy;
}

/** What a request answered 503 could not reach, for its access line. */
const UNAVAILABLE = new WeakMap<FastifyRequest, readonly string[]>();

/** Names what a request about to be answered 503 could not reach (`redis`, `database`...), on its access line. */
export function noteUnavailable(request: FastifyRequest, unavailable: readonly string[]): void {
  UNAVAILABLE.set(request, unavailable);
}

/** One JSON line per answered request, bound to its request id; headers with secrets are redacted. */
function logAccess(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const status = reply.statusCode;
  const path = pathOf(request.url);
  const level = accessLevel(path, status);
  if (!logger.isLevelEnabled(level)) return;
  const unavailable = status === 503 ? UNAVAILABLE.get(request) : undefined;
  logger[level](
    {
      requestId: request.id,
      path,
      req: { method: request.method, url: request.url, headers: loggedHeaders(request.headers) },
      res: { statusCode: status },
      ms: Math.round(reply.elapsedTime * 1000) / 1000,
      ...(unavailable ? { unavailable } : {}),
    },
    unavailable
      ? `${request.method} ${path} ${status} (unavailable: ${unavailable.join(', ')})`
      : `${request.method} ${path} ${status}`,
  );
}

export interface HttpHooksOptions {
  rejections: RejectionCounter;
  shutdown: ShutdownState;
  /** Set on every answer (helmet's headers, computed once). */
  securityHeaders: Record<string, string>;
  /** Set instead under DOCS_PATH_PREFIX (Swagger UI needs inline code); `securityHeaders` when absent. */
  docsSecurityHeaders?: Record<string, string>;
  /** Where the access lines go. */
  logger: Logger;
}

/**
 * Fastify-level hooks, so they see every answer, including 404s of unknown routes, body-parser errors and
 * 429s from the rate limiter: the request id and security headers, the access line, and the count of 4xx
 * answers per minute; and the ETags of conditional GETs. (Fastify's own errors reach the ProblemDetailsFilter through the error handler Nest
 * installs.) Plain hooks rather than Nest middleware: middleware on Fastify runs through an extra router
 * per request.
 */
export function installHttpHooks(fastify: FastifyInstance, options: HttpHooksOptions): void {
  const { rejections, shutdown, securityHeaders, logger } = options;
  const docsHeaders = options.docsSecurityHeaders ?? securityHeaders;
  installConditionalGet(fastify);
  const identify = (request: FastifyRequest, reply: FastifyReply) => {
    const headers = request.url.startsWith(DOCS_PATH_PREFIX) ? docsHeaders : securityHeaders;
    void reply.headers(headers).header(REQUEST_ID_HEADER, request.id);
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    identify(request, reply);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // Fastify hands a few requests to the not-found handler without running onRequest (a method no route
    // has, on a path that is not valid percent-encoding: `DELETE /api/v1/modules/%zz`); they get the
    // same headers here.
    if (!reply.hasHeader(REQUEST_ID_HEADER)) identify(request, reply);
    // Once a shutdown starts, every answer (in-flight ones included) closes its connection, so keep-alive
    // clients let go and the server can finish closing instead of waiting out their idle timeout.
    if (shutdown.shuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logAccess(logger, request, reply);
    const status = reply.statusCode;
    if (status >= 400 && status < 500) {
      // Never fails or delays the request: the answer has been sent already.
      rejections.count(status, Date.now()).catch((error: Error) => {
        logger.debug({ context: 'Http' }, `rejection not counted: ${error.message}`);
      });
    }
    done();
  });
}
