/** The results of one benchmark run, and the one Markdown table they print as. */
import type { LoadResult, ProbeStats } from './protocol';

export interface Facts {
  startedAt: string;
  node: string;
  cores: number;
  cpuModel: string;
  pinned: boolean;
  commit: string;
  loadAverageAtStart: number;
  loadAverageAtEnd?: number;
  connections: number;
  durationS: number;
  rounds: number;
  sensors?: { count: number; minId: number; maxId: number };
}

export interface ReadResult {
  name: string;
  path: string;
  /** The service's answer size, which the baseline answers too. */
  bodyBytes: number;
  targetRatio: number;
  service: LoadResult[];
  baseline: LoadResult[];
  error?: string;
}

export interface IngestResult {
  name: string;
  path: string;
  itemsPerRequest: number;
  unit: string;
  targetPerSec: number;
  runs: LoadResult[];
  error?: string;
}

export interface ColdResult {
  name: string;
  path: string;
  ms: number;
  status: number;
  targetMs?: number;
  error?: string;
}

export interface SensorPhaseResult {
  sensors: number;
  minutes: number;
  load?: LoadResult;
  probe?: ProbeStats;
  /** The server's counter the rows come from (Innodb_rows_updated, or Handler_update on MariaDB). */
  rowsCounter?: string;
  rowsUpdated?: number;
  /** The minutes the counter was watched over: the paced ones and the wait for the last flush. */
  rowsMinutes?: number;
  rowsPerMinute?: number;
  flushWaitS?: number;
  flushFinished?: boolean;
  error?: string;
}

export interface BenchResults {
  facts: Facts;
  cold: ColdResult[];
  reads: ReadResult[];
  ingest: IngestResult[];
  /** The server's probe over the read and ingest load (reset before the first read). */
  loadProbe?: ProbeStats;
  sensors?: SensorPhaseResult;
  notes: string[];
  totalS?: number;
}

