import type { components, HistoryInterval } from '../../clients/typescript';

export type HistoryInfo = components['schemas']['HistoryInfoDto'];

const HOUR = 3_600;
const DAY = 86_400;

/** The ranges offered, ending now. */
export const PRESETS = [
  { id: '1h', label: '1 hour', seconds: HOUR },
  { id: '24h', label: '24 hours', seconds: DAY },
  { id: '7d', label: '7 days', seconds: 7 * DAY },
  { id: '30d', label: '30 days', seconds: 30 * DAY },
  { id: '90d', label: '90 days', seconds: 90 * DAY },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];
export const DEFAULT_PRESET: PresetId = '24h';

/** A chart reads well up to about this many points; the interval chosen for a range stays within it. */
export const TARGET_POINTS = 800;

export type TimeRange =
  { kind: 'preset'; preset: PresetId } | { kind: 'custom'; fromMs: number; toMs: number };

/** What the URL holds: the range, the metric, and the interval (null: the one that fits the range). */
export interface View {
  range: TimeRange;
  metric: string | null;
  interval: HistoryInterval | null;
}

export function presetSeconds(id: PresetId): number {
  return PRESETS.find((preset) => preset.id === id)!.seconds;
}

/** The range's [from, to] in ms at `nowMs`: presets end now. */
export function rangeBounds(range: TimeRange, nowMs: number): { fromMs: number; toMs: number } {
  if (range.kind === 'custom') return { fromMs: range.fromMs, toMs: range.toMs };
  return { fromMs: nowMs - presetSeconds(range.preset) * 1000, toMs: nowMs };
}

/** The intervals the history answers for a range this long (their reach, from GET /api/v1/info, covers it). */
export function allowedIntervals(history: HistoryInfo, seconds: number): HistoryInterval[] {
  return history.intervals.filter((entry) => entry.maxRangeSeconds >= seconds).map((entry) => entry.interval);
}

/** The finest allowed interval that keeps the range within TARGET_POINTS; null when none reaches that far. */
export function fittingInterval(history: HistoryInfo, seconds: number): HistoryInterval | null {
  const allowed = history.intervals.filter((entry) => entry.maxRangeSeconds >= seconds);
  const fitting = allowed.find((entry) => seconds / entry.seconds <= TARGET_POINTS);
  return (fitting ?? allowed[allowed.length - 1])?.interval ?? null;
}

function isPreset(value: string | null): value is PresetId {
  return PRESETS.some((preset) => preset.id === value);
}

/** The view a URL's query asks for; whatever is missing or malformed is left to the defaults. */
export function readView(search: string, intervals: readonly string[]): View {
  const params = new URLSearchParams(search);
  const rangeParam = params.get('range');
  let range: TimeRange = { kind: 'preset', preset: DEFAULT_PRESET };
  if (isPreset(rangeParam)) range = { kind: 'preset', preset: rangeParam };
  else if (rangeParam === 'custom') {
    const fromMs = Date.parse(params.get('from') ?? '');
    const toMs = Date.parse(params.get('to') ?? '');
    if (fromMs < toMs) range = { kind: 'custom', fromMs, toMs };
  }
  const interval = params.get('interval');
  return {
    range,
    metric: params.get('metric') || null,
    interval: interval !== null && intervals.includes(interval) ? (interval as HistoryInterval) : null,
  };
}

/** The query that reproduces a view: `?range=7d&metric=activeUsers&interval=15m`, or a custom from/to. */
export function writeView(range: TimeRange, metric: string, interval: HistoryInterval): string {
  const params = new URLSearchParams();
  if (range.kind === 'preset') params.set('range', range.preset);
  else {
    params.set('range', 'custom');
    params.set('from', new Date(range.fromMs).toISOString());
    params.set('to', new Date(range.toMs).toISOString());
  }
  params.set('metric', metric);
  params.set('interval', interval);
  return `?${params.toString()}`;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An instant as a datetime-local input's value (local time, to the minute). */
export function toLocalInput(ms: number): string {
  const date = new Date(ms);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
