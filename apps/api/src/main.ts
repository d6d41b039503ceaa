import { ConfigError, parseAppConfig } from '@app/core';
import { Logger } from '@nestjs/common';
import { createApp, shutdownGracefully } from './bootstrap';
import { validateEnvironment } from './validate-environment';

async function main(): Promise<void> {
  validateEnvironment(process.env);
  const config = parseAppConfig(process.env);
  const app = await createApp();
  await app.listen({ port: config.port, host: config.host });
  const logger = new Logger('Main');
  logger.log(`listening on http://${config.host}:${config.port} (docs at /docs)`);

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received: shutting down`);
      void shutdownGracefully(app, config.shutdownTimeoutMs).then((outcome) => {
        process.exit(outcome === 'clean' ? 0 : 1);
      });
    });
  }
}

main().catch((error: unknown) => {
  // One line for a configuration mistake; the full cause for anything else. Never a silent exit.
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
