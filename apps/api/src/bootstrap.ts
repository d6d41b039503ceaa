import {
  installHttpHooks,
  LiveStore,
  parseAppConfig,
  requestIdFor,
  ShutdownState,
  withDeadline,
} from '@app/core';
import fastifyHelmet from '@fastify/helmet';
import { INestApplication, Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
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
  const app = await NestFactory.create<NestFastifyApplication>(root as typeof AppModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  installHttpHooks(fastify, app.get(LiveStore), app.get(ShutdownState));
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI runs an inline init script and inline styles.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Off: served over plain HTTP (a laptop, a cluster behind a TLS-terminating proxy), upgrading would
        // send the dashboard's scripts and API calls to an https origin that does not answer.
        upgradeInsecureRequests: null,
      },
    },
  });
  app.enableCors({
    origin:
      config.corsOrigins.length === 0 ? false : config.corsOrigins.includes('*') ? true : config.corsOrigins,
    exposedHeaders: [
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Retry-After',
      'ETag',
    ],
  });
  setupOpenApi(app);
  await registerStaticFiles(app);
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