export const TARGETS = {
  p99OverBaseline: 3,
  loopMaxMs: 50,
  rowsPerMinuteShare: 0.2,
  sensorPhaseRssMb: 250,
  loadRssMb: 200,
} as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median run of several (req/s, p50 and p99 each the median; errors summed). */
export function medianRun(runs: LoadResult[]): LoadResult | undefined {
  if (runs.length === 0) return undefined;
  if (runs.length === 1) return runs[0];
  const sum = (pick: (run: LoadResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    durationS: sum((run) => run.durationS),
    requests: sum((run) => run.requests),
    ok2xx: sum((run) => run.ok2xx),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    reqPerSec: median(runs.map((run) => run.reqPerSec)),
    okPerSec: median(runs.map((run) => run.okPerSec)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    maxMs: Math.max(...runs.map((run) => run.maxMs)),
    statusCodes: {},
  };
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 100 ? value.toFixed(1) : int(value));
const verdict = (ok: boolean | undefined) => (ok === undefined ? '—' : ok ? 'yes' : '**no**');

interface Row {
  cells: string[];
  ok: boolean | undefined;
}

function row(
  what: string,
  reqPerSec: string,
  p50: string,
  p99: string,
  errors: string,
  baselineReqPerSec: string,
  baselineP99: string,
  ratio: string,
  target: string,
  ok: boolean | undefined,
): Row {
  return {
    cells: [what, reqPerSec, p50, p99, errors, baselineReqPerSec, baselineP99, ratio, target],
    ok,
  };
}

function readRows(reads: ReadResult[]): Row[] {
  return reads.map((read) => {
    const service = medianRun(read.service);
    const baseline = medianRun(read.baseline);
    if (read.error !== undefined || service === undefined) {
      return row(
        `${read.name}: failed (${read.error ?? 'no run'})`,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        false,
      );
    }
    const errors = service.non2xx + service.errors;
    const ratio = baseline && baseline.reqPerSec > 0 ? service.reqPerSec / baseline.reqPerSec : undefined;
    const p99Limit = baseline ? baseline.p99Ms * TARGETS.p99OverBaseline : undefined;
    const ok =
      ratio === undefined || p99Limit === undefined
        ? undefined
        : errors === 0 && ratio >= read.targetRatio && service.p99Ms <= p99Limit;
    return row(
      read.name,
      int(service.reqPerSec),
      ms(service.p50Ms),
      ms(service.p99Ms),
      int(errors),
      baseline ? int(baseline.reqPerSec) : '—',
      baseline ? ms(baseline.p99Ms) : '—',
      ratio === undefined ? '—' : ratio.toFixed(2),
      `≥ ${read.targetRatio}×, p99 ≤ ${p99Limit === undefined ? '3× baseline' : `${ms(p99Limit)} ms`}`,
      ok,
    );
  });
}

function ingestRows(ingest: IngestResult[]): Row[] {
  return ingest.map((item) => {
    const run = medianRun(item.runs);
    if (item.error !== undefined || run === undefined) {
      return row(
        `${item.name}: failed (${item.error ?? 'no run'})`,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        false,
      );
    }
    const perSec = run.okPerSec * item.itemsPerRequest;
    return row(
      `${item.name} = **${int(perSec)} ${item.unit}/s**`,
      int(run.reqPerSec),
      ms(run.p50Ms),
      ms(run.p99Ms),
      int(run.non2xx + run.errors),
      '—',
      '—',
      '—',
      `≥ ${int(item.targetPerSec)} ${item.unit}/s`,
      perSec >= item.targetPerSec,
    );
  });
}

function coldRows(cold: ColdResult[]): Row[] {
  return cold.map((item) => {
    const failed = item.error !== undefined || item.status < 200 || item.status >= 300;
    const what = failed
      ? `cold: ${item.name}: failed (${item.error ?? `status ${item.status}`})`
      : `cold: first ${item.name} after start = **${ms(item.ms)} ms**`;
    const ok = failed ? false : item.targetMs === undefined ? undefined : item.ms <= item.targetMs;
    return row(
      what,
      '—',
      '—',
      '—',
      failed ? '1' : '0',
      '—',
      '—',
      '—',
      item.targetMs ? `≤ ${item.targetMs} ms` : '—',
      ok,
    );
  });
}

function sensorRows(phase: SensorPhaseResult): Row[] {
  const title = `${int(phase.sensors)} sensors × ${phase.minutes} min`;
  if (phase.error !== undefined || phase.load === undefined) {
    return [
      row(`${title}: failed (${phase.error ?? 'no run'})`, '—', '—', '—', '—', '—', '—', '—', '—', false),
    ];
  }
  const load = phase.load;
  const errors = load.non2xx + load.errors;
  const rows = [
    row(
      `${title}: heartbeats, 1,000 ids a request, paced${load.late ? ` (${load.late} sent late)` : ''}`,
      load.reqPerSec.toFixed(1),
      ms(load.p50Ms),
      ms(load.p99Ms),
      int(errors),
      '—',
      '—',
      '—',
      'no errors',
      errors === 0,
    ),
  ];
  if (phase.probe) {
    rows.push(
      row(
        `${title}: event-loop delay max / p99 = **${ms(phase.probe.loopMaxMs)} / ${ms(phase.probe.loopP99Ms)} ms**`,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        `max ≤ ${TARGETS.loopMaxMs} ms`,
        phase.probe.loopMaxMs <= TARGETS.loopMaxMs,
      ),
    );
  }
  if (phase.rowsPerMinute !== undefined) {
    const limit = phase.sensors * TARGETS.rowsPerMinuteShare;
    const flush = phase.flushFinished === false ? ' (last flush still running when measured)' : '';
    rows.push(
      row(
        `${title}: MySQL rows updated per minute (${phase.rowsCounter}, ${int(phase.rowsUpdated ?? 0)} over ${(phase.rowsMinutes ?? phase.minutes).toFixed(1)} min) = **${int(phase.rowsPerMinute)}**${flush}`,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        `≤ ${int(limit)}`,
        phase.rowsPerMinute <= limit,
      ),
    );
  }
  if (phase.probe) {
    rows.push(
      row(
        `${title}: peak RSS of the server = **${int(phase.probe.rssPeakMb)} MB**`,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        `< ${TARGETS.sensorPhaseRssMb} MB`,
        phase.probe.rssPeakMb < TARGETS.sensorPhaseRssMb,
      ),
    );
  }
  return rows;
}

function loadProbeRows(probe: ProbeStats): Row[] {
  return [
    row(
      `read + ingest load: peak RSS of the server = **${int(probe.rssPeakMb)} MB** (since start: ${int(probe.rssLifetimePeakMb)} MB)`,
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      `< ${TARGETS.loadRssMb} MB`,
      probe.rssPeakMb < TARGETS.loadRssMb,
    ),
    row(
      `read + ingest load: event-loop delay max / p99 = ${ms(probe.loopMaxMs)} / ${ms(probe.loopP99Ms)} ms`,
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      undefined,
    ),
  ];
}

export function headerLine(facts: Facts): string {
  const pinning = facts.pinned
    ? 'server and baseline pinned to CPU 0, load tool to CPU 1 (taskset)'
    : 'not pinned (no taskset or one core): server and load share the cores';
  const sensors = facts.sensors ? ` · ${int(facts.sensors.count)} sensors` : '';
  return (
    `node ${facts.node} · nproc ${facts.cores} (${facts.cpuModel}) · ${pinning} · ` +
    `${facts.connections} connections, ${facts.durationS} s per run, ${facts.rounds} round(s)${sensors} · ` +
    `commit ${facts.commit} · load average ${facts.loadAverageAtStart.toFixed(2)} at start` +
    `${facts.loadAverageAtEnd === undefined ? '' : `, ${facts.loadAverageAtEnd.toFixed(2)} at end`} · ${facts.startedAt}`
  );
}

/** The table, Markdown, ready to paste; and how many rows missed their target. */
export function renderTable(results: BenchResults): { text: string; missed: number; rows: number } {
  const rows = [
    ...readRows(results.reads),
    ...ingestRows(results.ingest),
    ...coldRows(results.cold),
    ...(results.sensors ? sensorRows(results.sensors) : []),
    ...(results.loadProbe ? loadProbeRows(results.loadProbe) : []),
  ];
  const header = [
    'what',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'baseline req/s',
    'baseline p99 ms',
    'ratio',
    'target',
    'ok',
  ];
  const lines = [
    headerLine(results.facts),
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 || i >= header.length - 2 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${[...r.cells, verdict(r.ok)].join(' | ')} |`),
  ];
  const judged = rows.filter((r) => r.ok !== undefined);
  return { text: lines.join('\n'), missed: judged.filter((r) => r.ok === false).length, rows: judged.length };
}
