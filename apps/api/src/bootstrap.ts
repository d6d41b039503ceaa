import { parseDemoConfig } from '@app/demo';
import {
  AppConfig,
  clientErrorHandler,
  ConnectionDrain,
  createRootLogger,
  frameworkErrorHandler,
  HttpHooksOptions,
  installHttpHooks,
  installJsonBodyParser,
  installRequestMetrics,
  RejectionCounter,
  parseAppConfig,
  PrometheusMetrics,
  PinoNestLogger,
  RedisConnection,
  registerRateLimit,
  requestIdFor,
  RouteMethods,
  DOCS_HELMET_OPTIONS,
  securityHeaders,
  ShutdownState,
  withDeadline,
  withMethodNotAllowed,
} from '@app/core';
import { DynamicModule, INestApplication, Logger, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { createServer, RequestListener, Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { AppModule } from './app.module';
import { setupOpenApi } from './openapi';
import { registerStaticFiles } from './static-files';

export interface CreateAppOptions {
  /** Extra modules (tests add a slow route, for instance). */
  extraModules?: Array<Type | DynamicModule>;
  /** The process's root logger when the caller made it already (main.ts logs with it before the app exists). */
  rootLogger?: PinoLogger;
}

/** Path parameters longer than this are refused with a 414 by the router; shorter ones reach validation. */
const MAX_PARAM_LENGTH = 1_000;

/** Fastify's default, kept: longer than any load balancer's idle timeout, so they close first. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** The adapter, with Nest's 404 handler wrapped to answer 405 and OPTIONS for paths that exist. */
class AppFastifyAdapter extends FastifyAdapter {
  routeMethods = new RouteMethods(this.getInstance());

  override setNotFoundHandler(handler: (request: FastifyRequest, reply: FastifyReply) => unknown) {
    return super.setNotFoundHandler(withMethodNotAllowed(this.routeMethods, handler));
  }
}

/**
 * The Fastify adapter of every app, with the server's own options: router, framework and client errors,
 * timeouts. The HTTP-tier specs build theirs with it too.
 */
export function createHttpAdapter(
  config: AppConfig,
  headers: Record<string, string>,
  rootLogger: PinoLogger,
): FastifyAdapter {
  const clientErrorLogger = rootLogger.child({ context: 'Http' });
  return new AppFastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Path parameters up to this length reach validation (a 400 naming the field); longer ones get a 414.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(headers, MAX_PARAM_LENGTH),
    clientErrorHandler: clientErrorHandler(headers, config.requestTimeoutMs, (message) =>
      clientErrorLogger.debug(message),
    ),
    // A graceful shutdown drains the connections itself (ConnectionDrain): Fastify would close idle
    // keep-alive connections the moment its close starts, resetting a request a client is sending on one,
    // and answer 503 to requests still arriving on open ones. Both would be lost for the client.
    forceCloseConnections: false,
    return503OnClosing: false,
    // Node checks its request and header timeouts only every 30 s by default: a stalled body or a slow
    // header is cut within REQUEST_TIMEOUT_MS (and a second) with a 408 instead.
    serverFactory: (handler: RequestListener) => {
      const server = createServer({
        requestTimeout: config.requestTimeoutMs,
        headersTimeout: config.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs),
      });
      ConnectionDrain.of(server);
      server.on('request', handler);
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
  });
}

/** What every app installs on Fastify before its routes: its JSON body parser and its hooks. */
export function installHttpLayer(
  fastify: FastifyInstance,
  config: Pick<AppConfig, 'bodyLimitBytes'>,
  hooks: HttpHooksOptions,
): void {
  installJsonBodyParser(fastify, config.bodyLimitBytes);
  installHttpHooks(fastify, hooks);
}

