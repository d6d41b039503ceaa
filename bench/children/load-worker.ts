/**
 * One load run, in a process of its own (the benchmark pins it to the core the server does not use).
 *
 *   node load-worker.js '<LoadSpec as JSON>'
 *
 * Prints progress to stderr and, as its last stdout line, the LoadResult as JSON.
 *   closed: autocannon, `connections` clients each sending its next request when the answer arrives;
 *           request bodies vary per request when the spec has a `body`.
 *   paced:  heartbeats of `sensorCount` sensors, each once per minute, in requests of `idsPerRequest` ids
 *           sent at evenly spaced planned times; latency counts from the planned time, so a server that
 *           falls behind shows it (no coordinated omission).
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import type { BodySpec, ClosedLoadSpec, LoadResult, LoadSpec, PacedLoadSpec } from '../support/protocol';

const MAX_RESPONSE_BYTES = 1_000_000;

/** Returns a function giving the next request body, cycling through distinct bodies. */
function bodySource(spec: BodySpec): () => Buffer {
  const cache = new Map<number, Buffer>();
  let next = 0;
  if (spec.kind === 'activity') {
    return () => {
      const index = next++ % spec.distinctBodies;
      let body = cache.get(index);
      if (body === undefined) {
        const events = Array.from({ length: spec.eventsPerRequest }, (_, i) => ({
          userId: `u-bench-${index * spec.eventsPerRequest + i}`,
          platform: spec.platforms[(index + i) % spec.platforms.length],
        }));
        body = Buffer.from(JSON.stringify({ events }));
        cache.set(index, body);
      }
      return body;
    };
  }
  return heartbeatBodies(spec.idsPerRequest, spec.firstId, spec.sensorCount);
}

/** Block k holds the ids firstId + k·idsPerRequest onwards: every id appears once per pass over the blocks. */
function heartbeatBodies(idsPerRequest: number, firstId: number, sensorCount: number): () => Buffer {
  const blocks = Math.max(1, Math.floor(sensorCount / idsPerRequest));
  const cache: Buffer[] = [];
  let next = 0;
  return () => {
    const block = next++ % blocks;
    let body = cache[block];
    if (body === undefined) {
      const start = firstId + block * idsPerRequest;
      const sensorIds = Array.from({ length: idsPerRequest }, (_, i) => start + i);
      body = Buffer.from(JSON.stringify({ sensorIds }));
      cache[block] = body;
    }
    return body;
  };
}

async function closedLoad(spec: ClosedLoadSpec): Promise<LoadResult> {
  const nextBody = spec.body ? bodySource(spec.body) : undefined;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 10,
    method: spec.method,
    headers: spec.headers,
    requests: nextBody
      ? [
          {
            method: spec.method,
            setupRequest: (req) => {
              req.body = nextBody();
              return req;
            },
          },
        ]
      : undefined,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    durationS: result.duration,
    requests: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    reqPerSec: result.requests.average,
    okPerSec: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    statusCodes,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function pacedLoad(spec: PacedLoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const perMinute = Math.max(1, Math.floor(spec.sensorCount / spec.idsPerRequest));
  const total = perMinute * spec.minutes;
  const gapMs = 60_000 / perMinute;
  const nextBody = heartbeatBodies(spec.idsPerRequest, spec.firstId, spec.sensorCount);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok2xx = 0;
  let errors = 0;
  let late = 0;
  let accepted = 0;

  const send = (body: Buffer, plannedAt: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...spec.headers, 'content-length': String(body.length) },
          timeout: spec.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          });
          res.on('end', () => {
            latencies.push(performance.now() - plannedAt);
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              ok2xx++;
              try {
                const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { accepted?: unknown };
                if (typeof answer.accepted === 'number') accepted += answer.accepted;
              } catch {
                // Counted as a 2xx all the same; `accepted` then shows the shortfall.
              }
            }
            resolve();
          });
          res.on('error', () => {
            errors++;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });

  const inFlight = new Set<Promise<void>>();
  const startedAt = performance.now();
  for (let i = 0; i < total; i++) {
    const plannedAt = startedAt + i * gapMs;
    const wait = plannedAt - performance.now();
    if (wait > 0) await sleep(wait);
    if (performance.now() - plannedAt > 1_000) late++;
    const pending = send(nextBody(), plannedAt);
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
    if ((i + 1) % perMinute === 0) {
      process.stderr.write(`  minute ${(i + 1) / perMinute} of ${spec.minutes}: ${i + 1} requests sent\n`);
    }
  }
  // Every request ends within its timeout.
  await Promise.all(inFlight);
  agent.destroy();
  const durationS = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  const non2xx = latencies.length - ok2xx;
  return {
    durationS,
    requests: latencies.length,
    ok2xx,
    non2xx,
    errors,
    reqPerSec: latencies.length / durationS,
    okPerSec: ok2xx / durationS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length > 0 ? latencies[latencies.length - 1] : 0,
    statusCodes,
    late,
    accepted,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  const result = spec.mode === 'paced' ? await pacedLoad(spec) : await closedLoad(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
