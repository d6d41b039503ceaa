import {
  createAnalyticsClient,
  SUMMARY_STREAM_PATH,
  unwrap,
  type HistoryInterval,
  type MetricsSummary,
  type MetricType,
  type MetricTypeList,
} from '../../clients/typescript';
import { byId, formatCount, formatTime } from './format';
import { HistoryChart } from './history-chart';
import { followSummaryStream, type ConnectionState } from './summary-stream';

const INTERVALS = [
  '1m',
  '5m',
  '15m',
  '30m',
  '1h',
  '6h',
  '12h',
  '1d',
] as const satisfies readonly HistoryInterval[];
// Fails to compile when the API gains an interval this list lacks.
const everyInterval: [Exclude<HistoryInterval, (typeof INTERVALS)[number]>] extends [never] ? true : never =
  true;
void everyInterval;
const DEFAULT_INTERVAL: HistoryInterval = '5m';
const DEFAULT_METRIC = 'activeUsers';

const TILES = [
  'activeUsers',
  'apiRejectedCount',
  'newProjectsLast7Days',
  'totalLiveProjects',
  'sensorsOnline',
  'sensorsOffline',
] as const satisfies readonly (keyof MetricsSummary)[];

const REFRESH_BREAKDOWN_MS = 60_000;
const REFRESH_HISTORY_MS = 60_000;
const MAX_TYPE_BARS = 8;

// The API lives beside the page (the page may be served under a path prefix by a proxy).
const baseUrl = new URL('.', window.location.href).href.replace(/\/$/, '');
const api = createAnalyticsClient({ baseUrl });

interface Bar {
  key: string;
  label: string;
  count: number;
  tone?: 'good' | 'muted';
}

function renderBars(list: HTMLElement, bars: Bar[], emptyText: string): void {
  if (bars.length === 0) {
    list.replaceChildren(
      Object.assign(document.createElement('li'), { className: 'hint', textContent: emptyText }),
    );
    return;
  }
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  list.replaceChildren(
    ...bars.map((bar) => {
      const item = document.createElement('li');
      item.className = 'bar';
      item.dataset.key = bar.key;
      item.dataset.count = String(bar.count);
      const label = Object.assign(document.createElement('span'), {
        className: 'bar-label',
        textContent: bar.label,
        title: bar.label,
      });
      const track = Object.assign(document.createElement('span'), { className: 'bar-track' });
      const fill = Object.assign(document.createElement('span'), {
        className: bar.tone ? `bar-fill bar-fill--${bar.tone}` : 'bar-fill',
      });
      fill.style.display = 'block';
      fill.style.width = `${(bar.count / max) * 100}%`;
      track.append(fill);
      const count = Object.assign(document.createElement('span'), {
        className: 'bar-count',
        textContent: formatCount(bar.count),
      });
      item.append(label, track, count);
      return item;
    }),
  );
}

let shownGeneratedAt = 0;

function renderSummary(summary: MetricsSummary): void {
  const generatedAt = Date.parse(summary.generatedAt);
  // The first fetch and the stream may cross: never go back to an older summary.
  if (generatedAt < shownGeneratedAt) return;
  shownGeneratedAt = generatedAt;

  for (const field of TILES) {
    const value = summary[field];
    const element = document.querySelector<HTMLElement>(`[data-tile="${field}"] .value`);
    if (!element) continue;
    const text = formatCount(value);
    if (element.textContent !== text && element.textContent !== '–') {
      element.classList.add('changed');
      window.setTimeout(() => element.classList.remove('changed'), 1_500);
    }
    element.textContent = text;
    element.dataset.value = value === null ? '' : String(value);
  }

  const platforms = summary.activeUsersByPlatform;
  renderBars(
    byId('platforms'),
    platforms
      ? Object.entries(platforms).map(([platform, count]) => ({ key: platform, label: platform, count }))
      : [],
    'unavailable',
  );

  const { sensorsOnline: online, sensorsOffline: offline } = summary;
  const known = online !== null && offline !== null;
  renderBars(
    byId('sensor-health'),
    known
      ? [
          { key: 'online', label: 'online', count: online, tone: 'good' },
          { key: 'offline', label: 'offline', count: offline, tone: 'muted' },
        ]
      : [],
    'unavailable',
  );
  byId('sensor-health-share').textContent =
    known && online + offline > 0
      ? `${Math.round((online / (online + offline)) * 100)}% of sensors online`
      : '';

  const degraded = byId('degraded');
  degraded.hidden = summary.degraded.length === 0;
  degraded.textContent = `Partial data: ${summary.degraded.join(' and ')} unavailable; those numbers show as –.`;

  const updated = byId<HTMLTimeElement>('updated');
  updated.dateTime = summary.generatedAt;
  updated.textContent = formatTime(summary.generatedAt);
}

