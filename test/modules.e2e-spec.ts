import { AppCacheService } from '@app/core';
import { MODULES_CACHE_KEY } from '@app/modules';
import { PlatformModuleEntity } from '@app/modules/entities';
import { onRedis } from './support/backends';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';
import { sharedCacheEntry } from './support/wait';

const MODULES = '/api/v1/modules';
/** Enough requests for a whole file from one client IP. */
const ENV = { RATE_LIMIT_PER_MINUTE: '100000' };

const BILLING_BODY = {
  currentVersion: '2.4.1',
  lastDeployedAt: '2026-11-20T16:03:00.250+02:00',
  upcomingVersion: '2.5.0-rc.1',
  upcomingReleaseDate: '2026-12-04',
  releaseNotes: 'Faster invoices; new VAT rules.',
};
const BILLING = {
  name: 'billing',
  currentVersion: '2.4.1',
  lastDeployedAt: '2026-11-20T14:03:00.250Z',
  upcomingVersion: '2.5.0-rc.1',
  upcomingReleaseDate: '2026-12-04',
  releaseNotes: 'Faster invoices; new VAT rules.',
};

function nothingBut(name: string, currentVersion: string) {
  return {
    name,
    currentVersion,
    lastDeployedAt: null,
    upcomingVersion: null,
    upcomingReleaseDate: null,
    releaseNotes: null,
  };
}

