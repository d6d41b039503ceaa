import { MetricsSummaryService } from '@app/metrics';
import { shutdownGracefully } from '../apps/api/src/bootstrap';
import { SummaryStreamService } from '../libs/metrics/src/stream/summary-stream.service';
import { onRedis } from './support/backends';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

const STREAM_PATH = '/api/v1/metrics/stream';

interface SseEvent {
  event: string;
  id: string | undefined;
  retry: number | undefined;
  data: string;
}

interface Summary {
  activeUsers: number | null;
  generatedAt: string;
  degraded: string[];
}

/** A bare server-sent-events reader over fetch, so a test sees exactly what went over the wire. */
class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  readonly ended: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private isEnded = false;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.ended = this.read().finally(() => {
      this.isEnded = true;
      for (const waiter of this.waiters) waiter();
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    return new SseClient(response, abort);
  }

  get summaries(): Summary[] {
    return this.events.filter((e) => e.event === 'summary').map((e) => JSON.parse(e.data) as Summary);
  }

  /** Resolves with the first event (from index `from`) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (event: SseEvent) => boolean, timeoutMs = 5_000, from = 0): Promise<SseEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(from).find(predicate);
        if (found || this.isEnded) {
          this.waiters.delete(check);
          clearTimeout(timer);
          if (found) resolve(found);
          else reject(new Error('the stream ended before the expected event'));
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching event within ${timeoutMs} ms (got ${this.events.length})`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits until at least `count` events have arrived. */
  async waitForCount(count: number, timeoutMs = 5_000): Promise<void> {
    await this.waitFor(() => this.events.length >= count, timeoutMs);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(): Promise<void> {
    if (!this.response.body) return;
    const reader = this.response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          this.parseBlock(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
        }
      }
    } catch {
      // aborted by close(), or the connection dropped: the stream is over either way
    }
  }

  private parseBlock(block: string): void {
    const event: SseEvent = { event: 'message', id: undefined, retry: undefined, data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
      else if (field === 'retry') event.retry = Number(value);
      else if (field === 'data') {
        event.data = hasData ? `${event.data}\n${value}` : value;
        hasData = true;
      }
    }
    if (!hasData) return;
    this.events.push(event);
    for (const waiter of this.waiters) waiter();
  }
}

