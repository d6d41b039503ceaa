import { MetricRegistry } from '@app/metrics';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Sorts object keys recursively so the checked-in spec diffs cleanly. Arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

const PROBLEM_REF = '#/components/schemas/ProblemResponseDto';

/**
 * Errors are served as application/problem+json: say so in the spec, and document the 429 every
 * rate-limited operation can answer, so generated clients type both.
 */
function describeProblemResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item as Record<string, { responses?: Record<string, unknown> }>)) {
      if (!operation?.responses) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = (response as { content?: Record<string, unknown> }).content;
        if (Number(status) >= 400 && content?.['application/json']) {
          content['application/problem+json'] = content['application/json'];
          delete content['application/json'];
        }
      }
      if (!path.startsWith('/health')) {
        operation.responses['429'] = {
          description: 'Rate limited: see Retry-After and the X-RateLimit-* headers',
          content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
        };
      }
    }
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('realtime-analytics')
    .setDescription(
      'Real-time analytics: active users by platform, refused requests, projects, sensors online, ' +
        'the history of those numbers, sensors by type and the platform modules. Errors are RFC 9457 ' +
        'problem+json. Write endpoints need an ingest key.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An ingest key' }, 'ingestBearer')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An ingest key' },
      'ingestApiKey',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Generated clients get method names like getSummary, not MetricsController_getSummary.
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  describeProblemResponses(document);
  // The metric enum comes from the registry at run time: a new metric provider appears here by itself.
  const metricType = document.components?.schemas?.MetricType as { enum?: string[] } | undefined;
  if (metricType) metricType.enum = app.get(MetricRegistry).types();
  return sortKeys(document) as OpenAPIObject;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
