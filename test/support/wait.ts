import { SUMMARY_REUSE_MS } from '@app/metrics';
import type { RedisClient } from '@app/core';
import { createServer } from 'node:net';

/** Polls `check` every 200 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

/**
 * The entry the shared cache holds at `key` once it satisfies `until`. The cache's write to Redis is bounded
 * (250 ms), not cancelled, so on a loaded machine it can land just after the answer that caused it.
 */
export async function sharedCacheEntry(
  redis: Pick<RedisClient, 'get'>,
  key: string,
  until: (value: unknown) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<{ value: unknown }> {
  let entry: { value: unknown } | null = null;
  await waitFor(async () => {
    const raw = await redis.get(key);
    entry = raw === null ? null : (JSON.parse(raw) as { value: unknown });
    return entry !== null && until(entry.value);
  }, timeoutMs).catch(() => undefined);
  if (entry === null) throw new Error(`nothing cached at ${key}`);
  return entry;
}

/** A local port nothing listens on: a service that is not there. */
export async function closedPort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Waits out the last `marginMs` of a minute, so data placed in minute buckets stays where it was put. */
export async function awayFromMinuteEdge(marginMs = 2_000): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - marginMs) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
}

/**
 * Waits until the summary's last read is too old to be the answer (SUMMARY_REUSE_MS), so the next summary
 * reads the stores as they are now: after a test changed them behind the app's back (a hung proxy, say).
 */
export async function pastSummaryReuse(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SUMMARY_REUSE_MS + 1));
}
