import { hash32, mulberry32 } from '@app/demo/prng';
import { Json, SpecOperation, SpecParameter, spec } from './openapi-spec';

/**
 * Requests generated from openapi/openapi.json for the fuzz test: for every operation, valid values and
 * hostile ones (wrong types, missing and unknown fields, prototype keys, huge strings and numbers, deep
 * nesting, unicode, malformed dates, percent-encoding junk, duplicate query keys, broken JSON, wrong media
 * types, wrong methods). Request `index` of seed `seed` is drawn from its own generator, so one request
 * can be rebuilt alone from the two numbers a failure reports.
 */

export interface FuzzRequest {
  index: number;
  method: string;
  /** The request target as sent: path and query, already percent-encoded (or deliberately not). */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** The operation the request was generated for (`operationId`), for the report. */
  operationId: string;
  /** The operation's path template and method when the request still addresses it, else null. */
  addresses: { template: string; method: string } | null;
}

/** A seeded source of choices. */
export class Choices {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** A JSON number written as-is (numbers JavaScript cannot hold, `-0`, exponents). */
class RawJson {
  constructor(readonly text: string) {}
}

/** An object serialized with exactly these keys, `__proto__` and `constructor` included as plain keys. */
class KeyedObject {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** JSON text of a generated value (its raw numbers and literal prototype keys kept). */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof KeyedObject) {
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return jsonText(new KeyedObject(Object.entries(value as Json)));
  }
  return JSON.stringify(value) ?? 'null';
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const HUGE_STRINGS: ReadonlyArray<() => string> = [
  () => 'x'.repeat(100_000),
  () => 'é'.repeat(50_000),
  () => '😀'.repeat(25_000),
  () => 'a'.repeat(65_536),
  () => '1'.repeat(100_000),
];

const NAN_ISH = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '0x1F',
  '1_000',
  ' 1',
  '1 ',
  '+1',
  '-0',
  '01',
  '1.0',
  '٣',
  '１',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '9007199254740993',
  '99999999999999999999999999',
];

const UNICODE = [
  '𝕏😀👩‍👩‍👧',
  '\u202Eevil\u202C',
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '\uFEFFbom',
  'עברית',
  'العربية',
  'e\u0301',
  '\u2028\u2029',
  '\u0007\u001b[31mred',
  '中文字符',
  "'; DROP TABLE modules; --",
  '%s%n%x',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\\',
  '"',
];

const DATES = [
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '2026-11-27T24:00:00Z',
  '2026-11-27T20:00:60Z',
  '2026-11-27T20:00:00+0200',
  '2026-11-27T20:00:00+14:30',
  '2026-11-27T20:00:00-23:59',
  '2026-11-27T20:00:00+24:00',
  '2026-11-27T20:00:00',
  '2026-11-27T20:00:00.123456789Z',
  '2026-11-27',
  '2026-02-29',
  '2024-02-29',
  '2026-11-27 20:00:00Z',
  '2026-11-27t20:00:00z',
  'yesterday',
  '1764273600000',
  '',
];

/** A hostile value of any kind, for any place in a body or a query. */
function hostileValue(choices: Choices): unknown {
  switch (choices.int(0, 9)) {
    case 0:
      return choices.pick<unknown>([0, -1, 1.5, true, false, null, [], {}, [1, 2], { a: 1 }, '', ' ']);
    case 1:
      return choices.pick(HUGE_STRINGS)();
    case 2:
      return choices.pick<unknown>([
        1e308,
        -1e308,
        Number.MAX_SAFE_INTEGER,
        2_147_483_648,
        -2_147_483_649,
        5e-324,
        new RawJson('9007199254740993'),
        new RawJson('123456789012345678901234567890'),
        new RawJson('1e400'),
        new RawJson('-0'),
        new RawJson('1E+2'),
        new RawJson('0.0000000000000000000001'),
      ]);
    case 3:
      return choices.pick(NAN_ISH);
    case 4:
      return choices.pick(UNICODE);
    case 5:
      return choices.pick(DATES);
    case 6:
      return nested(choices, choices.int(2, 40));
    case 7:
      return new KeyedObject([[choices.pick(PROTOTYPE_KEYS), { polluted: true, isAdmin: true }]]);
    case 8:
      return choices.pick<unknown>([-5, 0, 0.5, 3.14, -2.5, 1e-7]);
    default:
      return choices.pick<unknown>([[{}], [[]], [null], ['a', 1, true], { 0: 'a', length: 1 }]);
  }
}

