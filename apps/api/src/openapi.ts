import { MetricRegistry } from '@app/metrics';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { applyContract } from './openapi-contract';

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

const INGEST_KEY_DESCRIPTION =
  'An ingest key: one of the comma-separated INGEST_API_KEYS the server was started with (an opaque ' +
  'string, not a JWT). The embedded demo, started without INGEST_API_KEYS, prints one in its first log line.';

/**
 * A metric type is a string the server lists at run time (GET /api/v1/metrics/types), not an enum frozen
 * into generated clients: a server with other platforms has other types. The description names this
 * server's types; `interval` keeps its default next to its values.
 */
function describeMetricTypes(document: OpenAPIObject, types: string[]): void {
  const schemas = document.components?.schemas ?? {};
  schemas.MetricType = {
    type: 'string',
    description:
      'A registered metric: GET /api/v1/metrics/types lists them. On this server: ' +
      types.map((type) => `\`${type}\``).join(', ') +
      '.',
    example: 'activeUsers',
  };
  const history = document.paths['/api/v1/metrics/history']?.get;
  for (const parameter of (history?.parameters ?? []) as Array<{ name?: string; schema?: unknown }>) {
    if (parameter.name === 'interval') {
      // Inline, not a $ref: siblings of a $ref (the default) are ignored in OpenAPI 3.0.
      const intervals = schemas.HistoryInterval as { enum?: string[] } | undefined;
      parameter.schema = { type: 'string', enum: intervals?.enum, default: '5m' };
    }
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('realtime-analytics')
    .setDescription(
      'Real-time analytics: active users by platform, refused requests, projects, sensors online, ' +
        'the history of those numbers, sensors by type and the platform modules. Errors are RFC 9457 ' +
        'problem+json. Write endpoints need an ingest key.\n\n' +
        'Besides the statuses listed per operation, any request can get these before it reaches one: 405 ' +
        'with `Allow` for a method the path does not take (a plain OPTIONS gets 204 with `Allow`), 404 for ' +
        'an unknown path, 400 for a path that is not valid percent-encoding, 431 for headers over 16 KB, ' +
        'and 408 when its headers do not arrive within REQUEST_TIMEOUT_MS. The live stream cannot be tried ' +
        'in Swagger UI, which waits for an answer that never ends: use curl -N or an EventSource.',
    )
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    // Relative: "Try it out" calls the server that serves this document, wherever it runs.
    .addServer('/', 'The server that serves this document')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: INGEST_KEY_DESCRIPTION + ' Sent as `Authorization: Bearer <key>`.',
      },
      'ingestBearer',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: INGEST_KEY_DESCRIPTION + ' Sent as `X-API-Key: <key>`.',
      },
      'ingestApiKey',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Generated clients get method names like getSummary, not MetricsController_getSummary.
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  // Bearer schemes default to bearerFormat JWT; the ingest key is an opaque string.
  const bearer = document.components?.securitySchemes?.ingestBearer as { bearerFormat?: string } | undefined;
  if (bearer) delete bearer.bearerFormat;
  describeMetricTypes(document, app.get(MetricRegistry).types());
  return sortKeys(applyContract(document)) as OpenAPIObject;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
