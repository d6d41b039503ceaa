import { MetricSamplesRepository } from '@app/metrics';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { shutdownGracefully } from '../apps/api/src/bootstrap';
import { createAnalyticsClient, unwrap, type AnalyticsClient } from '../clients/typescript';
import { BACKEND } from './support/backends';
import { describeInBrowser, launchBrowser, type TestBrowser } from './support/browser';
import { DAY, insertProject, insertSensors, MINUTE } from './support/fixtures';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const ARTIFACTS = join(ROOT, 'artifacts');
const TILES = [
  'activeUsers',
  'apiRejectedCount',
  'newProjectsLast7Days',
  'totalLiveProjects',
  'sensorsOnline',
  'sensorsOffline',
] as const;

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = `: ${(error as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A day-shaped curve, so the chart looks like traffic. */
function traffic(ms: number, base: number, swing: number): number {
  const hour = (ms / 3_600_000) % 24;
  const ripple = Math.sin(ms / 2_300_000) * 2 + Math.sin(ms / 700_000);
  return Math.round(base + swing * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + ripple);
}

async function seed(ctx: TestContext, api: AnalyticsClient): Promise<void> {
  const now = Date.now();
  const ages = [1, 2, 3, 5, 9, 12, 20, 30, 45, 60, 90, 120];
  const projects = [];
  for (const [i, age] of ages.entries()) {
    projects.push(
      await insertProject(ctx.dataSource, {
        name: `project-${i}`,
        isLive: i % 4 !== 3,
        createdAt: new Date(now - age * DAY),
      }),
    );
  }
  const types = [
    ...Array<string>(14).fill('temperature'),
    ...Array<string>(10).fill('humidity'),
    ...Array<string>(7).fill('pressure'),
    ...Array<string>(5).fill('co2'),
    ...Array<string>(3).fill('motion'),
    'light',
  ];
  const sensors = await insertSensors(ctx.dataSource, projects[0].id, types);
  const headers = { Authorization: `Bearer ${INGEST_KEY}` };
  await unwrap(
    api.POST('/api/v1/sensors/heartbeats', {
      headers,
      body: { sensorIds: sensors.filter((_, i) => i % 3 !== 0).map((sensor) => sensor.id) },
    }),
  );
  const platforms = ['web', 'mobile-app1', 'mobile-app2'] as const;
  await unwrap(
    api.POST('/api/v1/activity', {
      headers,
      body: {
        events: Array.from({ length: 23 }, (_, i) => ({
          userId: `user-${i}`,
          platform: platforms[i < 12 ? 0 : i < 19 ? 1 : 2],
        })),
      },
    }),
  );

  // History: every 5 minutes for the last day, every 30 minutes for the 12 days before.
  const samples: { metric: string; ts: Date; value: number }[] = [];
  const lastMinute = Math.floor(now / MINUTE) * MINUTE - MINUTE;
  for (let ts = lastMinute; ts > now - 13 * DAY; ts -= ts > now - DAY ? 5 * MINUTE : 30 * MINUTE) {
    samples.push({ metric: 'activeUsers', ts: new Date(ts), value: traffic(ts, 22, 12) });
    samples.push({ metric: 'sensorsOnline', ts: new Date(ts), value: traffic(ts, 26, 4) });
  }
  const repository = ctx.app.get(MetricSamplesRepository);
  for (let i = 0; i < samples.length; i += 500) await repository.upsert(samples.slice(i, i + 500));
}

/** What the page shows; read through the DOM (this project's TypeScript has no DOM types outside web/). */
interface ShownElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}

async function tileValues(page: Page): Promise<Record<string, number | null>> {
  const values: Record<string, number | null> = {};
  for (const tile of TILES) {
    const text = ((await page.locator(`[data-tile="${tile}"] .value`).textContent()) ?? '').replace(/,/g, '');
    values[tile] = /^\d+$/.test(text) ? Number(text) : null;
  }
  return values;
}

async function bars(page: Page, listId: string): Promise<Record<string, number>> {
  const pairs = await page.locator(`#${listId} li.bar`).evaluateAll((items) =>
    items.map((item) => {
      const element = item as unknown as ShownElement;
      return [element.getAttribute('data-key') ?? '', Number(element.getAttribute('data-count'))] as const;
    }),
  );
  return Object.fromEntries(pairs);
}

async function connectionState(page: Page): Promise<{ state: string; text: string }> {
  const status = page.locator('#connection');
  return {
    state: (await status.getAttribute('data-state')) ?? '',
    text: ((await status.textContent()) ?? '').trim(),
  };
}

