import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * What the code's decorators cannot say about the contract, in one place: the statuses every operation can
 * answer (those raised by Fastify, the rate limiter and the guards, not by a controller), one example for
 * each, the headers the HTTP hooks set, and which operations need no key. buildOpenApiDocument applies it.
 */

type Json = Record<string, unknown>;
type Operation = {
  operationId: string;
  tags?: string[];
  description?: string;
  security?: unknown[];
  parameters?: Json[];
  requestBody?: { content: Record<string, Json> };
  responses: Record<string, Json>;
};

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemResponseDto' };

const header = (description: string, schema: Json, example?: unknown): Json => ({
  description,
  schema,
  ...(example === undefined ? {} : { example }),
});

/** Headers, as components, so every response refers to them. */
export const RESPONSE_HEADERS: Record<string, Json> = {
  XRequestId: header(
    'Your X-Request-Id if it matches ^[A-Za-z0-9._-]{1,64}$, else a fresh UUID; also in the problem document and every log line of the request.',
    { type: 'string' },
    '0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11',
  ),
  XRateLimitLimit: header(
    'Requests a client may make per minute (RATE_LIMIT_PER_MINUTE).',
    { type: 'integer' },
    100,
  ),
  XRateLimitRemaining: header('Requests left in the current minute.', { type: 'integer' }, 97),
  XRateLimitReset: header('Seconds until the current window ends.', { type: 'integer' }, 42),
  RetryAfter: header('Seconds to wait before the next request.', { type: 'integer' }, 42),
  ETag: header(
    'Identifies this answer; send it back as If-None-Match to get a 304.',
    { type: 'string' },
    '"m6tZ2D1WLW1g79JcrN4MuFEalvk"',
  ),
  CacheControl: header(
    'How long the answer may be reused.',
    { type: 'string' },
    'public, max-age=60, must-revalidate',
  ),
  WWWAuthenticate: header('The scheme to authenticate with.', { type: 'string' }, 'Bearer realm="ingest"'),
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Fields of a problem document for an example; `instance` is the operation's path. */
function problem(status: number, title: string, detail: string, instance: string, errors?: Json[]): Json {
  return {
    type: 'about:blank',
    title,
    status,
    detail,
    instance,
    requestId: '0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11',
    ...(errors ? { errors } : {}),
  };
}

function badRequest(instance: string, field: string, message: string): Json {
  return problem(400, 'Bad Request', `The request has invalid fields: ${field}`, instance, [
    { field, message },
  ]);
}

const UNKNOWN_QUERY = (instance: string) => badRequest(instance, 'limit', 'property limit should not exist');
const DATABASE_DOWN = 'The database is unavailable; try again shortly.';
const REDIS_DOWN = 'Redis is unavailable: nothing was recorded; retry shortly.';

interface ErrorDoc {
  description: string;
  example: (instance: string) => Json;
}

const UNAUTHORIZED: ErrorDoc = {
  description: 'No ingest key, or one that is not in INGEST_API_KEYS (WWW-Authenticate: Bearer).',
  example: (instance) =>
    problem(
      401,
      'Unauthorized',
      'An ingest API key is required: Authorization: Bearer <key> or X-API-Key.',
      instance,
    ),
};
const TOO_LARGE: ErrorDoc = {
  description: 'The body is larger than BODY_LIMIT_BYTES (1 MiB by default); nothing was recorded.',
  example: (instance) => problem(413, 'Payload Too Large', 'Request body is too large', instance),
};
const UNSUPPORTED_TYPE: ErrorDoc = {
  description: 'The Content-Type is not one the server reads (send application/json); nothing was recorded.',
  example: (instance) => problem(415, 'Unsupported Media Type', 'Unsupported Media Type', instance),
};
const TIMED_OUT: ErrorDoc = {
  description:
    'The body did not arrive in full within REQUEST_TIMEOUT_MS (10 s by default); nothing was recorded and the connection is closed.',
  example: () => problem(408, 'Request Timeout', 'The request was not received in full within 10000 ms.', ''),
};
const NAME_TOO_LONG: ErrorDoc = {
  description: 'The name is longer than 1,000 characters (refused before validation).',
  example: () => problem(414, 'URI Too Long', 'A path segment is longer than 1000 characters.', ''),
};
/** Answered before any route or hook runs: only the request id comes with them. */
const BEFORE_ROUTING = new Set(['408', '414']);
const NOT_MODIFIED = 'The ETag sent as If-None-Match is still current: no body.';
const NO_QUERY: ErrorDoc = {
  description: 'A query parameter was sent: this operation takes none.',
  example: UNKNOWN_QUERY,
};
/** A write refused because Redis, where it is recorded, is unreachable. */
const REDIS_DOWN_WRITE: ErrorDoc = {
  description:
    'Redis (or, for heartbeats of sensors new to the instance, the database) is unavailable or did not ' +
    'answer in time, or a Redis key holds data of another program: the detail says which, and whether ' +
    'the write may have been recorded. Writes are idempotent: retrying is safe.',
  example: (instance) => problem(503, 'Service Unavailable', REDIS_DOWN, instance),
};
/** An operation that needs the database while it is unreachable; `description` says what is lost. */
function databaseDown(description = 'The database is unavailable.'): ErrorDoc {
  return { description, example: (instance) => problem(503, 'Service Unavailable', DATABASE_DOWN, instance) };
}

/** The statuses each operation answers besides its 2xx, and what each means there. */
const ERRORS: Record<string, Record<string, ErrorDoc>> = {
  getSummary: {
    '400': NO_QUERY,
    '503': {
      description:
        'Neither Redis nor the database answers (with one of them down the answer is a 200 naming it in `degraded`).',
      example: (instance) =>
        problem(503, 'Service Unavailable', 'Neither Redis nor the database is reachable.', instance),
    },
  },
  getHistory: {
    '400': {
      description:
        'A missing or unknown `type`, a bad `interval`, `from`/`to`, more than 2000 points, or an unknown parameter.',
      example: (instance) =>
        badRequest(
          instance,
          'interval',
          'interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d',
        ),
    },
    '503': databaseDown(),
  },
  getMetricTypes: {
    '400': NO_QUERY,
  },
  getServiceInfo: {
    '400': { description: 'A query parameter was sent: this operation takes none.', example: UNKNOWN_QUERY },
  },
  streamSummary: {
    '400': NO_QUERY,
    '429': {
      description:
        'More than RATE_LIMIT_PER_MINUTE requests (each connect counts) from this client this minute, or ' +
        'STREAM_MAX_CLIENTS_PER_IP streams already open from this address on this instance; see Retry-After.',
      example: (instance) =>
        problem(
          429,
          'Too Many Requests',
          'This address has 10 streams open on this instance, the most it takes from one address; close one or try again shortly.',
          instance,
        ),
    },
    '503': {
      description: 'This instance has STREAM_MAX_CLIENTS streams open, or is shutting down.',
      example: (instance) =>
        problem(
          503,
          'Service Unavailable',
          'This instance serves at most 1000 streams; try again shortly.',
          instance,
        ),
    },
  },
  getSensorTypeBreakdown: {
    '400': NO_QUERY,
    '503': databaseDown('The database is unavailable and no cached answer is left.'),
  },
  recordHeartbeats: {
    '400': {
      description: 'The body is not 1-1000 sensor ids; nothing was recorded.',
      example: (instance) =>
        badRequest(instance, 'sensorIds', 'each value in sensorIds must be an integer number'),
    },
    '401': UNAUTHORIZED,
    '408': TIMED_OUT,
    '413': TOO_LARGE,
    '415': UNSUPPORTED_TYPE,
    '503': REDIS_DOWN_WRITE,
  },
  recordActivity: {
    '400': {
      description:
        'The body is not 1-1000 valid events (an unknown platform, a bad `at`); nothing was recorded.',
      example: (instance) =>
        badRequest(instance, 'events[0].platform', 'platform must be one of web, mobile-app1, mobile-app2'),
    },
    '401': UNAUTHORIZED,
    '408': TIMED_OUT,
    '413': TOO_LARGE,
    '415': UNSUPPORTED_TYPE,
    '503': REDIS_DOWN_WRITE,
  },
  listModules: {
    '400': NO_QUERY,
    '503': databaseDown('The database is unavailable and no cached list is left.'),
  },
  getModule: {
    '400': {
      description:
        'The name is not 1-100 lowercase letters, digits, ".", "_" or "-", or a query parameter was sent.',
      example: (instance) =>
        badRequest(
          instance,
          'name',
          'name must be 1-100 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
        ),
    },
    '414': NAME_TOO_LONG,
    '404': {
      description: 'No module has this name.',
      example: (instance) => problem(404, 'Not Found', 'No module named "billing".', instance),
    },
    '503': databaseDown(),
  },
  upsertModule: {
    '400': {
      description: 'A bad name or field; nothing was stored.',
      example: (instance) =>
        badRequest(
          instance,
          'currentVersion',
          'currentVersion must be a version like 2.4.1 (letters, digits, . + _ -; at most 64)',
        ),
    },
    '401': UNAUTHORIZED,
    '408': TIMED_OUT,
    '413': TOO_LARGE,
    '414': NAME_TOO_LONG,
    '415': UNSUPPORTED_TYPE,
    '503': databaseDown('The database is unavailable; nothing was stored.'),
  },
};

const PROBE_QUERY: Record<string, ErrorDoc> = {
  '400': { description: 'A query parameter was sent: probes take none.', example: UNKNOWN_QUERY },
};
ERRORS.getHealth = PROBE_QUERY;
ERRORS.getLiveness = PROBE_QUERY;
ERRORS.getReadiness = PROBE_QUERY;

const RATE_LIMITED: ErrorDoc = {
  description: 'More than RATE_LIMIT_PER_MINUTE requests from this client this minute; see Retry-After.',
  example: (instance) =>
    problem(
      429,
      'Too Many Requests',
      'Too many requests: the limit is 100 a minute per client; retry in 42 s.',
      instance,
    ),
};

/** Operations answered with a fresh ETag and 304 to a matching If-None-Match. */
const CONDITIONAL = new Set(['getSensorTypeBreakdown', 'listModules', 'getModule']);

/** Request bodies as Swagger UI's "Try it out" sends them: no `at`, so the events count as now. */
const REQUEST_EXAMPLES: Record<string, Json> = {
  recordActivity: {
    events: [
      { userId: 'u-1', platform: 'web' },
      { userId: 'u-2', platform: 'mobile-app1' },
    ],
  },
  recordHeartbeats: { sensorIds: [1, 2, 3] },
  upsertModule: {
    currentVersion: '2.4.1',
    lastDeployedAt: '2026-11-20T14:03:00Z',
    upcomingVersion: '2.5.0',
    upcomingReleaseDate: '2026-12-04',
    releaseNotes: 'Faster invoices; new VAT rules.',
  },
};

export const TAGS = [
  { name: 'metrics', description: 'The live numbers, their history and the live stream' },
  { name: 'sensors', description: 'Sensors by type, and heartbeats in' },
  { name: 'modules', description: 'Platform modules: versions and releases' },
  { name: 'activity', description: 'User activity in' },
  { name: 'health', description: 'Probes for orchestrators: never rate limited, no key' },
];

/** `{ allOf: [X] }` alone is X. */
function unwrapSingleAllOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSingleAllOf);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Json;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === 'allOf' && Array.isArray(object.allOf) && object.allOf.length === 1) {
    return unwrapSingleAllOf(object.allOf[0]);
  }
  return Object.fromEntries(keys.map((key) => [key, unwrapSingleAllOf(object[key])]));
}

