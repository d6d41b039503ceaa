import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { insertProject, insertSensors } from './support/fixtures';
import { FuzzRequest, fuzzRequest } from './support/fuzz-requests';
import { findOperation, validatorFor } from './support/openapi-spec';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

/**
 * A few thousand requests generated from openapi/openapi.json (valid and hostile: see fuzz-requests.ts)
 * against the real app. No answer may be a 5xx (the stores are up) or take more than 2 s; every 4xx is a
 * problem document of its own status with an X-Request-Id; every 2xx matches the spec's schema for it.
 * The seed is fixed; FUZZ_SEED=<n> runs another one, and every failure names the seed and request index.
 */

const SEED = process.env.FUZZ_SEED === undefined ? 20_261_128 : Number(process.env.FUZZ_SEED);
const REQUESTS = 3_000;
const CONCURRENCY = 4;
const SLOW_MS = 2_000;
/** A request still unanswered after this is abandoned (and reported as slow). */
const GIVE_UP_MS = 15_000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

/** Sends one generated request as it is; a stream's answer ends at its headers. */
function send(port: number, agent: Agent, fuzz: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers: Record<string, string | number> = { ...fuzz.headers };
    if (fuzz.body !== undefined) headers['content-length'] = Buffer.byteLength(fuzz.body);
    const req = request(
      { host: '127.0.0.1', port, method: fuzz.method, path: fuzz.target, headers, agent },
      (res) => {
        const answer = { status: res.statusCode ?? 0, headers: res.headers, text: '', ms: 0 };
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          answer.ms = performance.now() - started;
          res.destroy();
          resolve(answer);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          answer.text = Buffer.concat(chunks).toString('utf8');
          answer.ms = performance.now() - started;
          resolve(answer);
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(GIVE_UP_MS, () => req.destroy(new Error(`no answer within ${GIVE_UP_MS} ms`)));
    req.on('error', reject);
    req.end(fuzz.body);
  });
}

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemResponseDto' };

/** What is wrong with an answer (empty when nothing is). */
function faults(fuzz: FuzzRequest, answer: Answer): string[] {
  const found: string[] = [];
  const type = String(answer.headers['content-type'] ?? '').split(';')[0];
  if (answer.status >= 500) found.push(`status ${answer.status}`);
  if (answer.ms > SLOW_MS) found.push(`answered in ${Math.round(answer.ms)} ms`);
  if (answer.headers['x-request-id'] === undefined) found.push('no X-Request-Id');
  const hasBody = fuzz.method !== 'HEAD';
  if (answer.status >= 400 && answer.status < 500) {
    if (type !== 'application/problem+json') found.push(`${answer.status} as ${type || 'no content type'}`);
    else if (hasBody) {
      let problem: unknown;
      try {
        problem = JSON.parse(answer.text);
      } catch {
        found.push(`${answer.status} problem is not JSON`);
      }
      const validate = validatorFor(PROBLEM_SCHEMA);
      if (problem !== undefined && !validate(problem))
        found.push(`problem off schema: ${JSON.stringify(validate.errors)}`);
      const status = (problem as { status?: unknown } | undefined)?.status;
      if (problem !== undefined && status !== answer.status)
        found.push(`problem status ${String(status)} on a ${answer.status}`);
    }
  }
  if (answer.status >= 200 && answer.status < 300) found.push(...successFaults(fuzz, answer, type, hasBody));
  return found;
}

