import { RATE_LIMIT_KEY_PREFIX } from '../http/rate-limit';
import { RejectionKeys } from '../http/rejection-counter';
import type { LiveKeySpec } from './key-types';
import { CoreLiveKeys } from './live-store';

/** The types of the keys the core itself keeps (rejection counters, rate limits, locks), for redis:check. */
export const CORE_LIVE_KEY_TYPES: readonly LiveKeySpec[] = [
  { pattern: RejectionKeys.anyMinute, type: 'hash' },
  { pattern: `${RATE_LIMIT_KEY_PREFIX}*`, type: 'string' },
  { pattern: CoreLiveKeys.lock('*'), type: 'string' },
];
