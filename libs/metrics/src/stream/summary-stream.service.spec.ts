import { LiveStore, MemoryLiveStore, ShutdownState } from '@app/core';
import { HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { MetricsSummaryDto } from '../dto/metrics-summary.dto';
import { MetricsSummaryService } from '../metrics-summary.service';
import { STREAM_HEARTBEAT_MS, STREAM_RETRY_MS } from './server-sent-events';
import { SummaryStreamService } from './summary-stream.service';
import type { MetricsConfig } from '../metrics.config';

const INTERVAL = 1_000;

/** Just what the service uses of a response: it collects what is written. */
class FakeResponse extends EventEmitter {
  readonly chunks: string[] = [];
  writableEnded = false;
  destroyed = false;
  writableNeedDrain = false;

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }

  end(): void {
    this.writableEnded = true;
    this.emit('close');
  }

  get text(): string {
    return this.chunks.join('');
  }

  get ids(): number[] {
    return [...this.text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
  }

  asResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}

function summaryService(activeUsers: () => number = () => 7) {
  const summary = jest.fn((): Promise<MetricsSummaryDto> => {
    return Promise.resolve({
      activeUsers: activeUsers(),
      activeUsersByPlatform: { web: activeUsers() },
      apiRejectedCount: 0,
      newProjectsLast7Days: 1,
      totalLiveProjects: 2,
      sensorsOnline: 3,
      sensorsOffline: 4,
      generatedAt: new Date().toISOString(),
      degraded: [],
    });
  });
  return { service: { summary } as unknown as MetricsSummaryService, summary };
}

function streamService(
  summary: MetricsSummaryService,
  liveStore: LiveStore,
  maxClients = 10,
  maxClientsPerIp = 100,
): { stream: SummaryStreamService; shutdown: ShutdownState } {
  const shutdown = new ShutdownState();
  const config = {
    streamIntervalMs: INTERVAL,
    streamMaxClients: maxClients,
    streamMaxClientsPerIp: maxClientsPerIp,
  } as MetricsConfig;
  return { stream: new SummaryStreamService(summary, liveStore, shutdown, config), shutdown };
}

describe('SummaryStreamService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2026, 10, 27, 20, 0, 0, 400) });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends a summary at connect (with retry), one per interval, and a keep-alive comment', async () => {
    const { service, summary } = summaryService();
    const { stream } = streamService(service, new MemoryLiveStore());
    const response = new FakeResponse();
    stream.attach(response.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(0);

    expect(response.text).toBe(
      `retry: ${STREAM_RETRY_MS}\nevent: summary\nid: ${Date.now()}\ndata: ${JSON.stringify(
        await summary.mock.results[0].value,
      )}\n\n`,
    );
    await jest.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(response.ids).toHaveLength(4);
    expect(response.text.match(/^retry:/gm)).toHaveLength(1);
    // Ticks land on multiples of the interval, the same moment on every instance.
    expect(response.ids.slice(1).every((id) => id % INTERVAL === 0)).toBe(true);

    await jest.advanceTimersByTimeAsync(STREAM_HEARTBEAT_MS);
    expect(response.text).toContain(': keep-alive\n\n');
    await stream.onModuleDestroy();
  });

  it('with two instances on one live store, computes once per interval and both deliver it', async () => {
    const liveStore = new MemoryLiveStore();
    const { service, summary } = summaryService();
    const a = streamService(service, liveStore).stream;
    const b = streamService(service, liveStore).stream;
    const onA = new FakeResponse();
    const onB = new FakeResponse();
    a.attach(onA.asResponse(), '10.0.0.1');
    b.attach(onB.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(0);
    summary.mockClear();

    await jest.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(summary).toHaveBeenCalledTimes(5);
    expect(onA.ids.slice(-5)).toEqual(onB.ids.slice(-5));
    await a.onModuleDestroy();
    await b.onModuleDestroy();
  });

  it('answers many clients from one computation', async () => {
    const { service, summary } = summaryService();
    const { stream } = streamService(service, new MemoryLiveStore());
    const responses = Array.from({ length: 20 }, () => new FakeResponse());
    for (const response of responses) stream.attach(response.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(summary).toHaveBeenCalledTimes(3);
    for (const response of responses) expect(response.ids).toHaveLength(3);
    await stream.onModuleDestroy();
  });

  it('skips summaries for a client that does not keep up, and sends ids that only go up', async () => {
    let users = 1;
    const { service } = summaryService(() => users++);
    const { stream } = streamService(service, new MemoryLiveStore());
    const response = new FakeResponse();
    stream.attach(response.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(0);
    response.writableNeedDrain = true;
    await jest.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(response.ids).toHaveLength(1);
    response.writableNeedDrain = false;
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(response.ids).toHaveLength(2);
    expect(response.ids[1]).toBeGreaterThan(response.ids[0]);
    await stream.onModuleDestroy();
  });

  it('refuses a client past STREAM_MAX_CLIENTS and forgets one that leaves', async () => {
    const { service } = summaryService();
    const { stream } = streamService(service, new MemoryLiveStore(), 1);
    const response = new FakeResponse();
    stream.assertCanAccept('10.0.0.1');
    stream.attach(response.asResponse(), '10.0.0.1');
    expect(() => stream.assertCanAccept('10.0.0.1')).toThrow(ServiceUnavailableException);
    response.emit('close');
    expect(stream.clientCount).toBe(0);
    expect(() => stream.assertCanAccept('10.0.0.1')).not.toThrow();
    await stream.onModuleDestroy();
  });

  it('ends every stream when the shutdown begins, and takes no new one', async () => {
    const { service } = summaryService();
    const { stream, shutdown } = streamService(service, new MemoryLiveStore());
    const responses = [new FakeResponse(), new FakeResponse()];
    for (const response of responses) stream.attach(response.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(0);
    shutdown.begin();
    expect(responses.every((response) => response.writableEnded)).toBe(true);
    expect(stream.clientCount).toBe(0);
    expect(() => stream.assertCanAccept('10.0.0.1')).toThrow(ServiceUnavailableException);
    await stream.onModuleDestroy();
  });

  it('serves its own clients when the live store cannot elect (Redis down)', async () => {
    const liveStore = new MemoryLiveStore();
    jest.spyOn(liveStore, 'tryLock').mockRejectedValue(new Error('Redis down'));
    const publish = jest.spyOn(liveStore, 'publish');
    const { service } = summaryService();
    const { stream } = streamService(service, liveStore);
    const response = new FakeResponse();
    stream.attach(response.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(response.ids).toHaveLength(3);
    expect(publish).not.toHaveBeenCalled();
    await stream.onModuleDestroy();
  });

  it('keeps the stream open when a summary fails, and sends the next one', async () => {
    const { service, summary } = summaryService();
    summary.mockRejectedValueOnce(new Error('both stores down'));
    const { stream } = streamService(service, new MemoryLiveStore());
    const response = new FakeResponse();
    stream.attach(response.asResponse(), '10.0.0.1');
    await jest.advanceTimersByTimeAsync(0);
    expect(response.ids).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(response.ids).toHaveLength(1);
    expect(response.writableEnded).toBe(false);
    await stream.onModuleDestroy();
  });

  it('takes at most STREAM_MAX_CLIENTS_PER_IP streams from one address, with a 429, and counts them down as they close', async () => {
    const { service } = summaryService();
    const { stream } = streamService(service, new MemoryLiveStore(), 10, 2);
    const a = new FakeResponse();
    const b = new FakeResponse();
    stream.attach(a.asResponse(), '10.0.0.1');
    stream.attach(b.asResponse(), '10.0.0.1');
    let refused: unknown;
    try {
      stream.assertCanAccept('10.0.0.1');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(429);
    expect((refused as HttpException).message).toBe(
      'This address has 2 streams open on this instance, the most it takes from one address; close one or try again shortly.',
    );
    // Another address is not held back by the first one's streams.
    expect(() => stream.assertCanAccept('10.0.0.2')).not.toThrow();
    a.end();
    expect(() => stream.assertCanAccept('10.0.0.1')).not.toThrow();
    // A close seen twice counts once.
    a.emit('close');
    stream.attach(new FakeResponse().asResponse(), '10.0.0.1');
    expect(() => stream.assertCanAccept('10.0.0.1')).toThrow(HttpException);
    expect(stream.clientCount).toBe(2);
    await stream.onModuleDestroy();
  });
});
