import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

describe('CORS for configured origins', () => {
  let ctx: TestContext;
  const origin = 'http://dashboard.example';
  beforeAll(async () => {
    ctx = await createTestApp({ env: { CORS_ORIGINS: origin } });
  });
  afterAll(() => ctx.close());

  it('lets a preflight PUT with the headers the client sends', async () => {
    const res = await ctx
      .http()
      .options('/api/v1/modules/billing')
      .set('origin', origin)
      .set('access-control-request-method', 'PUT')
      .set('access-control-request-headers', 'authorization, content-type, x-api-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe(
      'Authorization, Content-Type, If-None-Match, X-API-Key, X-Request-Id, Last-Event-ID',
    );
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('answers the PUT itself to that origin, exposing the headers a client reads', async () => {
    const res = await ctx
      .http()
      .put('/api/v1/modules/billing')
      .set('origin', origin)
      .set('authorization', `Bearer ${INGEST_KEY}`)
      .send({ currentVersion: '1.0.0' });
    expect(res.status).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-expose-headers']).toBe(
      'X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, ETag',
    );
  });

  it('allows nothing to another origin', async () => {
    const res = await ctx
      .http()
      .options('/api/v1/modules/billing')
      .set('origin', 'http://elsewhere.example')
      .set('access-control-request-method', 'PUT');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
