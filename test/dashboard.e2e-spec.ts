import { MetricSamplesRepository } from '@app/metrics';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
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
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The app's configuration: a ten-minute active window, so the page's hints must come from the server. */
const ENV = {
  STREAM_INTERVAL_MS: '500',
  ACTIVE_USER_WINDOW: '600',
  SUMMARY_DB_TTL: '0',
  GIT_COMMIT: 'abcdef1234567',
};
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
        events: [
          ...Array.from({ length: 23 }, (_, i) => ({
            userId: `user-${i}`,
            platform: platforms[i < 12 ? 0 : i < 19 ? 1 : 2],
          })),
          // Active on two platforms: counts on both, once in the total.
          { userId: 'user-0', platform: 'mobile-app1' },
        ],
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

  await unwrap(
    api.PUT('/api/v1/modules/{name}', {
      headers,
      params: { path: { name: 'billing' } },
      body: {
        currentVersion: '2.4.1',
        lastDeployedAt: '2026-11-20T14:03:00Z',
        upcomingVersion: '2.5.0',
        upcomingReleaseDate: '2026-12-04',
        releaseNotes: 'Faster invoices; new VAT rules.',
      },
    }),
  );
  await unwrap(
    api.PUT('/api/v1/modules/{name}', {
      headers,
      params: { path: { name: 'search' } },
      body: { currentVersion: '1.0.0' },
    }),
  );
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

async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allTextContents()).map((text) => text.trim());
}

