import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { BuildInfo } from './build-info';

export type RequestLabel = 'method' | 'route' | 'status_code';

/** Seconds; the service answers most reads in milliseconds, so the low end is finer. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This process's Prometheus registry: Node's default process metrics (CPU, memory, heap, handles, GC,
 * event-loop lag), the request-duration histogram (its `_count` is the request count) and whatever
 * features add. Features that compute values at scrape time register a hook with `onScrape`.
 */
@Injectable()
export class PrometheusMetrics {
  private readonly logger = new Logger(PrometheusMetrics.name);
  readonly registry = new Registry();
  readonly requestDuration: Histogram<RequestLabel>;
  private readonly scrapeHooks: Array<() => Promise<void>> = [];

  constructor(build: BuildInfo) {
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: REQUEST_BUCKETS,
      registers: [this.registry],
    });
    new Gauge({
      name: 'analytics_build_info',
      help: 'Always 1; the labels say which version and commit this process runs',
      labelNames: ['version', 'commit'],
      registers: [this.registry],
    }).set({ version: build.version, commit: build.commit ?? 'unknown' }, 1);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Runs before every scrape; a hook that fails leaves its metrics as it set them and is logged. */
  onScrape(hook: () => Promise<void>): void {
    this.scrapeHooks.push(hook);
  }

  /** The text exposition format of everything registered. */
  async render(): Promise<string> {
    const results = await Promise.allSettled(this.scrapeHooks.map((hook) => hook()));
    for (const result of results) {
      if (result.status === 'rejected') this.logger.warn(`scrape hook failed: ${String(result.reason)}`);
    }
    return this.registry.metrics();
  }
}
