import { AppCacheService, ShutdownState } from '@app/core';
import { SUMMARY_DB_CACHE_KEY } from '@app/metrics';
import { MODULES_CACHE_KEY } from '@app/modules';
import { SENSOR_BREAKDOWN_CACHE_KEY } from '@app/sensors';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BACKEND } from './support/backends';
import { insertProject, insertSensors } from './support/fixtures';
import { operationOf, spec, validatorFor } from './support/openapi-spec';
import { rawRequest } from './support/raw-http';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';
import { pastSummaryReuse } from './support/wait';

/**
 * Every answer of every operation, 4xx and 503 included, checked against openapi/openapi.json: the status is
 * one the operation documents, the content type one it lists, the body valid against its schema (ajv), and
 * every header it documents present. At the end, every documented status must have been seen.
 */

const seen = new Set<string>();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function check(method: string, path: string, answer: Answer): void {
  const { template, operation } = operationOf(method, path);
  const where = `${method.toUpperCase()} ${template} ${answer.status}`;
  const documented = operation.responses[String(answer.status)];
  expect({ where, documented: Boolean(documented) }).toEqual({ where, documented: true });
  seen.add(`${operation.operationId} ${answer.status}`);
  for (const name of Object.keys(documented.headers ?? {})) {
    expect({ where, header: name, present: answer.headers[name.toLowerCase()] !== undefined }).toEqual({
      where,
      header: name,
      present: true,
    });
  }
  if (!documented.content) {
    expect({ where, body: answer.text }).toEqual({ where, body: '' });
    return;
  }
  const type = String(answer.headers['content-type'] ?? '').split(';')[0];
  expect({ where, type, listed: Object.keys(documented.content) }).toEqual({
    where,
    type,
    listed: expect.arrayContaining([type]),
  });
  if (type === 'text/event-stream') return;
  const validate = validatorFor(documented.content[type].schema);
  const body: unknown = JSON.parse(answer.text);
  const valid = validate(body);
  expect({ where, body, errors: valid ? null : validate.errors }).toEqual({ where, body, errors: null });
  if (type === 'application/problem+json') {
    const problem = body as { status: number };
    expect({ where, status: problem.status }).toEqual({ where, status: answer.status });
  }
}

// Dozens of requests a test, stalled bodies among them: more than the default 30 s on a busy machine.
jest.setTimeout(120_000);

