import {
  ConfigError,
  createRootLogger,
  ensureDemoIngestKey,
  misspelledVariableWarnings,
  parseAppConfig,
  parseDatabaseConfig,
  parseRedisConfig,
  StartupError,
  trustProxyWarning,
} from '@app/core';
import { Logger } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';
import { Logger as PinoLogger, pino } from 'pino';
import { createApp, shutdownGracefully } from './bootstrap';
import { validateEnvironment } from './validate-environment';

/** The first line of the log: which backends run, and what an embedded one means. */
function describeBackends(demoKey: string | undefined): string {
  const database = parseDatabaseConfig(process.env).connection;
  const redis = parseRedisConfig(process.env);
  const databasePart =
    database.kind === 'sqlite'
      ? `database: embedded SQLite at ${database.file}`
      : `database: ${database.flavor} at ${database.host}:${database.port}/${database.database}`;
  const redisPart = redis.url
    ? `live state, cache and rate limits: Redis at ${new URL(redis.url).host}${redis.keyPrefix ? ` (key prefix "${redis.keyPrefix}")` : ''}`
    : 'live state, cache and rate limits: in-process (holds for this one instance only; set REDIS_URL to run several)';
  const keyPart = demoKey
    ? `; writes: demo ingest key ${demoKey} (made for this run because INGEST_API_KEYS is unset; send it as "Authorization: Bearer ${demoKey}")`
    : '';
  return `backends: ${databasePart}; ${redisPart}${keyPart}`;
}

/**
 * After each full collection V8 lets the heap grow to up to four times what survived. Under load most of
 * what this service allocates dies within a request but outlives a young-generation collection (50 requests
 * in flight), so the heap filled with that garbage up to ~280 MB RSS around a live set of ~40 MB. Growing
 * by at most 20% keeps the peak near 160 MB; the bench showed no change in throughput.
 */
setFlagsFromString('--heap-growing-percent=20');

/** The root logger once the configuration is read: a failed start is reported on it. */
let startupLogger: PinoLogger | undefined;

async function main(): Promise<void> {
  validateEnvironment(process.env);
  const demoKey = ensureDemoIngestKey(process.env);
  const config = parseAppConfig(process.env);
  // Made before the app, so the lines before Nest's logger exists and a failed start's line go where
  // every other line goes (stdout or LOG_FILE), in order.
  const rootLogger = createRootLogger(config);
  startupLogger = rootLogger;
  rootLogger.info({ context: 'Main' }, describeBackends(demoKey));
  for (const warning of misspelledVariableWarnings(process.env)) {
    rootLogger.warn({ context: 'Config' }, warning);
  }
  const proxyWarning = trustProxyWarning(config.trustProxy);
  if (proxyWarning) rootLogger.warn({ context: 'Config' }, proxyWarning);
  const app = await createApp({ rootLogger });
  const logger = new Logger('Main');
  await app.listen({ port: config.port, host: config.host });
  logger.log(`listening on http://${config.host}:${config.port} (docs at /docs)`);

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received: shutting down`);
      // 0 when the shutdown finished (a final flush it had to give up is logged, not an error of the exit);
      // 1 only when it hung past SHUTDOWN_TIMEOUT_MS.
      void shutdownGracefully(app, config.shutdownTimeoutMs, config.shutdownDelayMs).then((outcome) => {
        process.exit(outcome === 'clean' ? 0 : 1);
      });
    });
  }
}

main().catch((error: unknown) => {
  // One JSON line, never a silent exit. Before the configuration is read (a ConfigError) there is no
  // root logger yet: a plain pino line in the same shape.
  const log = startupLogger ?? pino();
  if (error instanceof ConfigError) {
    log.error({ context: 'Config' }, `Configuration error: ${error.message}`);
  } else if (error instanceof StartupError) {
    // A known cause: the line says what to do; the driver's error and its stack only at debug.
    log.error({ context: error.context }, error.message);
    log.debug({ context: error.context, err: error.reason }, 'cause of the failed start');
  } else {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ context: 'Main', err: error }, `failed to start: ${message}`);
  }
  process.exit(1);
});
