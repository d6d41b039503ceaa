/**
 * Load benchmark of the read endpoints against a running server.
 *
 *   npx ts-node --transpile-only bench/run.ts
 *
 * For each endpoint: one cold request first (timed with fetch: the first answer after the server started,
 * before its caches hold anything), then WARM_REQUESTS sequential requests (their median is the warm
 * latency of one client), then a bounded autocannon run under concurrency; prints requests/s, latency
 * percentiles and the non-2xx count. bench/README.md has the whole procedure (migrate, seed large, start,
 * run).
 *
 * The server limits each client IP (RATE_LIMIT_PER_MINUTE, 100/min by default), and every request here
 * comes from one IP: start the server with a limit far above what a run sends (RATE_LIMIT_PER_MINUTE=1000000,
 * the highest it accepts), or most answers are 429s. A limited run shows up as a large non-2xx count.
 *
 * Environment:
 *   BENCH_URL          server base URL (default http://127.0.0.1:8080)
 *   BENCH_DURATION     seconds per endpoint (default 10, at most 120)
 *   BENCH_CONNECTIONS  concurrent connections (default 20, at most 500)
 *   BENCH_ONLY         run only the endpoints whose name contains this text
 */
import autocannon, { AutocannonResult } from 'autocannon';

const WARM_BUDGET_MS = 50;
const COLD_BUDGET_MS = 1_000;
const WARM_REQUESTS = 20;

function readNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

interface Endpoint {
  name: string;
  path: string;
}

function endpoints(nowMs: number): Endpoint[] {
  const to = new Date(nowMs).toISOString();
  const from = new Date(nowMs - 80 * 86_400_000).toISOString();
  return [
    { name: 'summary', path: '/api/v1/metrics/summary' },
    { name: 'history 5m (last 24 h)', path: '/api/v1/metrics/history?type=activeUsers&interval=5m' },
    {
      name: 'history 1h (80 days)',
      path: `/api/v1/metrics/history?type=activeUsers&interval=1h&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    },
    { name: 'sensor type breakdown', path: '/api/v1/sensors/type-breakdown' },
    { name: 'modules', path: '/api/v1/modules' },
  ];
}

interface Row {
  endpoint: Endpoint;
  coldMs: number;
  coldStatus: number;
  warmMedianMs: number;
  warmMaxMs: number;
  result: AutocannonResult;
}

async function timedRequest(url: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Sequential requests, one at a time: the latency one client sees once caches are warm. */
async function warmRequests(url: string): Promise<{ medianMs: number; maxMs: number; failed: number }> {
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const { ms, status } = await timedRequest(url);
    times.push(ms);
    if (status >= 300) failed++;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], failed };
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function printTable(rows: Row[]): void {
  const header = [
    'endpoint',
    'cold ms',
    'warm ms',
    'warm max',
    'req/s',
    'p50 ms',
    'p97.5 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'budget',
  ];
  const lines = rows.map((row) => {
    const { latency, requests } = row.result;
    const withinBudget =
      row.coldMs < COLD_BUDGET_MS &&
      row.coldStatus < 300 &&
      row.warmMedianMs < WARM_BUDGET_MS &&
      row.result.non2xx === 0;
    return [
      row.endpoint.name,
      `${row.coldMs.toFixed(1)}${row.coldStatus >= 300 ? ` (${row.coldStatus})` : ''}`,
      row.warmMedianMs.toFixed(1),
      row.warmMaxMs.toFixed(1),
      requests.average.toFixed(0),
      String(latency.p50),
      String(latency.p97_5),
      String(latency.p99),
      String(row.result.non2xx),
      String(row.result.errors + row.result.timeouts),
      withinBudget ? 'ok' : 'OVER',
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i], i > 0)).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
  process.stdout.write(
    `\nwarm: median of ${WARM_REQUESTS} sequential requests; req/s and percentiles: the loaded run\n` +
      `budget: cold < ${COLD_BUDGET_MS} ms, warm < ${WARM_BUDGET_MS} ms, no non-2xx answer under load\n`,
  );
}

async function main(): Promise<number> {
  const baseUrl = (process.env.BENCH_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const duration = readNumber('BENCH_DURATION', 10, 1, 120);
  const connections = readNumber('BENCH_CONNECTIONS', 20, 1, 500);
  const only = process.env.BENCH_ONLY;

  try {
    await timedRequest(`${baseUrl}/health/live`);
  } catch (error) {
    process.stderr.write(`no server answering at ${baseUrl}: ${(error as Error).message}\n`);
    return 1;
  }

  const selected = endpoints(Date.now()).filter((endpoint) => !only || endpoint.name.includes(only));
  process.stdout.write(
    `benchmarking ${baseUrl}: ${selected.length} endpoints, ${duration} s each, ${connections} connections\n`,
  );
  const rows: Row[] = [];
  for (const endpoint of selected) {
    const url = `${baseUrl}${endpoint.path}`;
    const cold = await timedRequest(url);
    const warm = await warmRequests(url);
    process.stdout.write(
      `${endpoint.name}: cold ${cold.ms.toFixed(1)} ms (${cold.status}), warm median ${warm.medianMs.toFixed(1)} ms` +
        `${warm.failed > 0 ? ` (${warm.failed} non-2xx)` : ''}; loading...\n`,
    );
    const result = await autocannon({ url, connections, duration, timeout: 10, title: endpoint.name });
    rows.push({
      endpoint,
      coldMs: cold.ms,
      coldStatus: cold.status,
      warmMedianMs: warm.medianMs,
      warmMaxMs: warm.maxMs,
      result,
    });
    const codes = Object.entries(result.statusCodeStats)
      .map(([code, stats]) => `${code}: ${stats.count}`)
      .join(', ');
    process.stdout.write(
      `${endpoint.name}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${codes})\n`,
    );
  }
  printTable(rows);
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