describe('live answers match the OpenAPI document', () => {
  let ctx: TestContext;
  let client = 0;
  /** A fresh client address per call site (TRUST_PROXY=true): each has its own rate-limit budget. */
  const nextClient = () => `10.9.${Math.floor(++client / 250)}.${client % 250}`;

  beforeAll(async () => {
    ctx = await createTestApp({
      viaProxies: BACKEND === 'mysql',
      env: {
        RATE_LIMIT_PER_MINUTE: '40',
        TRUST_PROXY: 'true',
        BODY_LIMIT_BYTES: '2048',
        STREAM_MAX_CLIENTS: '1',
      },
    });
    const project = await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date() });
    await insertSensors(ctx.dataSource, project.id, ['temperature', 'humidity']);
  });
  afterAll(() => ctx.close());

  async function call(
    method: 'get' | 'post' | 'put',
    path: string,
    options: { body?: unknown; key?: string; headers?: Record<string, string>; from?: string } = {},
  ): Promise<Answer> {
    const http = ctx.http();
    let req = http[method](path).set('x-forwarded-for', options.from ?? nextClient());
    if (options.key) req = req.set('authorization', `Bearer ${options.key}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
    if (options.body !== undefined) {
      req =
        typeof options.body === 'string'
          ? req.set('content-type', 'application/xml').send(options.body)
          : req.send(options.body as object);
    }
    const res = await req.buffer(true).parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(null, text));
    });
    const answer = {
      status: res.status,
      headers: res.headers as Answer['headers'],
      text: res.body as string,
    };
    check(method, path, answer);
    return answer;
  }

  async function listeningPort(): Promise<number> {
    const server = ctx.app.getHttpServer();
    // Through the app, so its close stops the listener (a server listened on directly outlives it).
    if (!server.listening) await ctx.app.listen(0, '127.0.0.1');
    return (server.address() as AddressInfo).port;
  }

  /** The stream's status and headers, then the connection is dropped. */
  async function openStream(from?: string): Promise<{ answer: Answer; close: () => void }> {
    const port = await listeningPort();
    const headers = from ? { 'x-forwarded-for': from } : {};
    return new Promise((resolve, reject) => {
      const req = get({ host: '127.0.0.1', port, path: '/api/v1/metrics/stream', headers }, (res) => {
        const answer = { status: res.statusCode ?? 0, headers: res.headers, text: '' };
        if (answer.status === 200) {
          resolve({ answer, close: () => req.destroy() });
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (answer.text += chunk));
        res.on('end', () => resolve({ answer, close: () => undefined }));
      });
      req.on('error', reject);
    });
  }

  const writes: Array<['post' | 'put', string, unknown]> = [
    ['post', '/api/v1/activity', { events: [{ userId: 'u-1', platform: 'web' }] }],
    ['post', '/api/v1/sensors/heartbeats', { sensorIds: [1, 2, 999_999] }],
    ['put', '/api/v1/modules/billing', { currentVersion: '1.0.0' }],
  ];

  it('answers reads, their 304s and their 400s as documented', async () => {
    await call('get', '/api/v1/metrics/summary');
    await call('get', '/api/v1/metrics/summary?limit=5');
    await call('get', '/api/v1/metrics/types');
    await call('get', '/api/v1/metrics/types?limit=5');
    await call('get', '/api/v1/info');
    await call('get', '/api/v1/info?limit=5');
    await call('get', '/api/v1/metrics/history?type=activeUsers&interval=1h');
    await call('get', '/api/v1/metrics/history?type=activeUsers&interval=2m');
    await call('get', '/api/v1/metrics/history?metric=activeUsers');
    await call('get', '/api/v1/metrics/stream?limit=5');
    for (const path of ['/api/v1/sensors/type-breakdown', '/api/v1/modules', '/api/v1/modules/billing']) {
      if (path.endsWith('billing'))
        await call('put', path, { key: INGEST_KEY, body: { currentVersion: '2.4.1' } });
      const first = await call('get', path);
      expect(first.status).toBe(200);
      const etag = String(first.headers.etag);
      expect((await call('get', path, { headers: { 'if-none-match': etag } })).status).toBe(304);
      await call('get', `${path}?limit=5`);
    }
    await call('get', '/api/v1/modules/Not_A_Name');
    await call('get', '/api/v1/modules/unknown');
    await call('get', '/health');
    await call('get', '/health/live');
    await call('get', '/health/ready');
    for (const probe of ['/health', '/health/live', '/health/ready']) await call('get', `${probe}?limit=5`);
    const stream = await openStream();
    check('get', '/api/v1/metrics/stream', stream.answer);
    expect(stream.answer.status).toBe(200);
    // STREAM_MAX_CLIENTS is 1 here: a second stream is refused while the first is open.
    const second = await openStream();
    check('get', '/api/v1/metrics/stream', second.answer);
    expect(second.answer.status).toBe(503);
    stream.close();
  });

  it('answers writes and their 400, 401, 408, 413, 414 and 415 as documented', async () => {
    for (const [method, path, body] of writes) {
      const ok = await call(method, path, { key: INGEST_KEY, body });
      expect(ok.status).toBeLessThan(300);
      await call(method, path, { body });
      await call(method, path, { key: 'wrong', body });
      await call(method, path, { key: INGEST_KEY, body: { unknown: true } });
      await call(method, path, { key: INGEST_KEY, body: '<events/>' });
      await call(method, path, { key: INGEST_KEY, body: { padding: 'x'.repeat(4096) } });
    }
    // A body that never arrives in full: 408 after REQUEST_TIMEOUT_MS, from below the router.
    const port = await listeningPort();
    const stalled = await Promise.all(
      writes.map(([method, path]) =>
        rawRequest(
          port,
          `${method.toUpperCase()} ${path} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${INGEST_KEY}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events":',
        ),
      ),
    );
    stalled.forEach((raw, i) => {
      check(writes[i][0], writes[i][1], { status: raw.status, headers: raw.headers, text: raw.body });
      expect(raw.status).toBe(408);
    });
    const longName = `/api/v1/modules/${'a'.repeat(1_001)}`;
    expect((await call('get', longName)).status).toBe(414);
    expect((await call('put', longName, { key: INGEST_KEY, body: { currentVersion: '1.0.0' } })).status).toBe(
      414,
    );
    await call('post', '/api/v1/activity', {
      key: INGEST_KEY,
      body: { events: [{ userId: 'u', platform: 'tv' }] },
    });
    await call('put', '/api/v1/modules/Bad_Name', { key: INGEST_KEY, body: { currentVersion: '1.0.0' } });
  });

  it('answers 429 with Retry-After on every rate-limited operation', async () => {
    const limited: Array<['get' | 'post' | 'put', string, unknown]> = [
      ['get', '/api/v1/metrics/summary', undefined],
      ['get', '/api/v1/metrics/types', undefined],
      ['get', '/api/v1/info', undefined],
      ['get', '/api/v1/metrics/history?type=activeUsers', undefined],
      ['get', '/api/v1/sensors/type-breakdown', undefined],
      ['get', '/api/v1/modules', undefined],
      ['get', '/api/v1/modules/billing', undefined],
      ...writes,
    ];
    for (const [method, path, body] of limited) {
      const from = nextClient();
      let last: Answer | undefined;
      for (let i = 0; i < 41; i++) last = await call(method, path, { from, key: INGEST_KEY, body });
      expect(last!.status).toBe(429);
    }
    // A stream's connect counts like any request: a client that used its minute is refused the stream.
    const from = nextClient();
    for (let i = 0; i < 40; i++) await call('get', '/api/v1/metrics/summary', { from });
    const stream = await openStream(from);
    check('get', '/api/v1/metrics/stream', stream.answer);
    expect(stream.answer.status).toBe(429);
  });

  if (BACKEND === 'mysql') {
    it('answers 503 as documented while the database and then Redis are down', async () => {
      // The breakdown and the module list read earlier are cached: with their cache gone, they need the database.
      await ctx.app.get(AppCacheService).del(SENSOR_BREAKDOWN_CACHE_KEY);
      await ctx.app.get(AppCacheService).del(MODULES_CACHE_KEY);
      await ctx.proxies!.database.cut();
      try {
        for (const path of [
          '/api/v1/metrics/history?type=activeUsers&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z',
          '/api/v1/modules',
          '/api/v1/modules/billing',
          '/api/v1/sensors/type-breakdown',
          '/health',
          '/health/ready',
        ]) {
          const answer = await call('get', path);
          expect({ path, status: answer.status }).toEqual({ path, status: 503 });
        }
        const put = await call('put', '/api/v1/modules/billing', {
          key: INGEST_KEY,
          body: { currentVersion: '3.0.0' },
        });
        expect(put.status).toBe(503);
        // With the database's counts still cached the summary is truthfully 200 `degraded`; uncached, nothing is known.
        await ctx.app.get(AppCacheService).del(SUMMARY_DB_CACHE_KEY);
        await ctx.proxies!.redis.cut();
        await pastSummaryReuse();
        expect((await call('get', '/api/v1/metrics/summary')).status).toBe(503);
      } finally {
        await ctx.proxies!.database.restore();
      }
      try {
        for (const [method, path, body] of writes.slice(0, 2)) {
          const answer = await call(method, path, { key: INGEST_KEY, body });
          expect({ path, status: answer.status }).toEqual({ path, status: 503 });
        }
      } finally {
        await ctx.proxies!.redis.restore();
      }
    });
  }

  it('answers readiness 503 once a shutdown starts', async () => {
    ctx.app.get(ShutdownState).begin();
    expect((await call('get', '/health/ready')).status).toBe(503);
  });

  it('has seen every documented status of every operation', () => {
    // Only a database or Redis outage gives these, and the embedded backend cannot be cut off.
    const outageOnly = new Set([
      'getHistory 503',
      'listModules 503',
      'getModule 503',
      'getSensorTypeBreakdown 503',
      'upsertModule 503',
      'getSummary 503',
      'recordActivity 503',
      'recordHeartbeats 503',
      'getHealth 503',
    ]);
    const missing: string[] = [];
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(item)) {
        for (const status of Object.keys(operation.responses)) {
          const key = `${operation.operationId} ${status}`;
          if (seen.has(key)) continue;
          if (BACKEND === 'embedded' && outageOnly.has(key)) continue;
          missing.push(key);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
