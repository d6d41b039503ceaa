import { isLiveStoreUnavailable } from '../http/problem-details';

interface StepLogger {
  warn(message: string): void;
  debug(message: string): void;
}

/**
 * Logs a background step that needs the live store and failed: a warning, or only a debug line while Redis
 * is down, which the Redis connection reports itself (one line at start, then one every 10 s), so an outage
 * is not a warning from every feature that meets it.
 */
export function warnUnlessLiveStoreDown(logger: StepLogger, message: string, error: unknown): void {
  const line = `${message}: ${error instanceof Error ? error.message : String(error)}`;
  if (isLiveStoreUnavailable(error)) logger.debug(line);
  else logger.warn(line);
}