/** Builds the fully configured app, the same for `main.ts`, the OpenAPI export and every e2e test. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  await ConfigModule.envVariablesLoaded;
  const config = parseAppConfig(process.env);
  const headers = securityHeaders();
  const rootLogger = options.rootLogger ?? createRootLogger(config);
  const adapter = createHttpAdapter(config, headers, rootLogger);
  const { demoSeed, demoTraffic } = parseDemoConfig(process.env);
  const appModule = AppModule.register({ demo: demoSeed || demoTraffic });
  const root = options.extraModules?.length
    ? { module: class TestRootModule {}, imports: [appModule, ...options.extraModules] }
    : appModule;
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new PinoNestLogger(rootLogger),
    abortOnError: false,
    // One JSON parser of our own instead of Nest's JSON and form parsers.
    bodyParser: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  installHttpLayer(fastify, config, {
    rejections: app.get(RejectionCounter),
    shutdown: app.get(ShutdownState),
    securityHeaders: headers,
    docsSecurityHeaders: securityHeaders(DOCS_HELMET_OPTIONS),
    logger: rootLogger,
  });
  installRequestMetrics(fastify, app.get(PrometheusMetrics).requestDuration);
  // CORS only when origins are configured: the plugin's hooks cost every request even when they allow nothing.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      // Every method of the API and every header its client sends (the key, JSON bodies, conditional GETs,
      // a request id of the caller's, a stream's reconnect); preflights are cached for 10 minutes.
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-None-Match',
        'X-API-Key',
        'X-Request-Id',
        'Last-Event-ID',
      ],
      maxAge: 600,
      exposedHeaders: [
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Retry-After',
        'ETag',
      ],
    });
  }
  setupOpenApi(app);
  await registerStaticFiles(app);
  // After the docs and the dashboard's files, before Nest adds the API routes at init: the limit applies
  // to the API routes only.
  await registerRateLimit(fastify, {
    perMinute: config.rateLimitPerMinute,
    redis: app.get(RedisConnection).client,
  });
  return app;
}

/** The drain's share of SHUTDOWN_TIMEOUT_MS: in-flight requests answered, keep-alive connections let go. */
const DRAIN_SHARE = 0.5;
/** The final flushes' share (the heartbeats' last-seen times); the rest is for closing MySQL and Redis. */
const FINAL_FLUSH_SHARE = 0.25;

/** `clean`: everything finished (a final flush given up on its share is logged, and still clean). */
export type ShutdownOutcome = 'clean' | 'timeout';

/**
 * Graceful shutdown. Readiness turns 503 at once and every answer closes its connection; the listener stays
 * open for `delayMs` (SHUTDOWN_DELAY_MS) so load balancers stop sending first. Then, within `timeoutMs`:
 * the listener closes and the connections drain (half the deadline: every request that reached the
 * server is answered), streams end, the final flush runs (a quarter: one that cannot finish is logged),
 * and the database and Redis close last. `timeout` only if all that hangs past `timeoutMs`.
 */
export async function shutdownGracefully(
  app: INestApplication,
  timeoutMs: number,
  delayMs = 0,
): Promise<ShutdownOutcome> {
  const logger = new Logger('Shutdown');
  const state = app.get(ShutdownState);
  const drain = ConnectionDrain.of(app.getHttpServer() as Server);
  state.begin();
  drain.closeEachAnswer();
  if (delayMs > 0) {
    logger.log(`readiness answers 503; the server keeps accepting for ${delayMs} ms (SHUTDOWN_DELAY_MS)`);
    await delay(delayMs);
  }
  const steps = async (): Promise<'clean'> => {
    const drainMs = Math.round(timeoutMs * DRAIN_SHARE);
    const drained = await drain.drain(drainMs);
    if (drained.destroyedBusy > 0) {
      logger.error(
        `${drained.destroyedBusy} connection(s) still had a request in flight after ${drainMs} ms: closed`,
      );
    }
    state.allowFinalFlushUntil(Date.now() + Math.round(timeoutMs * FINAL_FLUSH_SHARE));
    await app.close();
    return 'clean';
  };
  const outcome = await withDeadline(steps(), timeoutMs, () => 'timeout' as const);
  if (outcome === 'timeout') logger.error(`shutdown did not finish within ${timeoutMs} ms`);
  return outcome;
}
