/** How long a browser waits before reconnecting a dropped stream (the `retry:` field). */
export const STREAM_RETRY_MS = 3_000;
/** A comment line this often keeps proxies and load balancers from closing an idle-looking stream. */
export const STREAM_HEARTBEAT_MS = 15_000;

export const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // nginx and similar proxies would otherwise buffer the stream and deliver it in bursts.
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
} as const;

/**
 * One server-sent event. `data` must be a single line (JSON.stringify output is); `retry` is added to the
 * first event a client receives.
 */
export function formatEvent(event: string, id: number, data: string, retryMs?: number): string {
  const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
  return `${retry}event: ${event}\nid: ${id}\ndata: ${data}\n\n`;
}

export function formatComment(text: string): string {
  return `: ${text}\n\n`;
}