describeInBrowser('dashboard in a real browser', () => {
  let ctx: TestContext;
  let next: TestContext | undefined;
  let api: AnalyticsClient;
  let base: string;
  let browser: TestBrowser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // The page the server serves is the one built from the current sources.
    execFileSync(process.execPath, [join(ROOT, 'web', 'build.mjs'), '--no-typecheck'], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 60_000,
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    ctx = await createTestApp({ env: { STREAM_INTERVAL_MS: '500' } });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    api = createAnalyticsClient({ baseUrl: base });
    await seed(ctx, api);

    browser = await launchBrowser({ width: 1280, height: 900 });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.setDefaultNavigationTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await next?.close();
    await ctx?.close();
  }, 60_000);

  it('serves the page at / under the app CSP, and goes live', async () => {
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 10_000 });
    expect((await connectionState(page)).text).toBe('live');
  });

  it('shows the numbers the API gives: tiles, platforms, sensor types', async () => {
    const breakdown = await unwrap(api.GET('/api/v1/sensors/type-breakdown'));
    const expected = await until(
      async () => {
        const summary = await unwrap(api.GET('/api/v1/metrics/summary'));
        const shown = await tileValues(page);
        const wanted = Object.fromEntries(TILES.map((tile) => [tile, summary[tile]]));
        const platforms = await bars(page, 'platforms');
        return JSON.stringify(shown) === JSON.stringify(wanted) &&
          JSON.stringify(platforms) === JSON.stringify(summary.activeUsersByPlatform)
          ? summary
          : undefined;
      },
      10_000,
      'the tiles did not show the API numbers',
    );
    expect(expected).toMatchObject({
      activeUsers: 23,
      activeUsersByPlatform: { web: 12, 'mobile-app1': 7, 'mobile-app2': 4 },
      newProjectsLast7Days: 4,
      totalLiveProjects: 9,
      sensorsOnline: 26,
      sensorsOffline: 14,
    });
    expect(await bars(page, 'sensor-types')).toEqual(
      Object.fromEntries(breakdown.types.map((entry) => [entry.type, entry.count])),
    );
    expect(await page.textContent('#sensor-types-total')).toContain('40 sensors of 6 types');
    expect(await bars(page, 'sensor-health')).toEqual({ online: 26, offline: 14 });
    expect(await page.textContent('#sensor-health-share')).toBe('65% of sensors online');
  });

  it('updates the active users tile from the stream, without a reload', async () => {
    await page.evaluate('window.notReloaded = true');
    const before = (await tileValues(page)).activeUsers!;
    await unwrap(
      api.POST('/api/v1/activity', {
        headers: { Authorization: `Bearer ${INGEST_KEY}` },
        body: {
          events: [
            { userId: 'live-1', platform: 'web' },
            { userId: 'live-2', platform: 'mobile-app2' },
            { userId: 'live-3', platform: 'mobile-app2' },
          ],
        },
      }),
    );
    await until(
      async () => ((await tileValues(page)).activeUsers === before + 3 ? true : undefined),
      10_000,
      `active users did not go from ${before} to ${before + 3}`,
    );
    expect(await page.evaluate<boolean>('window.notReloaded === true')).toBe(true);
    expect((await bars(page, 'platforms'))['mobile-app2']).toBe(6);
  });

  it('lists the metrics the API lists and switches the history interval', async () => {
    await page.waitForSelector('#chart[data-state="ready"]');
    const types = await unwrap(api.GET('/api/v1/metrics/types'));
    const options = await page
      .locator('#metric option')
      .evaluateAll((items) => items.map((item) => (item as unknown as ShownElement).getAttribute('value')));
    expect(options).toEqual(types.items.map((item) => item.type));
    expect(await page.inputValue('#metric')).toBe('activeUsers');
    expect(await page.getAttribute('#chart', 'data-interval')).toBe('5m');
    expect(Number(await page.getAttribute('#chart', 'data-samples'))).toBeGreaterThan(200);

    const asked = page.waitForRequest(
      (request) => {
        const url = new URL(request.url());
        return (
          url.pathname === '/api/v1/metrics/history' &&
          url.searchParams.get('interval') === '1h' &&
          url.searchParams.get('type') === 'activeUsers'
        );
      },
      { timeout: 10_000 },
    );
    await page.selectOption('#interval', '1h');
    const request = await asked;
    expect((await request.response())?.status()).toBe(200);
    await page.waitForSelector('#chart[data-interval="1h"]');
    expect(Number(await page.getAttribute('#chart', 'data-points'))).toBeGreaterThan(200);
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
  });

  it('takes a screenshot, and fits a phone-sized screen', async () => {
    await page.selectOption('#interval', '5m');
    await page.waitForSelector('#chart[data-interval="5m"]');
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${BACKEND}.png`), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await until(
      async () => {
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        return overflow <= 0 ? true : undefined;
      },
      5_000,
      'the page is wider than a phone screen',
    );
    const chartBox = await page.locator('#chart canvas').first().boundingBox();
    expect(chartBox!.x + chartBox!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${BACKEND}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Nothing went wrong in the page so far (CSP violations are console errors too).
    expect(problems).toEqual([]);
  });

  it('says when the connection is lost, and when it is back after the service restarts', async () => {
    const port = Number(new URL(base).port);
    expect(await shutdownGracefully(ctx.app, 10_000)).toBe('clean');
    await page.waitForSelector('#connection[data-state="lost"]', { timeout: 10_000 });
    expect((await connectionState(page)).text).toBe('connection lost, retrying');

    next =
      BACKEND === 'mysql'
        ? await createTestApp({ shareWith: ctx, env: { STREAM_INTERVAL_MS: '500' } })
        : await createTestApp({ env: { STREAM_INTERVAL_MS: '500' } });
    await next.app.listen({ port, host: '127.0.0.1' });
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 30_000 });
    expect((await connectionState(page)).text).toMatch(/^live/);
    if (BACKEND === 'mysql') {
      // The same deployment behind the same address: the numbers carry on.
      expect((await tileValues(page)).activeUsers).toBe(26);
    }
  }, 60_000);
});