export function applyContract(document: OpenAPIObject): OpenAPIObject {
  const doc = unwrapSingleAllOf(document) as OpenAPIObject & { components: Json };
  doc.components.headers = RESPONSE_HEADERS;
  doc.tags = TAGS;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      if (!operation?.responses) continue;
      const id = operation.operationId;
      const probe = path.startsWith('/health');
      // Probes are not rate limited; everything else is, the stream's connects included.
      const limited = !probe;
      // Only the write operations say who may call them; the rest need no key.
      if (!operation.security) operation.security = [];
      const errors: Record<string, ErrorDoc> = { ...(ERRORS[id] ?? {}) };
      if (limited) errors['429'] = ERRORS[id]?.['429'] ?? RATE_LIMITED;
      // The probes' own 503 (the terminus document) stays as declared; every other error is a problem.
      for (const status of Object.keys(operation.responses)) {
        if (Number(status) >= 400 && !probe) delete operation.responses[status];
      }
      for (const response of Object.values(operation.responses)) {
        response.headers = { 'X-Request-Id': ref('XRequestId') };
      }
      for (const [status, doc] of Object.entries(errors)) {
        const headers: Json = { 'X-Request-Id': ref('XRequestId') };
        if (limited && !BEFORE_ROUTING.has(status)) {
          headers['X-RateLimit-Limit'] = ref('XRateLimitLimit');
          headers['X-RateLimit-Remaining'] = ref('XRateLimitRemaining');
          headers['X-RateLimit-Reset'] = ref('XRateLimitReset');
        }
        if (status === '429') headers['Retry-After'] = ref('RetryAfter');
        if (status === '401') headers['WWW-Authenticate'] = ref('WWWAuthenticate');
        operation.responses[status] = {
          description: doc.description,
          headers,
          content: { 'application/problem+json': { schema: PROBLEM_SCHEMA, example: doc.example(path) } },
        };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) continue;
        const headers: Json = { 'X-Request-Id': ref('XRequestId') };
        if (limited) {
          headers['X-RateLimit-Limit'] = ref('XRateLimitLimit');
          headers['X-RateLimit-Remaining'] = ref('XRateLimitRemaining');
          headers['X-RateLimit-Reset'] = ref('XRateLimitReset');
        }
        if (CONDITIONAL.has(id)) {
          headers.ETag = ref('ETag');
          headers['Cache-Control'] = ref('CacheControl');
        }
        response.headers = headers;
      }
      if (CONDITIONAL.has(id)) {
        operation.responses['304'] = {
          description: NOT_MODIFIED,
          headers: { 'X-Request-Id': ref('XRequestId'), ETag: ref('ETag') },
        };
      }
      const example = REQUEST_EXAMPLES[id];
      const media = operation.requestBody?.content?.['application/json'];
      if (example && media) media.example = example;
    }
  }
  return doc;
}
