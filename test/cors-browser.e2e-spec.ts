import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { BACKEND } from './support/backends';
import { describeInBrowser, launchBrowser, type TestBrowser } from './support/browser';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

/** What the app's server saw: enough to tell a preflight from the request it clears. */
interface Seen {
  method: string;
  url: string;
  origin: string | undefined;
  requestMethod: string | undefined;
  requestHeaders: string | undefined;
}

/** A page of another origin: a static server of its own on another loopback port. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another origin</title><p>front end</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Answer {
  status: number;
  requestId: string | null;
  rateLimit: string | null;
  etag: string | null;
  body: string;
}

/** Calls every operation of the API with fetch (and the stream with an EventSource) from the page. */
function callEveryOperation(page: Page, api: string): Promise<Record<string, Answer | string[]>> {
  return page.evaluate(
    async ({ api, key }) => {
      const call = async (
        method: string,
        path: string,
        headers: Record<string, string> = {},
        body?: unknown,
      ) => {
        const res = await fetch(api + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return {
          status: res.status,
          requestId: res.headers.get('x-request-id'),
          rateLimit: res.headers.get('x-ratelimit-limit'),
          etag: res.headers.get('etag'),
          body: await res.text(),
        };
      };
      const json = { 'Content-Type': 'application/json' };
      const answers: Record<string, Answer | string[]> = {};
      answers.upsertModule = await call(
        'PUT',
        '/api/v1/modules/browser-made',
        { ...json, Authorization: `Bearer ${key}`, 'X-Request-Id': 'browser-put-1' },
        { currentVersion: '3.1.0', upcomingVersion: '3.2.0' },
      );
      answers.recordActivity = await call(
        'POST',
        '/api/v1/activity',
        { ...json, 'X-API-Key': key },
        { events: [{ userId: 'browser-user', platform: 'web' }] },
      );
      answers.recordHeartbeats = await call(
        'POST',
        '/api/v1/sensors/heartbeats',
        { ...json, Authorization: `Bearer ${key}` },
        { sensorIds: [999_999] },
      );
      answers.getSummary = await call('GET', '/api/v1/metrics/summary');
      answers.getHistory = await call('GET', '/api/v1/metrics/history?type=activeUsers&interval=1h');
      answers.getMetricTypes = await call('GET', '/api/v1/metrics/types');
      answers.getSensorTypeBreakdown = await call('GET', '/api/v1/sensors/type-breakdown');
      answers.listModules = await call('GET', '/api/v1/modules');
      answers.getModule = await call('GET', '/api/v1/modules/browser-made');
      const etag = answers.getModule.etag ?? '';
      answers.getModuleUnchanged = await call('GET', '/api/v1/modules/browser-made', {
        'If-None-Match': etag,
      });
      answers.getHealth = await call('GET', '/health');
      answers.getLiveness = await call('GET', '/health/live');
      answers.getReadiness = await call('GET', '/health/ready');
      answers.streamSummary = await new Promise<string[]>((resolve, reject) => {
        const source = new EventSource(`${api}/api/v1/metrics/stream`);
        const timer = setTimeout(() => {
          source.close();
          reject(new Error('no summary event within 10 s'));
        }, 10_000);
        source.addEventListener('summary', (event) => {
          clearTimeout(timer);
          source.close();
          resolve(Object.keys(JSON.parse((event as unknown as { data: string }).data) as object).sort());
        });
      });
      return answers;
    },
    { api, key: INGEST_KEY },
  );
}

/** The same writes and a read from an origin not in CORS_ORIGINS: what the page's fetch makes of them. */
function callFromRefusedOrigin(page: Page, api: string): Promise<string[]> {
  return page.evaluate(
    async ({ api, key }) => {
      const outcome = (promise: Promise<Response>) =>
        promise.then(
          (res) => `answered ${res.status}`,
          (error: Error) => `${error.name}: ${error.message}`,
        );
      return [
        await outcome(
          fetch(`${api}/api/v1/modules/refused-made`, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
            body: JSON.stringify({ currentVersion: '1.0.0' }),
          }),
        ),
        await outcome(fetch(`${api}/api/v1/metrics/summary`)),
      ];
    },
    { api, key: INGEST_KEY },
  );
}

/** One browser run is enough: CORS is the HTTP layer's, the same on both backends. */
const inBrowserOnce = BACKEND === 'mysql' ? describeInBrowser : describe.skip;

