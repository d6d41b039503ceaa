import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { LiveStore } from '../live-store/live-store';
import type { ShutdownState } from '../lifecycle/shutdown-state';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's request id when it is safe to log, otherwise makes a fresh one. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
  // Also on the raw request, where the access logger (pino-http, run as middleware) reads it.
  request.id = id;
  return id;
}

/**
 * Fastify-level hooks, so they see every answer, including 404s of unknown routes, body-parser errors and
 * 429s from the rate limiter: the request id header, and the count of 4xx answers per minute. (Fastify's
 * own errors reach the ProblemDetailsFilter through the error handler Nest installs.)
 */
export function installHttpHooks(
  fastify: FastifyInstance,
  liveStore: LiveStore,
  shutdown: ShutdownState,
): void {
  const logger = new Logger('Http');
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // Once a shutdown starts, every answer (in-flight ones included) closes its connection, so keep-alive
  // clients let go and the server can finish closing instead of waiting out their idle timeout.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.shuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    if (status >= 400 && status < 500) {
      // Never fails or delays the request: the answer has been sent already.
      liveStore.countRejection(status, Date.now()).catch((error: Error) => {
        logger.debug(`rejection not counted: ${error.message}`);
      });
    }
    done();
  });
}
