import {
  createRootLogger,
  installHttpHooks,
  RejectionCounter,
  parseAppConfig,
  PinoNestLogger,
  RedisConnection,
  registerRateLimit,
  requestIdFor,
  securityHeaders,
  ShutdownState,
  withDeadline,
} from '@app/core';
import { INestApplication, Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { setupOpenApi } from './openapi';
import { registerStaticFiles } from './static-files';

export interface CreateAppOptions {
  /** Extra modules (tests add a slow route, for instance). */
  extraModules?: unknown[];
}

/** Builds the fully configured app, the same for `main.ts`, the OpenAPI export and every e2e test. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  await ConfigModule.envVariablesLoaded;
  const config = parseAppConfig(process.env);
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Long path parameters reach validation (a 400 naming the field) instead of Fastify's bare 414.
    routerOptions: { maxParamLength: 1_000 },
    // Idle keep-alive sockets are closed at shutdown so close() does not wait on them.
    forceCloseConnections: 'idle',
  });
  const root = options.extraModules?.length
    ? { module: class TestRootModule {}, imports: [AppModule, ...options.extraModules] }
    : AppModule;
  const rootLogger = createRootLogger(config);
  const app = await NestFactory.create<NestFastifyApplication>(root as typeof AppModule, adapter, {
    logger: new PinoNestLogger(rootLogger),
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  installHttpHooks(fastify, {
    rejections: app.get(RejectionCounter),
    shutdown: app.get(ShutdownState),
    securityHeaders: securityHeaders(),
    logger: rootLogger,
  });
  // CORS only when origins are configured: the plugin's hooks cost every request even when they allow nothing.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
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

/**
 * Graceful shutdown: readiness turns 503 first, then the server stops accepting and waits for in-flight
 * requests, streams end, the sampler flushes, and the database and Redis close last. A hard deadline
 * ends the process if any step hangs.
 */
export async function shutdownGracefully(
  app: INestApplication,
  timeoutMs: number,
): Promise<'clean' | 'timeout'> {
  const logger = new Logger('Shutdown');
  app.get(ShutdownState).begin();
  const outcome = await withDeadline(
    app.close().then(() => 'clean' as const),
    timeoutMs,
    () => 'timeout' as const,
  );
  if (outcome === 'timeout') logger.error(`shutdown did not finish within ${timeoutMs} ms`);
  return outcome;
}
