import { ConfigType, registerAs } from '@nestjs/config';
import {
  ConfigError,
  Env,
  readBoolean,
  readEnum,
  readInt,
  readList,
  readOptionalString,
  readString,
} from './env';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Fastify's trustProxy: false, true, a hop count, or a list of addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

export function parseTrustProxy(env: Env): TrustProxy {
  const value = readString(env, 'TRUST_PROXY', 'false');
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.find(
    (entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry) && entry !== 'loopback',
  );
  if (invalid !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, true, a hop count, or comma-separated IPs/CIDRs, got "${invalid}"`,
    );
  }
  return entries;
}

/**
 * The boot warning for a TRUST_PROXY that lets any client choose the IP it is counted by (`true` trusts
 * every X-Forwarded-For hop, whoever wrote it); undefined for a hop count or addresses.
 */
export function trustProxyWarning(trustProxy: TrustProxy): string | undefined {
  if (trustProxy !== true) return undefined;
  return (
    'TRUST_PROXY=true trusts every X-Forwarded-For entry: any client can spoof its IP and dodge the rate ' +
    'limit. Set the number of proxies in front (e.g. TRUST_PROXY=1) or their addresses instead.'
  );
}

export function parseAppConfig(env: Env) {
  return {
    port: readInt(env, 'PORT', 8080, 0, 65535),
    host: readString(env, 'HOST', '0.0.0.0'),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logPretty: readBoolean(env, 'LOG_PRETTY', Boolean(process.stdout.isTTY)),
    logFile: readOptionalString(env, 'LOG_FILE'),
    trustProxy: parseTrustProxy(env),
    corsOrigins: readList(env, 'CORS_ORIGINS', []),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    rateLimitPerMinute: readInt(env, 'RATE_LIMIT_PER_MINUTE', 100, 1, 1_000_000),
    ingestApiKeys: readList(env, 'INGEST_API_KEYS', []),
    /**
     * How long readiness answers 503 with the listener still open (answers closing their connection) before
     * the server stops accepting: the time a load balancer or Kubernetes needs to stop sending new requests.
     */
    shutdownDelayMs: readInt(env, 'SHUTDOWN_DELAY_MS', 0, 0, 60_000),
    /** Hard deadline of what follows the delay: draining connections, the final flush, closing the stores. */
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 25_000),
    healthTimeoutMs: readInt(env, 'HEALTH_TIMEOUT_MS', 1_000, 50, 10_000),
    requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
    /** When set, GET /metrics answers only `Authorization: Bearer <this>`. */
    metricsToken: readOptionalString(env, 'METRICS_TOKEN'),
  };
}

export const appConfig = registerAs('app', () => parseAppConfig(process.env));
export type AppConfig = ConfigType<typeof appConfig>;