/** A 2xx must be one the operation documents, of a listed media type, its body valid against the schema. */
function successFaults(fuzz: FuzzRequest, answer: Answer, type: string, hasBody: boolean): string[] {
  const bare = fuzz.target.split('?')[0];
  // A plain OPTIONS of a path that exists: 204 with Allow, no body.
  if (fuzz.method === 'OPTIONS')
    return answer.status === 204 && answer.text === '' ? [] : [`OPTIONS answered ${answer.status}`];
  const method = fuzz.method === 'HEAD' ? 'get' : fuzz.method.toLowerCase();
  const found = findOperation(method, bare);
  if (!found) return [`${answer.status} for a request no operation matches`];
  const documented = found.operation.responses[String(answer.status)];
  if (!documented) return [`${answer.status} is not documented for ${found.operation.operationId}`];
  if (!hasBody) return [];
  if (!documented.content)
    return answer.text === '' ? [] : [`${answer.status} has a body the spec does not document`];
  if (!Object.keys(documented.content).includes(type))
    return [`${answer.status} as ${type}, not a listed media type`];
  if (type !== 'application/json') return [];
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [`${answer.status} body is not JSON`];
  }
  const validate = validatorFor(documented.content[type].schema);
  return validate(body) ? [] : [`${answer.status} body off schema: ${JSON.stringify(validate.errors)}`];
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}… (${text.length} chars)`;
}

/** The request and what went wrong, for the report. */
function report(fuzz: FuzzRequest, problems: string[], answer?: Answer): string {
  const headers = Object.fromEntries(
    Object.entries(fuzz.headers).map(([name, value]) => [name, truncate(value, 80)]),
  );
  return [
    `#${fuzz.index} (${fuzz.operationId}) ${fuzz.method} ${truncate(fuzz.target, 300)}`,
    `  headers: ${JSON.stringify(headers)}`,
    fuzz.body === undefined ? '  no body' : `  body: ${truncate(JSON.stringify(fuzz.body), 300)}`,
    `  → ${problems.join('; ')}`,
    answer ? `  answer: ${answer.status} ${truncate(answer.text, 300)}` : '',
  ].join('\n');
}

jest.setTimeout(180_000);

describe(`fuzz: ${REQUESTS} requests generated from the OpenAPI document (FUZZ_SEED=${SEED})`, () => {
  let ctx: TestContext;
  let port: number;
  let sensorIds: number[];

  beforeAll(async () => {
    // Thousands of requests from one address: the rate limit must not stop them before the handlers.
    // Streams are opened and dropped at once; their caps must not turn that into 429s and 503s either.
    ctx = await createTestApp({
      env: {
        RATE_LIMIT_PER_MINUTE: '1000000',
        STREAM_MAX_CLIENTS: '100000',
        STREAM_MAX_CLIENTS_PER_IP: '100000',
      },
    });
    const project = await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date() });
    sensorIds = (
      await insertSensors(ctx.dataSource, project.id, ['temperature', 'humidity', 'pressure'])
    ).map((sensor) => sensor.id);
    await ctx.app.listen(0, '127.0.0.1');
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ctx?.close());

  it('answers every request without a 5xx, within 2 s, as problem+json or as the spec says', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    let slowest = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < REQUESTS) {
        const fuzz = fuzzRequest(SEED, next++, INGEST_KEY);
        try {
          const answer = await send(port, agent, fuzz);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          slowest = Math.max(slowest, answer.ms);
          const problems = faults(fuzz, answer);
          if (problems.length > 0) failures.push(report(fuzz, problems, answer));
        } catch (error) {
          failures.push(report(fuzz, [`no answer: ${(error as Error).message}`]));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    const summary = {
      seed: SEED,
      requests: REQUESTS,
      seconds: (Date.now() - started) / 1000,
      slowestMs: Math.round(slowest),
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    };
    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify(summary));
    expect({ seed: SEED, failures: failures.length, first: failures.slice(0, 15) }).toEqual({
      seed: SEED,
      failures: 0,
      first: [],
    });
  });

  it('is healthy afterwards and answers a known request exactly', async () => {
    const ready = await ctx.http().get('/health/ready');
    expect(ready.status).toBe(200);
    const body = {
      currentVersion: '7.1.0',
      lastDeployedAt: '2026-11-20T14:03:00Z',
      upcomingVersion: '7.2.0',
      upcomingReleaseDate: '2026-12-04',
      releaseNotes: 'After the fuzz.',
    };
    const put = await ctx.http().put('/api/v1/modules/after-fuzz').set('x-api-key', INGEST_KEY).send(body);
    expect(put.status).toBe(201);
    const got = await ctx.http().get('/api/v1/modules/after-fuzz');
    expect({ status: got.status, body: got.body }).toEqual({
      status: 200,
      body: { name: 'after-fuzz', ...body, lastDeployedAt: '2026-11-20T14:03:00.000Z' },
    });
    const beats = await ctx
      .http()
      .post('/api/v1/sensors/heartbeats')
      .set('authorization', `Bearer ${INGEST_KEY}`)
      .send({ sensorIds: [...sensorIds, 2_000_000_000] });
    expect({ status: beats.status, body: beats.body }).toEqual({
      status: 202,
      body: { accepted: 3, unknown: [2_000_000_000] },
    });
  });
});
