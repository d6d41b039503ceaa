import type { LoggerService } from '@nestjs/common';
import { destination, Level, Logger, LoggerOptions, pino } from 'pino';
import type { AppConfig } from '../config/app.config';

/**
 * The process's one pino logger: JSON lines to stdout (or appended to LOG_FILE), pretty-printed on a
 * terminal when LOG_PRETTY is on. The access line redacts secret headers itself (see http-hooks): pino's
 * generic redaction cloned every line's object, the largest cost of logging a request.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'logFile' | 'logPretty'>): Logger {
  const options: LoggerOptions = { level: config.logLevel };
  if (config.logFile) return pino(options, destination({ dest: config.logFile, sync: true, mkdir: true }));
  if (config.logPretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } });
  }
  return pino(options, bufferedStdout());
}

/** How long a line may wait in the stdout buffer of a quiet service. */
export const LOG_FLUSH_INTERVAL_MS = 1_000;

type StdoutStream = ReturnType<typeof destination>;

let stdout: StdoutStream | undefined;

/**
 * stdout in 4 KB writes rather than one write per line: under load the syscalls cost more than the lines.
 * A quiet service would keep its last lines (a warning at start, say) in the buffer until more logging or
 * the exit, so whatever waits there is written every LOG_FLUSH_INTERVAL_MS: no line waits longer. The timer
 * never keeps the process alive and stops with the stream. Flushed at exit (pino registers it); a crash of
 * the process itself may lose up to a second of lines. One stream for the process: every logger's lines
 * reach stdout through one buffer, in order.
 */
function bufferedStdout(): StdoutStream {
  if (stdout !== undefined) return stdout;
  const stream = destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    // sonic-boom's buffered length: an idle service makes no write at all.
    const { _len: buffered, destroyed } = stream as unknown as { _len?: number; destroyed?: boolean };
    if (!destroyed && buffered !== 0) stream.flush();
  }, LOG_FLUSH_INTERVAL_MS);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    if (stdout === stream) stdout = undefined;
  };
  stream.once('close', stop);
  process.once('exit', stop);
  stdout = stream;
  return stream;
}

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
const PINO_LEVEL: Record<NestLevel, Level> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * Nest's logger on the root pino logger: `new Logger('Context').log(...)` anywhere in the app becomes
 * one JSON line `{ context, msg }`. Lines about a request name its requestId themselves (the error
 * filter does), so no per-request async context is kept: that would cost every request, logged or not.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(nestLevel: NestLevel, message: unknown, params: unknown[]): void {
    // Nest passes the context last; error() may pass a stack before it.
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    // Nest's ExceptionHandler logs an error that stops the app from starting, with its stack, and then
    // throws it to the caller, who reports it in one line (main.ts): its own copy is kept for debug.
    const level = context === 'ExceptionHandler' ? 'debug' : PINO_LEVEL[nestLevel];
    if (!this.root.isLevelEnabled(level)) return;
    const stack = nestLevel === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) {
      this.root[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level]({ context, ...(message as Record<string, unknown>) });
    } else {
      this.root[level]({ context, stack }, String(message));
    }
  }
}