describe('modules', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
  });
  afterAll(() => ctx.close());
  beforeEach(async () => {
    await ctx.dataSource.createQueryBuilder().delete().from(PlatformModuleEntity).execute();
    await ctx.app.get(AppCacheService).del(MODULES_CACHE_KEY);
  });

  function put(name: string, body: unknown) {
    return ctx
      .http()
      .put(`${MODULES}/${name}`)
      .set('Authorization', `Bearer ${INGEST_KEY}`)
      .send(body as object);
  }

  async function storedRows(): Promise<number> {
    return ctx.dataSource.getRepository(PlatformModuleEntity).count();
  }

  it('lists no modules when none is registered', async () => {
    const res = await ctx.http().get(MODULES);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('creates a module with 201, answering it with the deploy time in UTC', async () => {
    const res = await put('billing', BILLING_BODY);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(BILLING);

    const one = await ctx.http().get(`${MODULES}/billing`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(BILLING);
    expect(one.headers['cache-control']).toBe('public, max-age=30, must-revalidate');
    expect(await storedRows()).toBe(1);
  });

  it('replaces an existing module with 200; fields left out become null', async () => {
    expect((await put('billing', BILLING_BODY)).status).toBe(201);
    const res = await put('billing', { currentVersion: '2.5.0' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(nothingBut('billing', '2.5.0'));
    expect((await ctx.http().get(`${MODULES}/billing`)).body).toEqual(nothingBut('billing', '2.5.0'));

    const explicitNulls = await put('billing', {
      currentVersion: '2.5.1',
      lastDeployedAt: null,
      upcomingVersion: null,
      upcomingReleaseDate: null,
      releaseNotes: null,
    });
    expect(explicitNulls.status).toBe(200);
    expect(explicitNulls.body).toEqual(nothingBut('billing', '2.5.1'));
    expect(await storedRows()).toBe(1);
  });

  it('answers two concurrent first PUTs of a name with one 201 and one 200 (20 names at once), one row each', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `module-${i}`);
    const answers = await Promise.all(
      names.flatMap((name) => [
        put(name, { currentVersion: '1.0.0' }),
        put(name, { currentVersion: '1.0.0' }),
      ]),
    );
    names.forEach((name, i) => {
      expect([answers[2 * i].status, answers[2 * i + 1].status].sort()).toEqual([200, 201]);
    });
    expect(await storedRows()).toBe(20);
  });

  it('lists every module sorted by name, with null for what is not set', async () => {
    await put('search', { currentVersion: '7.0.0', upcomingReleaseDate: '2027-01-15' });
    await put('billing', BILLING_BODY);
    await put('auth', { currentVersion: '1.2.3', releaseNotes: '' });
    const res = await ctx.http().get(MODULES);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=30, must-revalidate');
    expect(res.body).toEqual({
      items: [
        { ...nothingBut('auth', '1.2.3'), releaseNotes: '' },
        BILLING,
        { ...nothingBut('search', '7.0.0'), upcomingReleaseDate: '2027-01-15' },
      ],
    });
  });

  it('answers an unknown module with a 404 problem naming it', async () => {
    await put('billing', BILLING_BODY);
    const res = await ctx.http().get(`${MODULES}/payments`).set('X-Request-Id', 'm-404');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No module named "payments".',
      instance: `${MODULES}/payments`,
      requestId: 'm-404',
    });
  });

  describe('validation', () => {
    // The refusals are proved over HTTP alone in test/http/modules.spec.ts.
    it('accepts 29 February of a leap year and an offset written -hh:mm', async () => {
      const res = await put('billing', {
        currentVersion: '1.0.0',
        upcomingReleaseDate: '2028-02-29',
        lastDeployedAt: '2026-11-20T00:30:00-01:30',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...nothingBut('billing', '1.0.0'),
        upcomingReleaseDate: '2028-02-29',
        lastDeployedAt: '2026-11-20T02:00:00.000Z',
      });
    });

    it('accepts the longest name (100 characters)', async () => {
      const name = 'a'.repeat(100);
      expect((await put(name, { currentVersion: '1.0.0' })).status).toBe(201);
      expect((await ctx.http().get(`${MODULES}/${name}`)).body).toEqual(nothingBut(name, '1.0.0'));
    });
  });

  describe('authentication', () => {
    it('refuses a wrong key with 401 and accepts a right one as X-API-Key', async () => {
      const wrong = await ctx.http().put(`${MODULES}/billing`).set('X-API-Key', 'nope').send(BILLING_BODY);
      expect(wrong.status).toBe(401);
      expect(wrong.body.detail).toBe('The API key is not valid for ingestion.');
      const right = await ctx
        .http()
        .put(`${MODULES}/billing`)
        .set('X-API-Key', INGEST_KEY)
        .send(BILLING_BODY);
      expect(right.status).toBe(201);
    });
  });

  describe('cache', () => {
    it('serves the list from the cache, and a PUT clears it so the next GET sees every change', async () => {
      await put('billing', BILLING_BODY);
      expect((await ctx.http().get(MODULES)).body.items).toHaveLength(1);

      // A row written behind the API's back is not seen while the list is cached...
      await ctx.dataSource
        .getRepository(PlatformModuleEntity)
        .insert({ name: 'audit', currentVersion: '0.9.0', releaseNotes: null });
      expect((await ctx.http().get(MODULES)).body).toEqual({ items: [BILLING] });
      expect((await ctx.http().get(`${MODULES}/audit`)).status).toBe(404);

      // ...and the PUT clears the cached list: the very next GETs see both changes.
      await put('billing', { currentVersion: '2.5.0' });
      expect((await ctx.http().get(MODULES)).body).toEqual({
        items: [nothingBut('audit', '0.9.0'), nothingBut('billing', '2.5.0')],
      });
      expect((await ctx.http().get(`${MODULES}/billing`)).body).toEqual(nothingBut('billing', '2.5.0'));
      expect((await ctx.http().get(`${MODULES}/audit`)).body).toEqual(nothingBut('audit', '0.9.0'));
    });

    it('answers If-None-Match with the current ETag with 304 and no body, on the list and on one module', async () => {
      await put('billing', BILLING_BODY);
      for (const path of [MODULES, `${MODULES}/billing`]) {
        const first = await ctx.http().get(path);
        const etag: string = first.headers['etag'];
        expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
        const notModified = await ctx.http().get(path).set('If-None-Match', etag);
        expect(notModified.status).toBe(304);
        expect(notModified.text).toBe('');
        expect(notModified.headers['etag']).toBe(etag);
      }

      const listEtag: string = (await ctx.http().get(MODULES)).headers['etag'];
      await put('billing', { currentVersion: '2.5.0' });
      const changed = await ctx.http().get(MODULES).set('If-None-Match', listEtag);
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ items: [nothingBut('billing', '2.5.0')] });
      expect(changed.headers['etag']).not.toBe(listEtag);
    });

    onRedis('in Redis', () => {
      it('keeps the list under modules:list with its TTL; a PUT stores the list read from the primary', async () => {
        await put('billing', BILLING_BODY);
        await ctx.http().get(MODULES);
        const key = `${ctx.keyPrefix}modules:list`;
        const stored = await sharedCacheEntry(ctx.redis!, key);
        expect(stored.value).toEqual({ items: [BILLING] });
        const ttl = await ctx.redis!.pttl(key);
        expect(ttl).toBeGreaterThan(55_000);
        expect(ttl).toBeLessThanOrEqual(60_000);

        await put('billing', { currentVersion: '2.5.0' });
        // Replaced, not deleted: a read replica a little behind could otherwise cache the list before the PUT.
        const replaced = await sharedCacheEntry(ctx.redis!, key, (value) => value !== stored.value);
        expect(replaced.value).toEqual({ items: [nothingBut('billing', '2.5.0')] });
        expect(await ctx.redis!.pttl(key)).toBeGreaterThan(55_000);
      });
    });
  });
});
