import { LiveStore, ShutdownState, Unsubscribe } from '@app/core';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { MetricsSummaryDto } from '../dto/metrics-summary.dto';
import { MetricsSummaryService } from '../metrics-summary.service';
import { formatComment, formatEvent, STREAM_HEARTBEAT_MS, STREAM_RETRY_MS } from './server-sent-events';
import { MetricsConfig, metricsConfig } from '../metrics.config';

/** The live-store pub/sub channel the computing instance publishes each summary on. */
export const SUMMARY_CHANNEL = 'summary';
export const SUMMARY_EVENT = 'summary';

/** A summary ready to send: its id (generatedAt, epoch ms) and its JSON. */
export interface SummaryEvent {
  id: number;
  data: string;
}

interface StreamClient {
  response: ServerResponse;
  /** The client's address (as the rate limiter sees it, TRUST_PROXY applied). */
  ip: string;
  /** The id of the last event written: an event with an id not above it is skipped, so ids only go up. */
  lastId: number;
  retrySent: boolean;
}

export function toSummaryEvent(summary: MetricsSummaryDto): SummaryEvent {
  return { id: Date.parse(summary.generatedAt), data: JSON.stringify(summary) };
}

function parseSummaryEvent(data: string): SummaryEvent | null {
  try {
    const id = Date.parse((JSON.parse(data) as Partial<MetricsSummaryDto>).generatedAt ?? '');
    return Number.isFinite(id) ? { id, data } : null;
  } catch {
    return null;
  }
}

/**
 * The summary stream of this instance. Every STREAM_INTERVAL_MS, aligned to the clock so all instances
 * tick together, the instances that have clients race for a per-interval lock in the live store; the one
 * that takes it computes the summary once and publishes it, and every instance fans the published summary
 * out to its own clients. N clients on M instances cost one computation per interval. A new client gets
 * the latest summary at once (computed on the spot when none is fresh). Without the live store there is no
 * election: each instance serves its own clients.
 */
@Injectable()
export class SummaryStreamService implements OnModuleDestroy {
  private readonly logger = new Logger(SummaryStreamService.name);
  private readonly clients = new Set<StreamClient>();
  private latest: SummaryEvent | null = null;
  private computing: Promise<SummaryEvent | null> | null = null;
  private subscription: Promise<Unsubscribe | null> | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Open streams per client address. */
  private readonly perIp = new Map<string, number>();

