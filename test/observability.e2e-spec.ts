import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onRedis } from './support/backends';
import { insertProject, insertSensors } from './support/fixtures';
import { createTestApp, TestContext } from './support/test-app';

const SECOND = 1000;
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** The value of one sample line of the exposition, e.g. `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): string | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line?.slice(series.length + 1);
}

async function seed(ctx: TestContext, now: number): Promise<void> {
  await insertProject(ctx.dataSource, {
    name: 'live-a',
    isLive: true,
    createdAt: new Date(now - 30 * 86_400_000),
  });
  await insertProject(ctx.dataSource, {
    name: 'live-b',
    isLive: true,
    createdAt: new Date(now - 86_400_000),
  });
  const draft = await insertProject(ctx.dataSource, {
    name: 'draft',
    isLive: false,
    createdAt: new Date(now),
  });
  const sensors = await insertSensors(ctx.dataSource, draft.id, ['co2', 'co2', 'motion', 'humidity']);
  await ctx.heartbeats.record([
    { sensorId: sensors[0].id, atMs: now - 10 * SECOND },
    { sensorId: sensors[1].id, atMs: now - 400 * SECOND }, // outside the 300 s window
  ]);
  await ctx.activeUsers.record([
    { userId: 'u-1', platform: 'web', atMs: now - 5 * SECOND },
    { userId: 'u-1', platform: 'mobile-app1', atMs: now - 6 * SECOND },
    { userId: 'u-2', platform: 'web', atMs: now - 7 * SECOND },
  ]);
}

describe('GET /metrics', () => {
  let ctx: TestContext;
  let refusedByLimit = 0;
  beforeAll(async () => {
    ctx = await createTestApp({
      env: { RATE_LIMIT_PER_MINUTE: '3', SUMMARY_DB_TTL: '0', GIT_COMMIT: 'ABCDEF1234567' },
    });
  });
  afterAll(() => ctx.close());

  it('answers the Prometheus text format with process metrics and event-loop lag', async () => {
    const res = await ctx.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(res.text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(res.text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(res.text).toContain('# TYPE nodejs_eventloop_lag_p99_seconds gauge');
    expect(
      sample(res.text, `analytics_build_info{version="${PACKAGE_VERSION}",commit="abcdef1234567"}`),
    ).toBe('1');
  });

  it('counts requests by route pattern and status, never by raw URL', async () => {
    await ctx.http().get('/api/v1/modules/first-unknown');
    await ctx.http().get('/api/v1/modules/second-unknown');
    await ctx.http().get('/no-such-path-1');
    await ctx.http().get('/no-such-path-2?x=1');
    const text = (await ctx.http().get('/metrics')).text;
    const byName =
      'http_request_duration_seconds_count{method="GET",route="/api/v1/modules/:name",status_code="404"}';
    expect(sample(text, byName)).toBe('2');
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="(unmatched)",status_code="404"}'),
    ).toBe('2');
    expect(
      sample(
        text,
        'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/modules/:name",status_code="404"}',
      ),
    ).toBe('2');
    expect(text).not.toContain('first-unknown');
    expect(text).not.toContain('no-such-path');
  });

  it('is not rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ctx.http().get('/api/v1/modules')).status);
    refusedByLimit = statuses.filter((status) => status === 429).length;
    expect(refusedByLimit).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) expect((await ctx.http().get('/metrics')).status).toBe(200);
  });

  it('gives the business gauges from the summary, exactly', async () => {
    await seed(ctx, Date.now());
    const text = (await ctx.http().get('/metrics')).text;
    expect(sample(text, 'analytics_active_users')).toBe('2');
    expect(sample(text, 'analytics_active_users_by_platform{platform="web"}')).toBe('2');
    expect(sample(text, 'analytics_active_users_by_platform{platform="mobile-app1"}')).toBe('1');
    expect(sample(text, 'analytics_active_users_by_platform{platform="mobile-app2"}')).toBe('0');
    expect(sample(text, 'analytics_sensors{state="online"}')).toBe('1');
    expect(sample(text, 'analytics_sensors{state="offline"}')).toBe('3');
    expect(sample(text, 'analytics_live_projects')).toBe('2');
    expect(sample(text, 'analytics_new_projects_7d')).toBe('2');
    // The four 404s and the 429s of the tests above, all within the last five minutes.
    const refused = 4 + refusedByLimit;
    expect(sample(text, 'analytics_api_rejected_requests')).toBe(String(refused));
  });

  it('names the version and commit in /health/live', async () => {
    const res = await ctx.http().get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body.details.process).toMatchObject({
      status: 'up',
      version: PACKAGE_VERSION,
      commit: 'abcdef1234567',
    });
    expect(res.body.info.process.version).toBe(PACKAGE_VERSION);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { METRICS_TOKEN: 'scrape-secret', GIT_COMMIT: undefined } });
  });
  afterAll(() => ctx.close());

  it('answers 401 problem+json without the token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong', 'scrape-secret', 'Basic c2NyYXBlLXNlY3JldA==']) {
      const call = ctx.http().get('/metrics');
      const res = await (authorization ? call.set('Authorization', authorization) : call);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/metrics' });
      expect(res.text).not.toContain('http_request_duration_seconds');
    }
  });

  it('answers the scraper that presents it', async () => {
    const res = await ctx.http().get('/metrics').set('Authorization', 'Bearer scrape-secret');
    expect(res.status).toBe(200);
    expect(res.text).toContain('analytics_active_users 0');
  });
});

onRedis('GET /metrics with a store down', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ viaProxies: true, env: { SUMMARY_DB_TTL: '0' } });
    await seed(ctx, Date.now());
  });
  afterAll(() => ctx.close());

  it('leaves the gauges of the lost store NaN or absent and still answers 200', async () => {
    await ctx.proxies!.redis.cut();
    const res = await ctx.http().get('/metrics');
    await ctx.proxies!.database.cut();
    const both = await ctx.http().get('/metrics');
    await ctx.proxies!.database.restore();
    await ctx.proxies!.redis.restore();

    expect(res.status).toBe(200);
    // prom-client writes NaN as "Nan"; Prometheus parses floats (NaN included) case-insensitively.
    expect(sample(res.text, 'analytics_active_users')).toBe('Nan');
    expect(sample(res.text, 'analytics_api_rejected_requests')).toBe('Nan');
    expect(res.text).not.toContain('analytics_active_users_by_platform{');
    expect(res.text).not.toContain('analytics_sensors{');
    expect(sample(res.text, 'analytics_live_projects')).toBe('2');
    expect(both.status).toBe(200);
    expect(sample(both.text, 'analytics_live_projects')).toBe('Nan');
    expect(both.text).toContain('# TYPE http_request_duration_seconds histogram');
  });
});
