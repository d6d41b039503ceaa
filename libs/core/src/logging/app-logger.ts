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
  // stdout in 4 KB writes rather than one write per line: under load the syscalls cost more than the
  // lines. Flushed at exit (pino registers it); a crash of the process itself may lose the last few lines.
  return pino(options, destination({ dest: 1, sync: false, minLength: 4096 }));
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