  constructor(
    private readonly summaryService: MetricsSummaryService,
    private readonly liveStore: LiveStore,
    shutdown: ShutdownState,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
  ) {
    // Open streams would hold the server's close() until the deadline: end them as the shutdown starts.
    shutdown.onBegin(() => this.endAll());
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Throws when this instance takes no more streams (503) or none more from this address (429, so one client
   * cannot take every slot); call it before taking the response over.
   */
  assertCanAccept(ip: string): void {
    if (this.closed) {
      throw new ServiceUnavailableException('The service is shutting down; reconnect shortly.');
    }
    if (this.clients.size >= this.config.streamMaxClients) {
      throw new ServiceUnavailableException(
        `This instance serves at most ${this.config.streamMaxClients} streams; try again shortly.`,
      );
    }
    if ((this.perIp.get(ip) ?? 0) >= this.config.streamMaxClientsPerIp) {
      throw new HttpException(
        `This address has ${this.config.streamMaxClientsPerIp} streams open on this instance, the most it ` +
          'takes from one address; close one or try again shortly.',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /**
   * Streams summaries to a response whose event-stream headers are written: the latest summary now (a
   * reconnecting client, with Last-Event-ID, gets the current one too), then each new one.
   */
  attach(response: ServerResponse, ip: string): void {
    const client: StreamClient = { response, ip, lastId: 0, retrySent: false };
    this.clients.add(client);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    response.on('close', () => this.detach(client));
    this.ensureRunning();
    void this.current().then((event) => {
      if (event) this.send(client, event);
    });
  }

  onModuleDestroy(): Promise<void> {
    this.endAll();
    return this.unsubscribe();
  }

  private detach(client: StreamClient): void {
    if (!this.clients.delete(client)) return;
    const left = (this.perIp.get(client.ip) ?? 1) - 1;
    if (left > 0) this.perIp.set(client.ip, left);
    else this.perIp.delete(client.ip);
    if (this.clients.size === 0 && this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = null;
    }
  }

  private endAll(): void {
    this.closed = true;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.tickTimer = null;
    this.heartbeatTimer = null;
    for (const client of this.clients) client.response.end();
    this.clients.clear();
  }

  private async unsubscribe(): Promise<void> {
    const pending = this.subscription;
    this.subscription = null;
    if (!pending) return;
    // LiveStore.subscribe answers within a second even when the store is unreachable.
    const unsubscribe = await pending;
    await unsubscribe?.().catch(() => undefined);
  }

  private ensureRunning(): void {
    this.subscription ??= this.liveStore
      .subscribe(SUMMARY_CHANNEL, (message) => this.onPublished(message))
      .catch((error: Error) => {
        this.logger.warn(`not subscribed to published summaries: ${error.message}`);
        this.subscription = null;
        return null;
      });
    if (!this.tickTimer) this.scheduleTick();
    this.heartbeatTimer ??= setInterval(() => {
      const comment = formatComment('keep-alive');
      for (const { response } of this.clients) {
        if (!response.writableEnded && !response.destroyed) response.write(comment);
      }
    }, STREAM_HEARTBEAT_MS);
  }

  /** The next tick at the next multiple of the interval, so every instance ticks at the same moment. */
  private scheduleTick(): void {
    const interval = this.config.streamIntervalMs;
    this.tickTimer = setTimeout(
      () => {
        this.tickTimer = null;
        if (this.closed || this.clients.size === 0) return;
        this.scheduleTick();
        void this.tick();
      },
      interval - (Date.now() % interval),
    );
  }

  private async tick(): Promise<void> {
    const interval = this.config.streamIntervalMs;
    const slot = Math.round(Date.now() / interval);
    let shared = true;
    try {
      // Never released: it expires, and no other instance computes this interval again.
      if ((await this.liveStore.tryLock(`stream-summary:${slot}`, interval * 2)) === null) return;
    } catch (error) {
      this.logger.debug(`stream lock unavailable, serving this instance alone: ${(error as Error).message}`);
      shared = false;
    }
    const event = await this.compute();
    if (!event) return;
    // Sent here directly too: this instance's own copy from the channel is then skipped as already sent.
    this.broadcast(event);
    if (shared) {
      this.liveStore.publish(SUMMARY_CHANNEL, event.data).catch((error: Error) => {
        this.logger.warn(`summary not published: ${error.message}`);
      });
    }
  }

  private onPublished(message: string): void {
    const event = parseSummaryEvent(message);
    if (event) this.broadcast(event);
  }

  /** The latest summary if it is recent, else a fresh one. */
  private current(): Promise<SummaryEvent | null> {
    const latest = this.latest;
    if (latest && Date.now() - latest.id < this.config.streamIntervalMs * 2) return Promise.resolve(latest);
    return this.compute();
  }

  /** One computation at a time on this instance: concurrent callers share it. */
  private compute(): Promise<SummaryEvent | null> {
    this.computing ??= this.summaryService
      .summary()
      .then((summary) => {
        const event = toSummaryEvent(summary);
        this.remember(event);
        return event;
      })
      .catch((error: Error) => {
        this.logger.warn(`summary for the stream failed: ${error.message}`);
        return null;
      })
      .finally(() => {
        this.computing = null;
      });
    return this.computing;
  }

  private remember(event: SummaryEvent): void {
    if (!this.latest || event.id > this.latest.id) this.latest = event;
  }

  private broadcast(event: SummaryEvent): void {
    this.remember(event);
    for (const client of this.clients) this.send(client, event);
  }

  private send(client: StreamClient, event: SummaryEvent): void {
    const { response } = client;
    if (event.id <= client.lastId || response.writableEnded || response.destroyed) return;
    // A client that does not keep up skips summaries: the next one holds everything it needs.
    if (response.writableNeedDrain) return;
    response.write(
      formatEvent(SUMMARY_EVENT, event.id, event.data, client.retrySent ? undefined : STREAM_RETRY_MS),
    );
    client.retrySent = true;
    client.lastId = event.id;
  }
}