/** The query of the page's URL, decoded, as an object. */
function query(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** The chart's state as the page left it in data attributes once a history was drawn. */
async function chartState(page: Page): Promise<Record<string, string | null>> {
  const chart = page.locator('#chart');
  const state: Record<string, string | null> = {};
  for (const name of ['metric', 'interval', 'points', 'from', 'to']) {
    state[name] = await chart.getAttribute(`data-${name}`);
  }
  return state;
}

/** Waits until the chart shows this metric at this interval, and returns its state. */
async function chartShows(
  page: Page,
  metric: string,
  interval: string,
): Promise<Record<string, string | null>> {
  await page.waitForSelector(`#chart[data-metric="${metric}"][data-interval="${interval}"]`);
  return chartState(page);
}

const HOUR_S = 3_600;
const spanSeconds = (state: Record<string, string | null>) =>
  (Date.parse(state.to!) - Date.parse(state.from!)) / 1000;

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
    ctx = await createTestApp({ env: ENV });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    api = createAnalyticsClient({ baseUrl: base });
    await seed(ctx, api);

    browser = await launchBrowser({ width: 1280, height: 900 }, { timezoneId: 'UTC' });
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
      activeUsersByPlatform: { web: 12, 'mobile-app1': 8, 'mobile-app2': 4 },
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
    expect(await page.textContent('#platforms-note')).toBe(
      'The platforms add up to 24, more than the 23 active users: someone active on several platforms ' +
        'in the last 10 minutes counts on each, and once in the total.',
    );
  });

  it('says the windows the server counts over, and which version runs', async () => {
    const hints: Record<string, string> = {};
    for (const tile of TILES) {
      hints[tile] = ((await page.textContent(`[data-tile="${tile}"] .hint`)) ?? '').trim();
    }
    expect(hints).toEqual({
      activeUsers: 'active in the last 10 minutes',
      apiRejectedCount: '4xx answers in the last 5 minutes',
      newProjectsLast7Days: 'created in the last 7 days',
      totalLiveProjects: 'marked live',
      sensorsOnline: 'heartbeat in the last 5 minutes',
      sensorsOffline: 'no heartbeat in the last 5 minutes',
    });
    expect(await page.textContent('#version')).toBe(`realtime-analytics ${VERSION} (abcdef1)`);
  });

  it('lists the modules: version, last deploy, next release and its date, notes', async () => {
    await page.waitForSelector('#modules li.module');
    expect(await texts(page, '#modules li.module[data-module="billing"] p')).toEqual([
      'billing2.4.1',
      'Deployed 20 Nov 2026, 14:03',
      'Next: 2.5.0 on 4 Dec 2026',
      'Faster invoices; new VAT rules.',
    ]);
    expect(await texts(page, '#modules li.module[data-module="search"] p')).toEqual([
      'search1.0.0',
      'Never deployed',
      'No release planned',
    ]);
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

  it('names the metrics as people read them, with units, and starts on the last 24 hours', async () => {
    await page.waitForSelector('#chart[data-state="ready"]');
    const types = await unwrap(api.GET('/api/v1/metrics/types'));
    const options = await page
      .locator('#metric option')
      .evaluateAll((items) => items.map((item) => (item as unknown as ShownElement).getAttribute('value')));
    expect(options).toEqual(types.items.map((item) => item.type));
    expect((await texts(page, '#metric option')).slice(0, 4)).toEqual([
      'Active users (users)',
      'Active users on web (users)',
      'Active users on mobile-app1 (users)',
      'Active users on mobile-app2 (users)',
    ]);
    expect(await texts(page, '#metric option')).toEqual(
      expect.arrayContaining([
        'Sensors online (sensors)',
        'Rejected requests (requests)',
        'Live projects (projects)',
      ]),
    );
    expect(await page.inputValue('#metric')).toBe('activeUsers');
    expect(query(page)).toEqual({ range: '24h', metric: 'activeUsers', interval: '5m' });
    const state = await chartShows(page, 'activeUsers', '5m');
    // 24 h in 5-minute buckets, both ends' buckets included; every one holds a seeded sample but the last.
    expect(spanSeconds(state)).toBe(24 * HOUR_S);
    expect(state.points).toBe('289');
    expect(Number(await page.getAttribute('#chart', 'data-samples'))).toBeGreaterThanOrEqual(287);
    expect(await page.getAttribute('[data-range="24h"]', 'aria-pressed')).toBe('true');
    expect(await texts(page, '#ranges button')).toEqual([
      '1 hour',
      '24 hours',
      '7 days',
      '30 days',
      '90 days',
      'Custom…',
    ]);
  });

  it('fits the interval to each range, never past what the server keeps, and lets it be changed', async () => {
    const fits: Array<[string, string, number]> = [
      // range, the interval chosen, points (range / interval + 1)
      ['1h', '1m', 61],
      ['7d', '15m', 673],
      ['30d', '1h', 721],
      ['90d', '6h', 361],
    ];
    for (const [range, interval, points] of fits) {
      await page.click(`[data-range="${range}"]`);
      const state = await chartShows(page, 'activeUsers', interval);
      expect({ range, points: state.points }).toEqual({ range, points: String(points) });
      expect(query(page)).toEqual({ range, metric: 'activeUsers', interval });
    }
    // On 7 days, intervals finer than 15 minutes would ask for more than one answer holds.
    await page.click('[data-range="7d"]');
    await chartShows(page, 'activeUsers', '15m');
    const disabled = await page
      .locator('#interval option:disabled')
      .evaluateAll((items) => items.map((item) => (item as unknown as ShownElement).getAttribute('value')));
    expect(disabled).toEqual(['1m', '5m']);
    expect(await texts(page, '#interval option')).toEqual([
      'minute',
      '5 minutes',
      '15 minutes',
      '30 minutes',
      'hour',
      '6 hours',
      '12 hours',
      'day',
    ]);

    const asked = page.waitForRequest((request) => {
      const url = new URL(request.url());
      return url.pathname === '/api/v1/metrics/history' && url.searchParams.get('interval') === '1h';
    });
    await page.selectOption('#interval', '1h');
    const request = new URL((await asked).url());
    expect(
      (Date.parse(request.searchParams.get('to')!) - Date.parse(request.searchParams.get('from')!)) / 1000,
    ).toBe(7 * 24 * HOUR_S);
    const state = await chartShows(page, 'activeUsers', '1h');
    expect(state.points).toBe('169');
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    expect(await page.textContent('#chart-note')).toBe(
      '169 points of hour over the last 7 days, averaged; gaps where no sample exists.',
    );
  });

  it('keeps range, metric and interval in the URL: a reload shows the same view', async () => {
    await page.selectOption('#metric', 'sensorsOnline');
    await chartShows(page, 'sensorsOnline', '1h');
    expect(query(page)).toEqual({ range: '7d', metric: 'sensorsOnline', interval: '1h' });

    await page.reload();
    const state = await chartShows(page, 'sensorsOnline', '1h');
    expect(spanSeconds(state)).toBe(7 * 24 * HOUR_S);
    expect(await page.inputValue('#metric')).toBe('sensorsOnline');
    expect(await page.inputValue('#interval')).toBe('1h');
    expect(await page.getAttribute('[data-range="7d"]', 'aria-pressed')).toBe('true');

    // A shared link to a custom range opens on it, with the interval that fits two days.
    const from = '2026-11-20T00:00:00.000Z';
    const to = '2026-11-22T00:00:00.000Z';
    await page.goto(`${base}/?range=custom&from=${from}&to=${to}&metric=activeUsers`);
    const custom = await chartShows(page, 'activeUsers', '5m');
    expect(custom).toMatchObject({ from, to, points: '577' });
    expect(query(page)).toEqual({ range: 'custom', from, to, metric: 'activeUsers', interval: '5m' });
    expect(await page.inputValue('#range-from')).toBe('2026-11-20T00:00');
    expect(await page.inputValue('#range-to')).toBe('2026-11-22T00:00');
    expect(await page.getAttribute('[data-range="custom"]', 'aria-pressed')).toBe('true');

    // A malformed link falls back to the defaults.
    await page.goto(`${base}/?range=5y&metric=nope&interval=2m`);
    await chartShows(page, 'activeUsers', '5m');
    expect(query(page)).toEqual({ range: '24h', metric: 'activeUsers', interval: '5m' });
  });

  it('reaches every control from the keyboard', async () => {
    await page.goto(`${base}/`);
    await chartShows(page, 'activeUsers', '5m');
    const order: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate<string>(
          `(() => { const e = document.activeElement; return e.id || e.dataset.range || e.getAttribute('href') || e.tagName; })()`,
        ),
      );
    }
    expect(order.slice(0, 9)).toEqual([
      'metric',
      'interval',
      '1h',
      '24h',
      '7d',
      '30d',
      '90d',
      'custom',
      'docs',
    ]);
    // The focused control is outlined.
    await page.focus('[data-range="7d"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate<string>(`getComputedStyle(document.activeElement).outlineStyle`)).toBe(
      'solid',
    );
    await page.keyboard.press('Enter');
    await chartShows(page, 'activeUsers', '15m');
    expect(query(page).range).toBe('7d');

    // A custom range from the keyboard alone.
    await page.focus('[data-range="custom"]');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('range-from');
    await page.fill('#range-from', '2026-11-01T00:00');
    // A date-time field takes one Tab per part (day, month, year, hour, minute) before the next control.
    const tabTo = async (id: string) => {
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate<string>('document.activeElement.id')) === id) return id;
      }
      return await page.evaluate<string>('document.activeElement.id');
    };
    expect(await tabTo('range-to')).toBe('range-to');
    await page.fill('#range-to', '2026-11-11T00:00');
    expect(await tabTo('range-apply')).toBe('range-apply');
    await page.keyboard.press('Enter');
    // Ten days: 30-minute buckets (15 would be 961 points).
    const state = await chartShows(page, 'activeUsers', '30m');
    expect(state).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-11T00:00:00.000Z',
      points: '481',
    });
    expect(query(page)).toMatchObject({ range: 'custom', interval: '30m' });
  });

  it('follows the system into dark mode and back', async () => {
    await page.goto(`${base}/`);
    await chartShows(page, 'activeUsers', '5m');
    const background = () =>
      page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
    expect(await page.getAttribute('#chart', 'data-scheme')).toBe('light');
    expect(await background()).toBe('rgb(244, 246, 250)');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForSelector('#chart[data-scheme="dark"]');
    expect(await background()).toBe('rgb(15, 20, 28)');
    expect(
      await page.evaluate<string>(`getComputedStyle(document.querySelector('.tile')).backgroundColor`),
    ).toBe('rgb(23, 30, 42)');
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${BACKEND}-dark.png`), fullPage: true });

    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForSelector('#chart[data-scheme="light"]');
    expect(await background()).toBe('rgb(244, 246, 250)');
  });

  it('takes a screenshot, and fits a phone-sized screen', async () => {
    await page.goto(`${base}/`);
    await chartShows(page, 'activeUsers', '5m');
    await page.waitForSelector('#modules li.module');
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
    for (const selector of ['#ranges', '#modules', '#platforms-note']) {
      const box = await page.locator(selector).boundingBox();
      expect({ selector, right: Math.min(390, box!.x + box!.width) }).toEqual({
        selector,
        right: box!.x + box!.width,
      });
    }
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${BACKEND}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Nothing went wrong in the page so far (CSP violations are console errors too).
    expect(problems).toEqual([]);
  });

  it('never rounds a share to 100% while a sensor is offline', async () => {
    // 200 sensors, all but one beating: 99.5%, which whole percents would show as 100%.
    const project = await insertProject(ctx.dataSource, {
      name: 'many',
      isLive: false,
      createdAt: new Date(),
    });
    const more = await insertSensors(ctx.dataSource, project.id, Array<string>(160).fill('co2'));
    const rows = await ctx.dataSource.query<{ id: number | string }[]>('SELECT id FROM sensors ORDER BY id');
    const ids = rows.map((row) => Number(row.id));
    expect(ids).toHaveLength(200);
    expect(more).toHaveLength(160);
    await unwrap(
      api.POST('/api/v1/sensors/heartbeats', {
        headers: { Authorization: `Bearer ${INGEST_KEY}` },
        body: { sensorIds: ids.slice(1) },
      }),
    );
    await until(
      async () =>
        (await page.textContent('#sensor-health-share')) === '99.5% of sensors online' ? true : undefined,
      10_000,
      'the share did not show 99.5%',
    );
    expect(await bars(page, 'sensor-health')).toEqual({ online: 199, offline: 1 });
  });

  it('says when the connection is lost, and when it is back after the service restarts', async () => {
    const port = Number(new URL(base).port);
    expect(await shutdownGracefully(ctx.app, 10_000)).toBe('clean');
    await page.waitForSelector('#connection[data-state="lost"]', { timeout: 10_000 });
    expect((await connectionState(page)).text).toBe('connection lost, retrying');

    next =
      BACKEND === 'mysql'
        ? await createTestApp({ shareWith: ctx, env: ENV })
        : await createTestApp({ env: ENV });
    await next.app.listen({ port, host: '127.0.0.1' });
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 30_000 });
    expect((await connectionState(page)).text).toMatch(/^live/);
    if (BACKEND === 'mysql') {
      // The same deployment behind the same address: the numbers carry on.
      expect((await tileValues(page)).activeUsers).toBe(26);
    }
  }, 60_000);
});

describeInBrowser('dashboard on a service that keeps 7 days', () => {
  let ctx: TestContext;
  let base: string;
  let browser: TestBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'web', 'build.mjs'), '--no-typecheck'], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 60_000,
    });
    ctx = await createTestApp({ env: { ...ENV, HISTORY_RETENTION_DAYS: '7' } });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser({ width: 1280, height: 900 }, { timezoneId: 'UTC' });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  }, 60_000);

  it('offers no range longer than what is kept, and never asks for one', async () => {
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/metrics/history') asked.push(url.search);
    });
    // A link to 90 days opens on the default instead.
    await page.goto(`${base}/?range=90d&metric=activeUsers`);
    await chartShows(page, 'activeUsers', '5m');
    expect(query(page)).toEqual({ range: '24h', metric: 'activeUsers', interval: '5m' });
    const disabled = await page
      .locator('#ranges button:disabled')
      .evaluateAll((items) =>
        items.map((item) => (item as unknown as ShownElement).getAttribute('data-range')),
      );
    expect(disabled).toEqual(['30d', '90d']);
    expect(await page.getAttribute('[data-range="90d"]', 'title')).toBe(
      'The service keeps 7 days of history',
    );

    // 7 days is all there is: the finest interval reaching that far is 15 minutes.
    await page.click('[data-range="7d"]');
    expect(spanSeconds(await chartShows(page, 'activeUsers', '15m'))).toBe(7 * 24 * HOUR_S);

    // A custom range of 10 days is refused on the page, with no request.
    const before = asked.length;
    await page.goto(
      `${base}/?range=custom&from=2026-11-01T00:00:00.000Z&to=2026-11-11T00:00:00.000Z&metric=activeUsers`,
    );
    // A locator, not waitForFunction: a string predicate polled in the page is eval, which the page's CSP refuses.
    await page.locator('#chart-note', { hasText: /\S/ }).waitFor();
    expect(await page.textContent('#chart-note')).toBe(
      'The service keeps 7 days of history: choose a shorter range.',
    );
    expect(asked.length).toBe(before);
  });
});
