import { randomBytes } from 'node:crypto';
import { Env, readList, readOptionalString } from './env';

/**
 * The embedded demo takes writes out of the box: with no DATABASE_URL and no INGEST_API_KEYS, a fresh key
 * is made for this run and put into `env` (the caller prints it). A deployment on MySQL never gets one.
 */
export function ensureDemoIngestKey(env: Env): string | undefined {
  if (readOptionalString(env, 'DATABASE_URL') !== undefined) return undefined;
  if (readList(env, 'INGEST_API_KEYS', []).length > 0) return undefined;
  const key = `demo-${randomBytes(12).toString('base64url')}`;
  env.INGEST_API_KEYS = key;
  return key;
}
