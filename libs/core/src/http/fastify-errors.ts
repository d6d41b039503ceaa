import { HttpException } from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { buildProblem, PROBLEM_CONTENT_TYPE, statusTitle } from './problem-details';
import { REQUEST_ID_HEADER } from './http-hooks';

/** The path of a request URL, without its query. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Fastify's `frameworkErrors`: a path that is not valid percent-encoding (400) or a path parameter longer
 * than the router's `maxParamLength` (414). Fastify calls it before any hook runs, so the request id and
 * security headers are set here.
 */
export function frameworkErrorHandler(securityHeaders: Record<string, string>, maxParamLength: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
    const status = tooLong ? 414 : 400;
    const detail = tooLong
      ? `A path segment is longer than ${maxParamLength} characters.`
      : 'The path is not valid percent-encoding (RFC 3986).';
    const problem = buildProblem(new HttpException(detail, status), '', String(request.id));
    // The path itself is what could not be read: it is not echoed back.
    problem.instance = tooLong ? pathOf(request.url).slice(0, 200) : '';
    void reply
      .headers(securityHeaders)
      .header(REQUEST_ID_HEADER, request.id)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .status(status)
      .send(problem);
  };
}

/** What Node's HTTP parser refused, as a status and a sentence. */
function describeClientError(code: string | undefined, requestTimeoutMs: number): [number, string] {
  switch (code ?? '') {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, `The request was not received in full within ${requestTimeoutMs} ms.`];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request headers are larger than 16 KB.'];
    case 'HPE_INVALID_METHOD':
      return [400, 'The request method is unknown.'];
    default:
      return [400, 'The request is not valid HTTP/1.1.'];
  }
}

/**
 * Whether the bytes Node could not parse start a HEAD request, whose answer must not carry a body (a
 * client reads anything after the headers as garbage). Node hands over the chunk it was parsing: a
 * request line and headers that arrived together, as an oversized header block does.
 */
function isHeadRequest(error: Error & { rawPacket?: unknown }): boolean {
  const raw = error.rawPacket;
  return Buffer.isBuffer(raw) && raw.subarray(0, 5).toString('latin1') === 'HEAD ';
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before a request exists (an unknown
 * method, headers over 16 KB, malformed HTTP) and requests not received within the request timeout.
 * Answers with a problem document and the security headers when nothing was sent on the socket yet, then
 * closes it, as Node does. The header block is built once.
 */
export function clientErrorHandler(
  securityHeaders: Record<string, string>,
  requestTimeoutMs: number,
  log: (message: string) => void,
) {
  let fixedHeaders = '';
  for (const [name, value] of Object.entries(securityHeaders)) fixedHeaders += `${name}: ${value}\r\n`;
  fixedHeaders += `content-type: ${PROBLEM_CONTENT_TYPE}\r\nconnection: close\r\n`;
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, detail] = describeClientError(error.code, requestTimeoutMs);
    log(`client error ${status}: ${error.code ?? error.message}`);
    // A request whose answer has started (a handler already wrote headers) cannot get another one.
    const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !response?.headersSent) {
      const requestId = randomUUID();
      const body = JSON.stringify({
        type: 'about:blank',
        title: statusTitle(status),
        status,
        detail,
        instance: '',
        requestId,
      });
      socket.write(
        `HTTP/1.1 ${status} ${statusTitle(status)}\r\n${fixedHeaders}${REQUEST_ID_HEADER}: ${requestId}\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\n\r\n${isHeadRequest(error) ? '' : body}`,
      );
    }
    socket.destroy(error);
  };
}

/** A route path as Fastify writes it (`/api/v1/modules/:name`, `/assets/*`) as a regular expression. */
function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods each registered path answers, so an unrouted request can be told apart: a path that exists
 * with another method (405 with `Allow`, or 204 for a plain OPTIONS) from a path that does not (404).
 * Consulted only for requests no route matched; catch-all routes (CORS preflight's `OPTIONS *`) are left
 * out, or every path would seem to exist.
 */
export class RouteMethods {
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  constructor(fastify: FastifyInstance) {
    fastify.addHook('onRoute', (route) => {
      if (route.url === '*' || route.url === '/*') return;
      const entry = this.routes.get(route.url) ?? { pattern: routePattern(route.url), methods: new Set() };
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        entry.methods.add(method);
      }
      this.routes.set(route.url, entry);
    });
  }

  /** `GET, HEAD, OPTIONS` for a path some route answers, or null. */
  allowed(path: string): string | null {
    const methods = new Set<string>();
    for (const { pattern, methods: own } of this.routes.values()) {
      if (pattern.test(path)) for (const method of own) methods.add(method);
    }
    if (methods.size === 0) return null;
    methods.add('OPTIONS');
    return [...methods].sort().join(', ');
  }
}

/**
 * Wraps the not-found handler: a path that exists answers a plain OPTIONS with 204 and `Allow`, and any
 * other method with a 405 problem and `Allow`; only a path no route has goes on to the 404.
 */
export function withMethodNotAllowed(
  routes: RouteMethods,
  notFound: (request: FastifyRequest, reply: FastifyReply) => unknown,
) {
  return (request: FastifyRequest, reply: FastifyReply): unknown => {
    const path = pathOf(request.url);
    const allow = routes.allowed(path);
    if (allow === null) return notFound(request, reply);
    void reply.header('allow', allow);
    if (request.method === 'OPTIONS') return reply.status(204).send();
    const problem = buildProblem(
      new HttpException(`${request.method} is not allowed on ${path}; allowed: ${allow}.`, 405),
      path,
      String(request.id),
    );
    return reply.status(405).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  };
}