async function baseUrlOf(ctx: TestContext, port = 0): Promise<string> {
  await ctx.app.listen({ port, host: '127.0.0.1' });
  return (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function recordActivity(ctx: TestContext, userIds: string[]): Promise<void> {
  const res = await ctx
    .http()
    .post('/api/v1/activity')
    .set('Authorization', `Bearer ${INGEST_KEY}`)
    .send({ events: userIds.map((userId) => ({ userId, platform: 'web' })) });
  expect(res.status).toBe(202);
}

describe('summary stream', () => {
  let ctx: TestContext;
  let base: string;
  const clients: SseClient[] = [];
  const open = async (headers?: Record<string, string>) => {
    const client = await SseClient.open(`${base}${STREAM_PATH}`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    ctx = await createTestApp({ env: { STREAM_INTERVAL_MS: '250' } });
    base = await baseUrlOf(ctx);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => ctx.close());

  it('sends the summary at connect, with id and retry, as an event stream keeping the request id', async () => {
    const client = await open({ 'X-Request-Id': 'stream-1' });
    expect(client.response.status).toBe(200);
    expect(client.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(client.response.headers.get('cache-control')).toBe('no-cache');
    expect(client.response.headers.get('x-accel-buffering')).toBe('no');
    expect(client.response.headers.get('x-request-id')).toBe('stream-1');
    // A connect counts against the per-minute request limit like any request.
    expect(client.response.headers.get('x-ratelimit-limit')).toBe('100');

    const first = await client.waitFor(() => true, 3_000);
    expect(first.event).toBe('summary');
    expect(first.retry).toBe(3_000);
    const summary = JSON.parse(first.data) as Summary;
    expect(first.id).toBe(String(Date.parse(summary.generatedAt)));
    expect(summary).toMatchObject({ activeUsers: 0, degraded: [] });
  });

  it('pushes a new summary every interval: new activity shows up, ids only go up, retry comes once', async () => {
    const client = await open();
    const first = JSON.parse((await client.waitFor(() => true, 3_000)).data) as Summary;
    await recordActivity(ctx, ['stream-a', 'stream-b', 'stream-c']);
    await client.waitFor(
      (e) => (JSON.parse(e.data) as Summary).activeUsers === first.activeUsers! + 3,
      5_000,
    );
    await client.waitForCount(client.events.length + 1, 3_000);

    const ids = client.events.map((e) => Number(e.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
    expect(client.events.filter((e) => e.retry !== undefined)).toHaveLength(1);
  });

  it('computes once per interval however many clients listen', async () => {
    const spy = jest.spyOn(MetricsSummaryService.prototype, 'summary');
    try {
      const many = await Promise.all(Array.from({ length: 5 }, () => open()));
      await Promise.all(many.map((client) => client.waitForCount(1, 3_000)));
      spy.mockClear();
      const startedAt = Date.now();
      await Promise.all(many.map((client) => client.waitForCount(5, 5_000)));
      const intervals = Math.ceil((Date.now() - startedAt) / 250) + 1;
      // Five clients, yet no more computations than intervals went by (not five per interval).
      expect(spy.mock.calls.length).toBeLessThanOrEqual(intervals);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('forgets a client that disconnects', async () => {
    const service = ctx.app.get(SummaryStreamService);
    await until(() => service.clientCount === 0, 3_000);
    const client = await open();
    await client.waitForCount(1, 3_000);
    expect(service.clientCount).toBe(1);
    client.close();
    await until(() => service.clientCount === 0, 3_000);
  });
});

describe('summary stream limits', () => {
  let ctx: TestContext;
  let base: string;

  beforeAll(async () => {
    // A long interval: whatever a client gets quickly was sent at connect.
    ctx = await createTestApp({ env: { STREAM_MAX_CLIENTS: '1', STREAM_INTERVAL_MS: '60000' } });
    base = await baseUrlOf(ctx);
  });
  afterAll(() => ctx.close());

  it('answers 503 problem+json past STREAM_MAX_CLIENTS, and takes a client again once one leaves', async () => {
    const service = ctx.app.get(SummaryStreamService);
    const first = await SseClient.open(`${base}${STREAM_PATH}`);
    try {
      expect(first.response.status).toBe(200);
      await first.waitForCount(1, 3_000);

      const refused = await fetch(`${base}${STREAM_PATH}`, { headers: { 'X-Request-Id': 'too-many' } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({
        status: 503,
        title: 'Service Unavailable',
        instance: STREAM_PATH,
        requestId: 'too-many',
      });
    } finally {
      first.close();
    }
    await until(() => service.clientCount === 0, 3_000);
    const again = await SseClient.open(`${base}${STREAM_PATH}`);
    try {
      expect(again.response.status).toBe(200);
      await again.waitForCount(1, 3_000);
    } finally {
      again.close();
    }
  });

  it('sends a reconnecting client (Last-Event-ID) the current summary at once', async () => {
    const service = ctx.app.get(SummaryStreamService);
    await until(() => service.clientCount === 0, 3_000);
    const first = await SseClient.open(`${base}${STREAM_PATH}`);
    const lastId = (await first.waitFor(() => true, 3_000)).id!;
    first.close();
    await until(() => service.clientCount === 0, 3_000);

    const startedAt = Date.now();
    const again = await SseClient.open(`${base}${STREAM_PATH}`, { 'Last-Event-ID': lastId });
    try {
      const event = await again.waitFor(() => true, 3_000);
      expect(Date.now() - startedAt).toBeLessThan(3_000);
      expect(event.event).toBe('summary');
      expect(Number(event.id)).toBeGreaterThanOrEqual(Number(lastId));
    } finally {
      again.close();
    }
  });

  it('refuses unknown query parameters like every endpoint', async () => {
    const res = await ctx.http().get(`${STREAM_PATH}?verbose=1`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('summary stream at shutdown and restart', () => {
  it('ends open streams as the shutdown starts, so it finishes cleanly; a reconnect to the next instance resumes', async () => {
    const first = await createTestApp({ env: { STREAM_INTERVAL_MS: '500' } });
    let second: TestContext | undefined;
    const clients: SseClient[] = [];
    try {
      const base = await baseUrlOf(first);
      const port = Number(new URL(base).port);
      for (let i = 0; i < 2; i++) clients.push(await SseClient.open(`${base}${STREAM_PATH}`));
      await Promise.all(clients.map((client) => client.waitForCount(1, 3_000)));
      const lastId = clients[0].events.at(-1)!.id!;

      const startedAt = Date.now();
      expect(await shutdownGracefully(first.app, 10_000)).toBe('clean');
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      await Promise.all(clients.map((client) => client.ended));

      // The next instance on the same address: the browser's EventSource reconnects with Last-Event-ID.
      second = await createTestApp({ env: { STREAM_INTERVAL_MS: '500' } });
      await baseUrlOf(second, port);
      const resumed = await SseClient.open(`${base}${STREAM_PATH}`, { 'Last-Event-ID': lastId });
      clients.push(resumed);
      expect(resumed.response.status).toBe(200);
      const event = await resumed.waitFor(() => true, 3_000);
      expect(Number(event.id)).toBeGreaterThan(Number(lastId));
      await resumed.waitForCount(2, 3_000);
    } finally {
      for (const client of clients) client.close();
      await second?.close();
      await first.close();
    }
  });
});

onRedis('summary stream across instances sharing Redis', () => {
  let a: TestContext;
  let b: TestContext;
  let baseA: string;
  let baseB: string;

  beforeAll(async () => {
    a = await createTestApp({ env: { STREAM_INTERVAL_MS: '300' } });
    b = await createTestApp({ shareWith: a, env: { STREAM_INTERVAL_MS: '300' } });
    baseA = await baseUrlOf(a);
    baseB = await baseUrlOf(b);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('one instance computes each summary and both deliver it to their clients', async () => {
    const spy = jest.spyOn(MetricsSummaryService.prototype, 'summary');
    const onA = await SseClient.open(`${baseA}${STREAM_PATH}`);
    const onB = await SseClient.open(`${baseB}${STREAM_PATH}`);
    try {
      await Promise.all([onA.waitForCount(1, 3_000), onB.waitForCount(1, 3_000)]);
      // Both instances subscribed: they now get each other's summaries.
      await until(() => {
        const idsA = new Set(onA.events.map((e) => e.id));
        return onB.events.some((e) => idsA.has(e.id));
      }, 5_000);
      spy.mockClear();
      const fromA = onA.events.length;
      const fromB = onB.events.length;
      await Promise.all([onA.waitForCount(fromA + 5, 5_000), onB.waitForCount(fromB + 5, 5_000)]);
      await new Promise((resolve) => setTimeout(resolve, 100));

      const idsA = onA.events.slice(fromA).map((e) => e.id);
      const idsB = onB.events.slice(fromB).map((e) => e.id);
      const shared = idsA.filter((id) => idsB.includes(id));
      // The same summaries on both instances ...
      expect(shared.length).toBeGreaterThanOrEqual(4);
      // ... computed once each, not once per instance.
      const distinct = new Set([...idsA, ...idsB]).size;
      expect(spy.mock.calls.length).toBeLessThanOrEqual(distinct + 1);
      expect(spy.mock.calls.length).toBeLessThan(idsA.length + idsB.length - 2);

      // Activity recorded through one instance is in the summaries streamed by the other.
      await recordActivity(a, ['shared-1', 'shared-2']);
      await onB.waitFor((e) => (JSON.parse(e.data) as Summary).activeUsers === 2, 5_000);
    } finally {
      spy.mockRestore();
      onA.close();
      onB.close();
    }
  });
});

describe('summary stream limits per client', () => {
  let ctx: TestContext;
  let base: string;

  beforeAll(async () => {
    ctx = await createTestApp({
      env: { STREAM_MAX_CLIENTS_PER_IP: '1', RATE_LIMIT_PER_MINUTE: '3', STREAM_INTERVAL_MS: '60000' },
    });
    base = await baseUrlOf(ctx);
  });
  afterAll(() => ctx.close());

  it('takes one stream per address (429 past it), and counts every connect against the rate limit', async () => {
    const service = ctx.app.get(SummaryStreamService);
    const first = await SseClient.open(`${base}${STREAM_PATH}`);
    try {
      expect(first.response.status).toBe(200);
      expect(first.response.headers.get('x-ratelimit-remaining')).toBe('2');
      await first.waitForCount(1, 3_000);

      const second = await fetch(`${base}${STREAM_PATH}`, { headers: { 'X-Request-Id': 'one-too-many' } });
      expect(second.status).toBe(429);
      expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(second.headers.get('retry-after')).toBe('3');
      expect(second.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(await second.json()).toMatchObject({
        status: 429,
        title: 'Too Many Requests',
        detail:
          'This address has 1 streams open on this instance, the most it takes from one address; close one or try again shortly.',
        instance: STREAM_PATH,
        requestId: 'one-too-many',
      });
    } finally {
      first.close();
    }
    await until(() => service.clientCount === 0, 3_000);
    const again = await SseClient.open(`${base}${STREAM_PATH}`);
    try {
      expect(again.response.status).toBe(200);
      await again.waitForCount(1, 3_000);
    } finally {
      again.close();
    }
    // The fourth connect this minute is over RATE_LIMIT_PER_MINUTE=3.
    const limited = await fetch(`${base}${STREAM_PATH}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as { detail: string }).detail).toMatch(
      /^Too many requests: the limit is 3 a minute per client/,
    );
  });
});