/** Arrays and objects nested `depth` deep. */
function nested(choices: Choices, depth: number): unknown {
  let value: unknown = choices.pick<unknown>([1, 'x', null]);
  for (let level = 0; level < depth; level++) value = choices.chance(0.5) ? [value] : { a: value };
  return value;
}

function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return spec.components.schemas[ref.replace('#/components/schemas/', '')];
}

/** The metric names the server registers, as the spec lists them in MetricType's description. */
const METRIC_TYPES = [
  ...(spec.components.schemas.MetricType.description as string).matchAll(/`([^`]+)`/g),
].map((match) => match[1]);

/** Values the server accepts for fields whose schema does not say enough to make one. */
function knownValid(name: string, choices: Choices): unknown {
  switch (name) {
    case 'userId':
      return `u-${choices.int(1, 200)}`;
    case 'platform':
      return choices.pick(['web', 'mobile-app1', 'mobile-app2']);
    case 'currentVersion':
    case 'upcomingVersion':
      return `${choices.int(0, 9)}.${choices.int(0, 20)}.${choices.int(0, 99)}`;
    case 'sensorIds':
      return Array.from({ length: choices.int(1, 5) }, () => choices.int(1, 12));
    case 'at':
      return new Date(Date.now() - choices.int(0, 240_000)).toISOString();
    case 'type':
    case 'metric':
      return choices.pick(METRIC_TYPES);
    case 'name':
      return choices.pick(['billing', 'auth', 'search', `mod-${choices.int(0, 30)}`, 'a', 'x.y_z-1']);
    default:
      return undefined;
  }
}

function dateTime(choices: Choices, offsetMs: number): string {
  const at = new Date(Date.now() + offsetMs);
  const text = at.toISOString();
  return choices.chance(0.3) ? text.replace(/\.\d{3}Z$/, 'Z') : text;
}

/**
 * A value for `schema`; with `hostility` > 0, each value in it is replaced by a hostile one with that
 * probability, and objects lose required fields, gain unknown and prototype keys.
 */
export function generate(schema: Json, choices: Choices, hostility: number, name = ''): unknown {
  if (hostility > 0 && choices.chance(hostility)) return hostileValue(choices);
  const resolved = resolve(schema);
  if (resolved.nullable === true && choices.chance(0.1)) return null;
  const known = knownValid(name, choices);
  if (known !== undefined) return known;
  if (Array.isArray(resolved.enum)) return choices.pick(resolved.enum);
  switch (resolved.type) {
    case 'object':
      return generateObject(resolved, choices, hostility);
    case 'array': {
      const min = Number(resolved.minItems ?? 0);
      const max = Math.min(Number(resolved.maxItems ?? 5), min + 4);
      const items = resolved.items as Json;
      const count =
        hostility > 0 && choices.chance(0.05) ? choices.pick([0, 1001, 5000]) : choices.int(min, max);
      return Array.from({ length: count }, () => generate(items, choices, hostility));
    }
    case 'integer':
      return choices.int(Number(resolved.minimum ?? 0), Math.min(Number(resolved.maximum ?? 100), 100));
    case 'number':
      return choices.int(0, 1000) / 10;
    case 'boolean':
      return choices.chance(0.5);
    case 'string':
      if (resolved.format === 'date-time') return dateTime(choices, -choices.int(0, 3_600_000));
      if (resolved.format === 'date') return dateTime(choices, choices.int(0, 30) * 86_400_000).slice(0, 10);
      if (typeof resolved.example === 'string') return resolved.example;
      return `s${choices.int(0, 1_000_000)}`.slice(0, Math.max(1, Number(resolved.maxLength ?? 20)));
    default:
      return choices.pick<unknown>(['x', 1, null]);
  }
}

function generateObject(schema: Json, choices: Choices, hostility: number): unknown {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const entries: Array<[string, unknown]> = [];
  for (const [key, property] of Object.entries(properties)) {
    const include = required.has(key) ? !(hostility > 0 && choices.chance(0.08)) : choices.chance(0.5);
    if (include) entries.push([key, generate(property, choices, hostility, key)]);
  }
  if (hostility > 0) {
    if (choices.chance(0.1))
      entries.push([choices.pick(['unknown', 'extra', 'id', 'Events', '']), hostileValue(choices)]);
    if (choices.chance(0.08)) entries.push([choices.pick(PROTOTYPE_KEYS), { polluted: true }]);
    if (choices.chance(0.03) && entries.length > 0) entries.push(entries[0]);
  }
  return new KeyedObject(entries);
}

/**
 * Percent-encoding that also takes lone surrogates (which `encodeURIComponent` refuses): each is sent as the
 * three bytes UTF-8 would give it, which no valid UTF-8 decoder accepts.
 */
function encode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** A query or path value as text (objects and arrays as JSON, the way a careless client might send them). */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return jsonText(value);
}

const PATH_JUNK = [
  '%zz',
  '%ff',
  '%',
  '%0',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%C0%AF',
  '%E2%80%AE',
  '%F0%9F%98%80',
  '%ED%A0%80',
  '%FE%FF',
  'Billing',
  'billing%20',
  '-billing',
  '_',
  'a%2Fb',
  '%252F',
  '%u0041',
  '%2',
];

function pathValue(parameter: SpecParameter, choices: Choices, hostile: boolean): string {
  if (!hostile) return encode(String(generate(parameter.schema, choices, 0, parameter.name)));
  switch (choices.int(0, 5)) {
    case 0:
    case 1:
      return choices.pick(PATH_JUNK);
    case 2:
      return choices.pick([
        'a'.repeat(100),
        'a'.repeat(101),
        'a'.repeat(999),
        'a'.repeat(1000),
        'a'.repeat(1001),
      ]);
    case 3:
      return 'b'.repeat(choices.pick([5_000, 10_000, 20_000]));
    case 4:
      return encode(choices.pick(UNICODE));
    default:
      return encode(asText(hostileValue(choices)).slice(0, 3_000));
  }
}

function queryValue(parameter: SpecParameter, choices: Choices, hostile: boolean): string {
  if (parameter.name === 'from' || parameter.name === 'to') {
    if (!hostile)
      return dateTime(
        choices,
        -(parameter.name === 'from' ? choices.int(2, 48) : choices.int(0, 1)) * 3_600_000,
      );
  }
  const value = generate(parameter.schema, choices, hostile ? 1 : 0, parameter.name);
  return asText(value).slice(0, hostile ? choices.pick([1_000, 10_000, 120_000]) : 200);
}

/** An `application/json` body that is not what the operation expects, or not JSON at all. */
function brokenBody(schema: Json, choices: Choices): string {
  const valid = jsonText(generate(schema, choices, 0));
  switch (choices.int(0, 14)) {
    case 0:
      return '';
    case 1:
      return valid.slice(0, Math.max(1, Math.floor(valid.length / 2)));
    case 2:
      return `${valid.slice(0, -1)},}`;
    case 3:
      return choices.pick([
        'null',
        '[]',
        '"text"',
        '123',
        'true',
        '{}',
        'NaN',
        'undefined',
        "{'a':1}",
        '{a:1}',
      ]);
    case 4:
      return `\uFEFF${valid}`;
    case 5:
      return `${'['.repeat(choices.pick([33, 100, 1_000, 100_000]))}1`;
    case 6:
      return `{"a":${'{"a":'.repeat(choices.pick([31, 32, 40]))}1${'}'.repeat(choices.pick([31, 32, 40]))}}`;
    case 7:
      return `{"__proto__":{"polluted":true},${valid.slice(1)}`;
    case 8:
      return `{"constructor":{"prototype":{"polluted":true}},${valid.slice(1)}`;
    case 9:
      return `[${valid}]`;
    case 10:
      return `${valid}${valid}`;
    case 11:
      return valid.replace(/"/g, "'");
    case 12:
      return `{"padding":"${'x'.repeat(choices.pick([100_000, 500_000, 1_100_000]))}"}`;
    case 13:
      return `${valid}\u0000`;
    default:
      return '\ud800';
  }
}

const WRONG_MEDIA_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/jsonx',
  'json',
  '*/*',
  'application/merge-patch+json',
];

const JSON_MEDIA_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/json; charset=latin1',
  'application/json;',
];

const OTHER_METHODS = ['DELETE', 'PATCH', 'POST', 'PUT', 'GET', 'OPTIONS', 'HEAD', 'TRACE'];

const UNKNOWN_PATHS = [
  '/api/v1/unknown',
  '/api/v1/metrics/summary/extra',
  '/api/v2/metrics/summary',
  '//api/v1/modules',
  '/api/v1/modules/billing/versions',
  '/api/v1/modules/billing/..',
  '/api/v1/modules/..%2F..%2Fhealth',
  '/api/v1/./metrics/summary',
  '/API/V1/METRICS/SUMMARY',
  '/api/v1/metrics/summary/',
  '/api/v1/modules/',
  '/health/',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/api/v1/sensors/heartbeats/',
  '/api/v1/metrics;x=1/summary',
];

interface Operation {
  template: string;
  method: string;
  operation: SpecOperation;
}

export const OPERATIONS: Operation[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  Object.entries(item).map(([method, operation]) => ({ template, method, operation })),
);

/**
 * Operations in proportion to what they take: one with a body three times as often as one without input,
 * one with path or query parameters twice as often.
 */
const WEIGHTED: Operation[] = OPERATIONS.flatMap((entry) => {
  const parameters = (entry.operation.parameters ?? []).some((parameter) => parameter.in !== 'header');
  const weight = entry.operation.requestBody ? 3 : parameters ? 2 : 1;
  return Array.from({ length: weight }, () => entry);
});

/** Request `index` of seed `seed`: an operation of the spec, valid or hostile in one or several places. */
export function fuzzRequest(seed: number, index: number, ingestKey: string): FuzzRequest {
  const choices = new Choices(hash32(seed, index));
  const { template, method, operation } = choices.pick(WEIGHTED);
  // Most requests are hostile somewhere; a share is valid throughout, to reach the handlers' success paths.
  const hostile = choices.chance(0.8);
  const spot = (p: number) => hostile && choices.chance(p);
  const headers: Record<string, string> = {};

  let path = template;
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'path') continue;
    path = path.replace(`{${parameter.name}}`, pathValue(parameter, choices, spot(0.5)));
  }

  const query: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    const include = parameter.required ? !spot(0.15) : choices.chance(0.4);
    if (!include) continue;
    const bad = spot(0.35);
    query.push(`${parameter.name}=${encode(queryValue(parameter, choices, bad))}`);
    if (spot(0.08)) query.push(`${parameter.name}=${encode(queryValue(parameter, choices, false))}`);
  }
  // An operation that takes no query gets unknown and prototype keys more often: they are all it can refuse.
  const takesQuery = (operation.parameters ?? []).some((parameter) => parameter.in === 'query');
  const junk = takesQuery ? 1 : 3;
  if (spot(0.12 * junk)) {
    const key = choices.pick([
      'unknown',
      'limit',
      'dryRun',
      'callback',
      'type[]',
      'a.b',
      '',
      'Type',
      'INTERVAL',
    ]);
    query.push(`${encode(key)}=${encode(asText(hostileValue(choices)).slice(0, 200))}`);
  }
  if (spot(0.1 * junk)) {
    query.push(
      choices.pick([
        '__proto__=1',
        '__proto__[polluted]=1',
        'constructor=1',
        'constructor[prototype][polluted]=1',
        'prototype=1',
        '__proto__.polluted=1',
        'hasOwnProperty=1',
        'toString=x',
      ]),
    );
  }
  if (spot(0.05)) query.push(choices.pick(['%zz=1', 'a=%ff', '&&&', '=', '==', 'a', '?', 'a=1&a=2&a=3']));
  const target = query.length > 0 ? `${path}?${query.join('&')}` : path;

  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'header' || !choices.chance(0.2)) continue;
    headers[parameter.name] = hostile
      ? choices.pick([
          '*',
          '"x"',
          'W/"abc"',
          '',
          'x'.repeat(8_000),
          '"' + 'a'.repeat(200) + '"',
          '-1',
          '99999999999999999999',
        ])
      : choices.pick(['"abc"', 'W/"1"', '1']);
  }

  // The ingest key: right (two ways), wrong, or none; on read operations too.
  const keyed = (operation.security?.length ?? 0) > 0;
  if (keyed ? choices.chance(0.8) : choices.chance(0.15)) {
    const key = spot(0.3)
      ? choices.pick([
          'wrong-key',
          '',
          ' ',
          ingestKey.toUpperCase(),
          `${ingestKey} `,
          `${ingestKey},second-key`,
          'k'.repeat(10_000),
        ])
      : ingestKey;
    if (choices.chance(0.6))
      headers.authorization = spot(0.1)
        ? choices.pick([`Basic ${key}`, `bearer ${key}`, `Bearer  ${key}`, 'Bearer'])
        : `Bearer ${key}`;
    else headers['x-api-key'] = key;
  }
  if (choices.chance(0.05)) {
    headers['x-request-id'] = choices.pick([
      'fuzz-1',
      'a'.repeat(64),
      'a'.repeat(65),
      'bad id',
      '../x',
      '"x"',
      '',
    ]);
  }
  if (choices.chance(0.08)) {
    headers.accept = choices.pick([
      'text/csv',
      '*/*',
      'application/xml',
      'text/event-stream',
      'application/problem+json',
      'text/csv;q=0.5, application/json',
    ]);
  }

  let body: string | undefined;
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  if (bodySchema) {
    if (spot(0.35)) body = brokenBody(bodySchema, choices);
    else body = jsonText(generate(bodySchema, choices, hostile ? 0.12 : 0));
    if (spot(0.1)) headers['content-type'] = choices.pick(WRONG_MEDIA_TYPES);
    else if (!spot(0.03)) headers['content-type'] = choices.pick(JSON_MEDIA_TYPES);
  } else if (spot(0.04)) {
    body = jsonText(hostileValue(choices));
    headers['content-type'] = 'application/json';
  }

  let requestMethod = method.toUpperCase();
  let requestTarget = target;
  let addresses: FuzzRequest['addresses'] = { template, method };
  if (spot(0.05)) {
    requestMethod = choices.pick(OTHER_METHODS.filter((other) => other !== requestMethod));
    addresses = null;
  }
  if (spot(0.03)) {
    requestTarget = choices.pick(UNKNOWN_PATHS) + (query.length > 0 ? `?${query.join('&')}` : '');
    addresses = null;
  }
  return {
    index,
    method: requestMethod,
    target: requestTarget,
    headers,
    body,
    operationId: operation.operationId,
    addresses,
  };
}
