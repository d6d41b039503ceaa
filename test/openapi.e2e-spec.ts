import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeDocument } from '../apps/api/src/openapi-export';
import { createTestApp, TestContext } from './support/test-app';

interface Operation {
  description?: string;
  responses: Record<
    string,
    {
      description: string;
      headers: Record<string, unknown>;
      content?: Record<string, { example?: { status: number; instance: string } }>;
    }
  >;
}

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
    // A string the server lists at run time, not an enum frozen into generated clients.
    expect(document.components.schemas.MetricType.enum).toBeUndefined();
    expect(document.components.schemas.MetricType.type).toBe('string');
    expect(document.components.schemas.MetricType.description).toContain('`activeUsers.mobile-app2`');
  });

  it('gives every error response an example of its own status, and every response a description', async () => {
    const document = (await ctx.http().get('/docs-json')).body;
    let errors = 0;
    for (const [path, item] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const operation of Object.values(item)) {
        expect(operation.description).toEqual(expect.any(String));
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(response.description.length).toBeGreaterThan(0);
          expect(response.headers['X-Request-Id']).toBeDefined();
          const example = response.content?.['application/problem+json']?.example;
          if (Number(status) >= 400 && !path.startsWith('/health')) {
            errors++;
            expect({ path, status, example: example?.status }).toEqual({
              path,
              status,
              example: Number(status),
            });
            // Answers given below the router (408, 414) know no route: their instance is empty.
            expect(['408', '414'].includes(status) ? '' : path).toBe(example?.instance);
          }
        }
      }
    }
    expect(errors).toBeGreaterThan(30);
  });

  it('lists the statuses the server answers besides the controllers own', async () => {
    const document = (await ctx.http().get('/docs-json')).body;
    const statuses = (path: string, method: string) =>
      Object.keys((document.paths[path][method] as Operation).responses).sort();
    expect(statuses('/api/v1/modules/{name}', 'put')).toEqual([
      '200',
      '201',
      '400',
      '401',
      '408',
      '413',
      '414',
      '415',
      '429',
      '503',
    ]);
    expect(statuses('/api/v1/modules/{name}', 'get')).toEqual([
      '200',
      '304',
      '400',
      '404',
      '414',
      '429',
      '503',
    ]);
    expect(statuses('/api/v1/modules', 'get')).toEqual(['200', '304', '400', '429', '503']);
    expect(statuses('/api/v1/sensors/type-breakdown', 'get')).toEqual(['200', '304', '400', '429', '503']);
    expect(statuses('/api/v1/activity', 'post')).toEqual([
      '202',
      '400',
      '401',
      '408',
      '413',
      '415',
      '429',
      '503',
    ]);
    expect(statuses('/api/v1/metrics/stream', 'get')).toEqual(['200', '400', '429', '503']);
    expect(statuses('/health/ready', 'get')).toEqual(['200', '400', '503']);
    expect(statuses('/health/live', 'get')).toEqual(['200', '400']);
    const limited = document.paths['/api/v1/metrics/summary'].get.responses['429'].headers;
    expect(Object.keys(limited).sort()).toEqual([
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Request-Id',
    ]);
    expect(Object.keys(document.paths['/api/v1/modules'].get.responses['200'].headers)).toContain('ETag');
  });

  it('says what the ingest key is, which operations need none, and where the server is', async () => {
    const document = (await ctx.http().get('/docs-json')).body;
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    const bearer = document.components.securitySchemes.ingestBearer;
    expect(bearer.bearerFormat).toBeUndefined();
    expect(bearer.description).toContain('INGEST_API_KEYS');
    expect(document.paths['/health/ready'].get).toMatchObject({ security: [], tags: ['health'] });
    expect(document.paths['/api/v1/metrics/summary'].get.security).toEqual([]);
    expect(document.paths['/api/v1/activity'].post.security).toEqual([
      { ingestBearer: [] },
      { ingestApiKey: [] },
    ]);
    const interval = document.paths['/api/v1/metrics/history'].get.parameters.find(
      (parameter: { name: string }) => parameter.name === 'interval',
    );
    expect(interval.schema.default).toBe('5m');
    const heartbeats = document.components.schemas.RecordHeartbeatsDto.properties.sensorIds;
    expect(heartbeats.items.type).toBe('integer');
    const activityExample =
      document.paths['/api/v1/activity'].post.requestBody.content['application/json'].example;
    expect(activityExample.events.every((event: object) => !('at' in event))).toBe(true);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await ctx.http().get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
