import type { DataSource, DataSourceOptions } from 'typeorm';
import { StartupError } from '../lifecycle/startup-error';

/** How a database that is down at start is retried before the process gives up (and is restarted). */
export interface ConnectRetry {
  /** Connection attempts in all, the first included. */
  attempts: number;
  /** Pause between two attempts. */
  delayMs: number;
}

/** 5 attempts 2 s apart: a database that starts alongside the service has about 8 s to come up. */
export const DATABASE_START_RETRY: ConnectRetry = { attempts: 5, delayMs: 2_000 };

export interface ConnectAtStartHooks {
  /** Told of every failed attempt (the caller logs it at debug, with the stack). */
  attemptFailed?: (error: unknown, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Errors of a server that is not there or not answering (yet): worth another attempt. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  // The server is up but full, or still starting.
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

const MISSING_DATABASE = { code: 'ER_BAD_DB_ERROR', errno: 1049 };
const ACCESS_DENIED_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR']);
const ACCESS_DENIED_ERRNOS = new Set([1045, 1044]);

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

function driverError(error: unknown): DriverError {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The one line that names the cause: the driver's code when it has one, else its message. */
function causeOf(error: unknown): string {
  const { code, message } = driverError(error);
  if (message && code && message.includes(code)) return message;
  return [code, message].filter(Boolean).join(': ') || String(error);
}

export function isUnreachable(error: unknown): boolean {
  const { code } = driverError(error);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

export function isMissingDatabase(error: unknown): boolean {
  const { code, errno } = driverError(error);
  return code === MISSING_DATABASE.code || errno === MISSING_DATABASE.errno;
}

function isAccessDenied(error: unknown): boolean {
  const { code, errno } = driverError(error);
  return (
    (code !== undefined && ACCESS_DENIED_CODES.has(code)) ||
    (errno !== undefined && ACCESS_DENIED_ERRNOS.has(errno))
  );
}

interface ServerOptions {
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  connectTimeout?: number;
}

/** A connect timeout says how long it waited, and which variable sets that. */
function unreachableCause(error: unknown, server: ServerOptions): string {
  const cause = causeOf(error);
  if (driverError(error).code !== 'ETIMEDOUT' || server.connectTimeout === undefined) return cause;
  return `${cause}: no answer within DATABASE_CONNECT_TIMEOUT_MS=${server.connectTimeout}`;
}

/**
 * Opens the data source at start. A MySQL/MariaDB server that cannot be reached is tried `retry.attempts`
 * times; what cannot get better by waiting (a database that does not exist, credentials refused) fails at
 * once. Every known cause ends in a StartupError with one line that names the server and says what to do.
 * The embedded database is opened once; its errors pass through unchanged.
 */
export async function connectAtStart(
  options: DataSourceOptions,
  open: (options: DataSourceOptions) => Promise<DataSource>,
  retry: ConnectRetry = DATABASE_START_RETRY,
  hooks: ConnectAtStartHooks = {},
): Promise<DataSource> {
  if (options.type !== 'mysql' && options.type !== 'mariadb') return open(options);
  const server = options as ServerOptions;
  const address = `${server.host ?? 'localhost'}:${server.port ?? 3306}`;
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = hooks.now ?? Date.now;
  const startedAt = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await open(options);
    } catch (error) {
      hooks.attemptFailed?.(error, attempt);
      if (isMissingDatabase(error)) {
        throw new StartupError(
          `database "${server.database}" does not exist on ${address}: run \`npm run migration:run\` ` +
            '(in a container `node dist/apps/cli/src/main.js migrate`) with the same DATABASE_URL; it creates ' +
            'the database and its tables',
          error,
          'Database',
        );
      }
      if (isAccessDenied(error)) {
        throw new StartupError(
          `database ${address} refused user "${server.username}" of DATABASE_URL (${causeOf(error)}): check ` +
            'the user, its password and its grants on the database',
          error,
          'Database',
        );
      }
      if (!isUnreachable(error)) throw error;
      if (attempt >= retry.attempts) {
        const seconds = Math.round((now() - startedAt) / 1_000);
        throw new StartupError(
          `database unreachable at ${address} (${unreachableCause(error, server)}), tried ${attempt} times over ${seconds} s: ` +
            'check that MySQL/MariaDB runs there and that DATABASE_URL names it',
          error,
          'Database',
        );
      }
      await sleep(retry.delayMs);
    }
  }
}
