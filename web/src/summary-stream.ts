import { SUMMARY_STREAM_EVENT, type MetricsSummary } from '../../clients/typescript';

export type ConnectionState = 'connecting' | 'live' | 'lost';

export interface SummaryStreamHandlers {
  onSummary(summary: MetricsSummary): void;
  /** `reconnected` is true when the stream is live again after it was lost. */
  onState(state: ConnectionState, reconnected: boolean): void;
}

const MIN_SILENCE_MS = 20_000;

/**
 * Follows the summary stream. The browser's EventSource reconnects by itself after a dropped connection
 * (sending Last-Event-ID); after a refused one (a 503 from a full or stopping instance, a proxy's error
 * page) it gives up, so a new one is opened with a growing delay. A stream that stays silent far longer
 * than its usual pace (a half-open connection) is reopened too.
 */
export function followSummaryStream(url: string, handlers: SummaryStreamHandlers): void {
  let source: EventSource | null = null;
  let failures = 0;
  let lost = false;
  let lastEventAt = 0;
  let usualGapMs = 0;

  const markLost = () => {
    if (!lost) {
      lost = true;
      handlers.onState('lost', false);
    }
  };

  const reopenLater = () => {
    source?.close();
    source = null;
    failures += 1;
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5)) * (0.75 + Math.random() / 2);
    window.setTimeout(open, delay);
  };

  function open(): void {
    const current = new EventSource(url);
    source = current;
    current.addEventListener('open', () => {
      failures = 0;
      lastEventAt = Date.now();
      handlers.onState('live', lost);
      lost = false;
    });
    current.addEventListener(SUMMARY_STREAM_EVENT, (event) => {
      const now = Date.now();
      if (lastEventAt > 0) usualGapMs = now - lastEventAt;
      lastEventAt = now;
      handlers.onSummary(JSON.parse((event as MessageEvent<string>).data) as MetricsSummary);
    });
    current.addEventListener('error', () => {
      if (source !== current) return;
      markLost();
      if (current.readyState === EventSource.CLOSED) reopenLater();
    });
  }

  window.setInterval(() => {
    const silence = Date.now() - lastEventAt;
    if (source?.readyState === EventSource.OPEN && silence > Math.max(MIN_SILENCE_MS, usualGapMs * 4)) {
      markLost();
      reopenLater();
    }
  }, 5_000);

  handlers.onState('connecting', false);
  open();
}