async function loadSummary(): Promise<void> {
  renderSummary(await unwrap(api.GET('/api/v1/metrics/summary')));
}

async function loadBreakdown(): Promise<void> {
  const list = byId('sensor-types');
  try {
    const breakdown = await unwrap(api.GET('/api/v1/sensors/type-breakdown'));
    const shown: Bar[] = breakdown.types
      .slice(0, MAX_TYPE_BARS)
      .map((entry) => ({ key: entry.type, label: entry.type, count: entry.count }));
    const rest = breakdown.types.slice(MAX_TYPE_BARS).reduce((sum, entry) => sum + entry.count, 0);
    if (rest > 0) shown.push({ key: '(other)', label: 'other types', count: rest });
    renderBars(list, shown, 'no sensors yet');
    byId('sensor-types-total').textContent =
      `${formatCount(breakdown.total)} sensors of ${breakdown.types.length} types`;
  } catch (error) {
    byId('sensor-types-total').textContent = `Could not load the breakdown: ${(error as Error).message}`;
  }
}

const metricSelect = byId<HTMLSelectElement>('metric');
const intervalSelect = byId<HTMLSelectElement>('interval');
const chart = new HistoryChart(byId('chart'));
let historyRequest = 0;

function fillPickers(types: MetricTypeList): void {
  metricSelect.replaceChildren(
    ...types.items.map((item) => {
      const option = new Option(item.type, item.type);
      option.title = item.description;
      return option;
    }),
  );
  metricSelect.value = types.items.some((item) => item.type === DEFAULT_METRIC)
    ? DEFAULT_METRIC
    : (types.items[0]?.type ?? '');
  intervalSelect.replaceChildren(...INTERVALS.map((interval) => new Option(interval, interval)));
  intervalSelect.value = DEFAULT_INTERVAL;
}

async function loadHistory(): Promise<void> {
  // The picker holds the types the server listed (GET /api/v1/metrics/types).
  const type: MetricType = metricSelect.value;
  const interval = intervalSelect.value as HistoryInterval;
  if (!type) return;
  const request = ++historyRequest;
  const note = byId('chart-note');
  try {
    const history = await unwrap(
      api.GET('/api/v1/metrics/history', { params: { query: { type, interval } } }),
    );
    // A newer choice was made while this one loaded.
    if (request !== historyRequest) return;
    chart.show(history, type);
    const samples = history.points.filter((point) => point.value !== null).length;
    note.textContent =
      samples === 0
        ? 'No samples in this range yet: the service records one per minute.'
        : `${history.points.length} buckets of ${interval}, ${history.aggregation === 'sum' ? 'summed' : 'averaged'}; gaps where no sample exists.`;
  } catch (error) {
    if (request === historyRequest)
      note.textContent = `Could not load the history: ${(error as Error).message}`;
  }
}

function showConnection(state: ConnectionState, reconnected: boolean): void {
  const status = byId('connection');
  status.dataset.state = state;
  status.textContent =
    state === 'live'
      ? reconnected
        ? 'live again'
        : 'live'
      : state === 'lost'
        ? 'connection lost, retrying'
        : 'connecting…';
  if (state === 'live' && reconnected) {
    // Whatever changed while the stream was down.
    void loadBreakdown();
    void loadHistory();
    window.setTimeout(() => {
      if (status.dataset.state === 'live') status.textContent = 'live';
    }, 10_000);
  }
}

async function start(): Promise<void> {
  followSummaryStream(`${baseUrl}${SUMMARY_STREAM_PATH}`, {
    onSummary: renderSummary,
    onState: showConnection,
  });
  metricSelect.addEventListener('change', () => void loadHistory());
  intervalSelect.addEventListener('change', () => void loadHistory());
  window.setInterval(() => void loadBreakdown(), REFRESH_BREAKDOWN_MS);
  window.setInterval(() => void loadHistory(), REFRESH_HISTORY_MS);
  const types = unwrap(api.GET('/api/v1/metrics/types')).then((list) => {
    fillPickers(list);
    return loadHistory();
  });
  await Promise.allSettled([loadSummary(), loadBreakdown(), types]);
}

void start();
