import { BadRequestException, HttpException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { ValidationError } from 'class-validator';
import { WrongTypedKeyError } from '../live-store/key-types';

export interface FieldError {
  /** Path of the offending input, e.g. `interval`, `events[3].platform`, `sensorIds`. */
  field: string;
  message: string;
}

/** An RFC 9457 problem details document, as every error of this API is answered. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** 400 naming each bad field and the rule it broke. */
export class ValidationProblemException extends BadRequestException {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request has invalid fields: ' + errors.map((error) => error.field).join(', '),
  ) {
    super(detail);
  }
}

/** 503 for a dependency the request needs and cannot reach (MySQL, Redis, both). */
export class DependencyUnavailableException extends ServiceUnavailableException {
  constructor(
    readonly dependencies: string[],
    detail = `Unavailable: ${dependencies.join(', ')}`,
  ) {
    super(detail);
  }
}

function joinPath(parent: string, property: string): string {
  if (parent === '') return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** Flattens class-validator's nested errors into one entry per field and rule. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]): ValidationProblemException {
  const fieldErrors = flattenValidationErrors(errors);
  // A renamed parameter says in the detail what to send instead, for clients of the replaced service.
  const renamed = errors.find((error) => error.constraints?.renamedParameter);
  return renamed
    ? new ValidationProblemException(fieldErrors, renamed.constraints!.renamedParameter)
    : new ValidationProblemException(fieldErrors);
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Connection-level failures of MySQL/MariaDB or SQLite: the database is unreachable, not the query wrong. */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: driver errors can come from another realm (Node's net module).
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = candidate.driverError?.code ?? candidate.code;
  return (
    (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) ||
    (typeof candidate.message === 'string' && /Pool is closed/.test(candidate.message))
  );
}

/**
 * ioredis' own words for a Redis it cannot reach (offline queue off, closed, timed out, refused), and a
 * Redis Cluster's for slots without a reachable master (down, or failing over: a redirection to the master
 * that just failed, until the cluster promotes its replica).
 */
const REDIS_DOWN_MESSAGE =
  /Stream isn't writeable|Connection is closed|Command timed out|Reached the max retries|Cluster isn't ready|CLUSTERDOWN|TRYAGAIN|Failed to refresh slots cache|None of startup nodes is available|Too many Cluster redirections|^MOVED |^ASK /;

/**
 * Of those, the failures after which a command may still have been applied: it was sent, and the answer
 * did not come in time or the connection closed before it came (a hung Redis applies it when it resumes).
 * The others (not connected, no reachable master, refused by the cluster) never ran the command.
 */
const REDIS_OUTCOME_UNKNOWN_MESSAGE = /Command timed out|Connection is closed|Reached the max retries/;

export const REDIS_NOTHING_RECORDED = 'Redis is unavailable: nothing was recorded; retry shortly.';
export const REDIS_OUTCOME_UNKNOWN =
  'Redis did not answer in time: the write may or may not have been recorded. Retrying is safe: ' +
  'recording the same events or heartbeats again counts each user or sensor once.';

export function liveStoreOutcomeUnknown(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && REDIS_OUTCOME_UNKNOWN_MESSAGE.test(message);
}

export function isLiveStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && REDIS_DOWN_MESSAGE.test(message);
}

interface ErrorWithStatus {
  statusCode?: number;
  message?: string;
}

/** Maps any thrown value to the status, detail and field errors a client may see; nothing internal leaks. */
export function describeError(error: unknown): { status: number; detail: string; errors?: FieldError[] } {
  if (error instanceof ValidationProblemException) {
    return { status: HttpStatus.BAD_REQUEST, detail: error.message, errors: error.errors };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Fastify's own words ("Unsupported Media Type") do not say what to send instead.
    if (status === 415) {
      return { status, detail: 'The body must be JSON: send Content-Type: application/json.' };
    }
    const response = error.getResponse();
    let detail = error.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const message = response.message;
      detail = Array.isArray(message) ? message.join('; ') : String(message);
    }
    return { status, detail };
  }
  if (error instanceof WrongTypedKeyError) {
    return { status: HttpStatus.SERVICE_UNAVAILABLE, detail: error.message };
  }
  if (isLiveStoreUnavailable(error)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: liveStoreOutcomeUnknown(error) ? REDIS_OUTCOME_UNKNOWN : REDIS_NOTHING_RECORDED,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: 'The database is unavailable; try again shortly.',
    };
  }
  // Fastify's own 4xx errors (malformed JSON, body too large, unsupported media type) carry a statusCode.
  const withStatus = error as ErrorWithStatus;
  if (
    typeof withStatus?.statusCode === 'number' &&
    withStatus.statusCode >= 400 &&
    withStatus.statusCode < 500
  ) {
    return {
      status: withStatus.statusCode,
      detail: withStatus.message ?? statusTitle(withStatus.statusCode),
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred; it has been logged.',
  };
}

/**
 * What a 503 answer could not reach (`redis`, `database`, both), for its log line; undefined for any other
 * error. Such a 503 is an outage, expected and already reported by the store's own lines, not a bug.
 */
export function unavailableDependencies(error: unknown): string[] | undefined {
  if (error instanceof DependencyUnavailableException) return error.dependencies;
  if (error instanceof WrongTypedKeyError || isLiveStoreUnavailable(error)) return ['redis'];
  if (isDatabaseUnavailable(error)) return ['database'];
  return undefined;
}

export function buildProblem(error: unknown, instance: string, requestId: string): ProblemDocument {
  const { status, detail, errors } = describeError(error);
  const problem: ProblemDocument = {
    type: 'about:blank',
    title: statusTitle(status),
    status,
    detail,
    instance,
    requestId,
  };
  if (errors) problem.errors = errors;
  return problem;
}