inBrowserOnce('CORS in Chromium: a front end on another origin', () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let allowed: { server: Server; origin: string };
  let refused: { server: Server; origin: string };
  let api: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    allowed = await servePage();
    refused = await servePage();
    ctx = await createTestApp({ env: { CORS_ORIGINS: allowed.origin } });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    api = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    ctx.app.getHttpServer().on('request', (req: IncomingMessage) => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        origin: req.headers.origin,
        requestMethod: req.headers['access-control-request-method'],
        requestHeaders: req.headers['access-control-request-headers'],
      });
    });
    browser = await launchBrowser({ width: 800, height: 600 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    for (const page of [allowed, refused]) await new Promise((r) => page?.server.close(r));
  });

  it('lets a listed origin call every operation: preflighted writes and custom headers, exposed headers', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${allowed.origin}/`);
    const answers = await callEveryOperation(page, api);
    await page.close();

    const answer = (name: string) => answers[name] as Answer;
    expect(answer('upsertModule')).toMatchObject({
      status: 201,
      requestId: 'browser-put-1',
      rateLimit: '100',
    });
    expect(JSON.parse(answer('upsertModule').body)).toMatchObject({
      name: 'browser-made',
      currentVersion: '3.1.0',
      upcomingVersion: '3.2.0',
    });
    expect(answer('recordActivity').status).toBe(202);
    expect(JSON.parse(answer('recordActivity').body)).toEqual({ accepted: 1, rejected: [] });
    expect(answer('recordHeartbeats').status).toBe(202);
    expect(JSON.parse(answer('recordHeartbeats').body)).toEqual({ accepted: 0, unknown: [999_999] });
    expect(answer('getSummary').status).toBe(200);
    expect(JSON.parse(answer('getSummary').body)).toMatchObject({
      activeUsers: 1,
      activeUsersByPlatform: { web: 1, 'mobile-app1': 0, 'mobile-app2': 0 },
    });
    for (const name of [
      'getHistory',
      'getMetricTypes',
      'getSensorTypeBreakdown',
      'listModules',
      'getModule',
    ]) {
      expect([name, answer(name).status]).toEqual([name, 200]);
      // Every answer names its request id and the rate limit to the page: the exposed headers.
      expect(answer(name).requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer(name).rateLimit).toBe('100');
    }
    expect(JSON.parse(answer('listModules').body).items.map((m: { name: string }) => m.name)).toEqual([
      'browser-made',
    ]);
    // If-None-Match is allowed and ETag exposed: the page revalidates and gets the 304 itself.
    expect(answer('getModule').etag).toMatch(/^"[^"]+"$/);
    expect(answer('getModuleUnchanged')).toMatchObject({
      status: 304,
      etag: answer('getModule').etag,
      body: '',
    });
    for (const name of ['getHealth', 'getLiveness', 'getReadiness']) {
      expect([name, answer(name).status]).toEqual([name, 200]);
    }
    expect(answers.streamSummary).toEqual([
      'activeUsers',
      'activeUsersByPlatform',
      'apiRejectedCount',
      'degraded',
      'generatedAt',
      'newProjectsLast7Days',
      'sensorsOffline',
      'sensorsOnline',
      'totalLiveProjects',
    ]);

    // The browser asked first for every request that is not "simple", with exactly the headers it sends.
    const fromPage = seen.filter((request) => request.origin === allowed.origin);
    const preflights = fromPage
      .filter((request) => request.method === 'OPTIONS')
      .map(({ url, requestMethod, requestHeaders }) => [url, requestMethod, requestHeaders]);
    expect(preflights).toEqual([
      ['/api/v1/modules/browser-made', 'PUT', 'authorization,content-type,x-request-id'],
      ['/api/v1/activity', 'POST', 'content-type,x-api-key'],
      ['/api/v1/sensors/heartbeats', 'POST', 'authorization,content-type'],
      ['/api/v1/modules/browser-made', 'GET', 'if-none-match'],
    ]);
    expect(fromPage.filter((request) => request.method === 'PUT').map((request) => request.url)).toEqual([
      '/api/v1/modules/browser-made',
    ]);
  }, 60_000);

  it('refuses an origin that is not listed: no write passes its preflight, no answer reaches the page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${refused.origin}/`);
    const outcomes = await callFromRefusedOrigin(page, api);
    await page.close();

    expect(outcomes).toEqual(['TypeError: Failed to fetch', 'TypeError: Failed to fetch']);
    const fromPage = seen.filter((request) => request.origin === refused.origin);
    // The preflight was asked and refused, so the PUT itself never left the browser; the simple GET did
    // reach the server, but its answer, without Access-Control-Allow-Origin, was kept from the page.
    expect(fromPage.map((request) => [request.method, request.url])).toEqual([
      ['OPTIONS', '/api/v1/modules/refused-made'],
      ['GET', '/api/v1/metrics/summary'],
    ]);
    const stored = await ctx.http().get('/api/v1/modules/refused-made');
    expect(stored.status).toBe(404);
  }, 60_000);
});
