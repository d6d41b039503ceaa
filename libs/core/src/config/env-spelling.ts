import { Env } from './env';

/** Every variable the service reads (`.example.env` documents each; env-spelling.spec checks it and the README). */
export const KNOWN_ENV_VARIABLES: readonly string[] = [
  'ACTIVE_USER_PLATFORMS',
  'ACTIVE_USER_WINDOW',
  'BODY_LIMIT_BYTES',
  'CORS_ORIGINS',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_POOL_SIZE',
  'DATABASE_REPLICA_CHECK_MS',
  'DATABASE_REPLICA_MAX_LAG_SECONDS',
  'DATABASE_REPLICA_URLS',
  'DATABASE_URL',
  'DATA_DIR',
  'DB_QUERY_TIMEOUT_MS',
  'DEMO_SEED',
  'DEMO_TRAFFIC',
  'GIT_COMMIT',
  'HEALTH_TIMEOUT_MS',
  'HISTORY_RETENTION_DAYS',
  'HOST',
  'INGEST_API_KEYS',
  'LOG_FILE',
  'LOG_LEVEL',
  'LOG_PRETTY',
  'METRICS_TOKEN',
  'MIGRATIONS_DIR',
  'MODULES_TTL',
  'PORT',
  'RATE_LIMIT_PER_MINUTE',
  'REDIS_CLUSTER',
  'REDIS_COMMAND_TIMEOUT_MS',
  'REDIS_KEY_PREFIX',
  'REDIS_URL',
  'REQUEST_TIMEOUT_MS',
  'SAMPLER_ENABLED',
  'SENSOR_BREAKDOWN_TTL',
  'SENSOR_LAST_SEEN_GRANULARITY',
  'SENSOR_ONLINE_WINDOW',
  'SHUTDOWN_DELAY_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'STREAM_INTERVAL_MS',
  'STREAM_MAX_CLIENTS',
  'STREAM_MAX_CLIENTS_PER_IP',
  'SUMMARY_DB_TTL',
  'TRUST_PROXY',
];

/**
 * True when `a` becomes `b` by one insertion, deletion, substitution or swap of two neighbours
 * (`INGEST_API_KEY` → `INGEST_API_KEYS`, `REDIS_ULR` → `REDIS_URL`).
 */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (a.length === b.length) {
    if (a.slice(start + 1) === b.slice(start + 1)) return true; // substitution
    return (
      a[start] === b[start + 1] && a[start + 1] === b[start] && a.slice(start + 2) === b.slice(start + 2)
    );
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(start + 1) === shorter.slice(start);
}

/**
 * Warnings for variables that are set but unused and one edit away from one the service reads. Short
 * names (PORT, HOST) are left out: one edit from them reaches unrelated variables of the system.
 */
export function misspelledVariableWarnings(env: Env): string[] {
  const known = new Set(KNOWN_ENV_VARIABLES);
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || !/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
    const match = KNOWN_ENV_VARIABLES.find(
      (candidate) => candidate.length >= 6 && isOneEditApart(name, candidate),
    );
    if (match) warnings.push(`${name} is not used; did you mean ${match}?`);
  }
  return warnings;
}
