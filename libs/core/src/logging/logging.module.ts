import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination, DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appConfig, AppConfig } from '../config/app.config';

const PROBE_PATH = /^\/health(\/|$|\?)/;

/** The path without the query (originalUrl: the middleware mount rewrites url to "/"). */
function pathOf(request: IncomingMessage): string {
  return ((request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '').split(
    '?',
  )[0];
}

/** Logs go to stdout, or appended to LOG_FILE when set. */
function withDestination(file: string | undefined, options: Options): Options | [Options, DestinationStream] {
  return file ? [options, destination({ dest: file, sync: true, mkdir: true })] : options;
}

/** Structured JSON logs, one access line per request bound to its request id; secrets never logged. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: withDestination(config.logFile, {
          level: config.logLevel,
          // Fastify has already chosen the id (a valid incoming X-Request-Id, or a fresh UUID).
          genReqId: (request: IncomingMessage) => request.id,
          customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
          // Every line logged during a request carries its requestId (the access line also the request).
          quietReqLogger: true,
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-api-key"]',
              'res.headers["set-cookie"]',
            ],
            censor: '[redacted]',
          },
          serializers: {
            req: (request: { method: string; url: string; headers: Record<string, unknown> }) => ({
              method: request.method,
              url: request.url,
              headers: request.headers,
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
          customProps: (request: IncomingMessage) => ({ path: pathOf(request) }),
          // Probes are frequent and dull: debug only, unless they fail.
          customLogLevel: (request: IncomingMessage, response: ServerResponse, error?: Error) => {
            if (error || response.statusCode >= 500) return 'error';
            if (PROBE_PATH.test(request.url ?? '')) return 'debug';
            if (response.statusCode >= 400) return 'warn';
            return 'info';
          },
          customSuccessMessage: (request: IncomingMessage, response: ServerResponse) =>
            `${request.method} ${pathOf(request)} ${response.statusCode}`,
          customErrorMessage: (request: IncomingMessage, response: ServerResponse) =>
            `${request.method} ${pathOf(request)} ${response.statusCode}`,
          transport:
            config.logPretty && !config.logFile
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
        }),
      }),
    }),
  ],
})
export class LoggingModule {}
