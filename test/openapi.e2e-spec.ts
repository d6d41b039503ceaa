import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeDocument } from '../apps/api/src/openapi-export';
import { createTestApp, TestContext } from './support/test-app';

describe('OpenAPI document', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('served at /docs-json is the checked-in openapi/openapi.json (run `npm run openapi` when this fails)', async () => {
    const res = await ctx.http().get('/docs-json');
    expect(res.status).toBe(200);
    const checkedIn = readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8');
    expect(serializeDocument(res.body)).toBe(checkedIn);
  });

  it('names operations for a generated client and types errors as problem+json', async () => {
    const document = (await ctx.http().get('/docs-json')).body;
    const summary = document.paths['/api/v1/metrics/summary'].get;
    expect(summary.operationId).toBe('getSummary');
    expect(summary.responses['429'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/ProblemResponseDto',
    );
    expect(document.components.schemas.MetricType.enum).toContain('activeUsers.mobile-app2');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await ctx.http().get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
