/**
 * Preloaded into the server under test (`node -r probe.js main.js`): measures the event-loop delay and the
 * resident set size, and answers the benchmark over the IPC channel. It writes nothing, keeps nothing
 * alive (its timer and the channel are unreferenced) and touches nothing of the server.
 *
 *   → { cmd: 'stats', id, reset }   ← ProbeStats of the window since the last reset
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProbeRequest, ProbeStats } from '../support/protocol';

const SAMPLE_EVERY_MS = 100;
const MB = 1024 * 1024;

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

/** maxRSS is in kilobytes. */
const lifetimePeakBytes = () => process.resourceUsage().maxRSS * 1024;

let windowStartedAt = Date.now();
let sampledPeak = process.memoryUsage.rss();
let lifetimePeakAtReset = lifetimePeakBytes();

const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > sampledPeak) sampledPeak = rss;
}, SAMPLE_EVERY_MS);
sampler.unref();

function stats(id: number): ProbeStats {
  const now = process.memoryUsage.rss();
  const lifetime = lifetimePeakBytes();
  // The kernel's peak is exact but cannot be reset: when it grew during this window, the window holds it.
  const peak = Math.max(sampledPeak, now, lifetime > lifetimePeakAtReset ? lifetime : 0);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    id,
    loopMaxMs: round(loop.max / 1e6),
    loopP99Ms: round(loop.percentile(99) / 1e6),
    loopMeanMs: round(loop.mean / 1e6),
    rssPeakMb: round(peak / MB),
    rssNowMb: round(now / MB),
    rssLifetimePeakMb: round(lifetime / MB),
    windowS: round((Date.now() - windowStartedAt) / 1000),
  };
}

function reset(): void {
  loop.reset();
  windowStartedAt = Date.now();
  sampledPeak = process.memoryUsage.rss();
  lifetimePeakAtReset = lifetimePeakBytes();
}

function isProbeRequest(message: unknown): message is ProbeRequest {
  return typeof message === 'object' && message !== null && (message as ProbeRequest).cmd === 'stats';
}

if (typeof process.send === 'function') {
  process.on('message', (message: unknown) => {
    if (!isProbeRequest(message)) return;
    const answer = stats(message.id);
    if (message.reset) reset();
    process.send?.(answer);
  });
  // A 'message' listener holds the channel open; the server must still exit exactly as it would without us.
  process.channel?.unref();
}
