import { DependencyUnavailableException } from '@app/core';
import { Controller, Get, Module } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

/** A route with a bug, and one whose store is down. */
@Controller('test')
class FailingController {
  @Get('bug')
  bug(): never {
    throw new TypeError('a bug in the code');
  }

  @Get('outage')
  outage(): never {
    throw new DependencyUnavailableException(['redis'], 'Redis is unavailable.');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

describe('access log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-log-'));
  const file = join(dir, 'app.log');
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { LOG_LEVEL: 'info', LOG_FILE: file }, extraModules: [FailingModule] });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function allLines(): Record<string, unknown>[] {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  function accessLines(): Record<string, unknown>[] {
    return allLines().filter((line) => typeof line.req === 'object' && line.res !== undefined);
  }

  /** Every line that names this request id, wherever. */
  function linesOf(requestId: string): Record<string, unknown>[] {
    return allLines().filter((line) => JSON.stringify(line).includes(requestId));
  }

  it('writes one JSON line per request with method, path, status, ms and the request id, secrets redacted', async () => {
    await ctx.http().get('/api/v1/modules?x=1').set('X-Request-Id', 'log-1').set('X-API-Key', 'very-secret');
    await ctx
      .http()
      .post('/api/v1/activity')
      .set('Authorization', `Bearer ${INGEST_KEY}`)
      .set('X-Request-Id', 'log-2')
      .send({ events: [{ userId: 'u', platform: 'web' }] });
    await new Promise((r) => setTimeout(r, 50));
    const lines = accessLines();
    expect(lines.filter((line) => line.requestId === 'log-1')).toHaveLength(1);
    const byId = Object.fromEntries(lines.map((line) => [line.requestId, line]));
    expect(byId['log-1']).toMatchObject({
      level: 40, // a 4xx answer logs at warn
      path: '/api/v1/modules',
      req: { method: 'GET', url: '/api/v1/modules?x=1', headers: { 'x-api-key': '[redacted]' } },
      res: { statusCode: 400 },
      msg: 'GET /api/v1/modules 400',
    });
    expect(typeof byId['log-1'].ms).toBe('number');
    expect(byId['log-2']).toMatchObject({ level: 30, path: '/api/v1/activity', res: { statusCode: 202 } });
    expect((byId['log-2'].req as { headers: Record<string, string> }).headers.authorization).toBe(
      '[redacted]',
    );
    const everything = readFileSync(file, 'utf8');
    expect(everything).not.toContain('very-secret');
    expect(everything).not.toContain(INGEST_KEY);
  });

  it('keeps probes out of the info log', async () => {
    await ctx.http().get('/health/live').set('X-Request-Id', 'probe-1');
    await ctx.http().get('/api/v1/metrics/types').set('X-Request-Id', 'after-probe');
    await new Promise((r) => setTimeout(r, 50));
    expect(accessLines().filter((line) => line.requestId === 'after-probe')).toHaveLength(1);
    expect(accessLines().filter((line) => line.requestId === 'probe-1')).toEqual([]);
  });

  it('logs a 500 at error twice: the cause with its stack, and the access line', async () => {
    const res = await ctx.http().get('/test/bug').set('X-Request-Id', 'bug-1');
    expect(res.status).toBe(500);
    expect(res.body.detail).toBe('An unexpected error occurred; it has been logged.');
    const lines = linesOf('bug-1');
    expect(lines).toHaveLength(2);
    const [cause, access] = lines;
    expect(cause).toMatchObject({ level: 50, context: 'Errors' });
    expect(cause.msg).toMatch(
      /^GET \/test\/bug failed \(requestId bug-1\): TypeError: a bug in the code\n {4}at FailingController\.bug /,
    );
    expect(access).toMatchObject({
      level: 50,
      requestId: 'bug-1',
      res: { statusCode: 500 },
      msg: 'GET /test/bug 500',
    });
  });

  it("logs a store outage's 503 as one warn line naming what was unavailable, without a stack", async () => {
    const res = await ctx.http().get('/test/outage').set('X-Request-Id', 'outage-1');
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe('Redis is unavailable.');
    const lines = linesOf('outage-1');
    expect(lines).toEqual([
      {
        level: 40,
        time: expect.any(Number),
        pid: process.pid,
        hostname: expect.any(String),
        requestId: 'outage-1',
        path: '/test/outage',
        req: { method: 'GET', url: '/test/outage', headers: expect.any(Object) },
        res: { statusCode: 503 },
        ms: expect.any(Number),
        unavailable: ['redis'],
        msg: 'GET /test/outage 503 (unavailable: redis)',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('stack');
  });
});
