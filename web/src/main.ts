import {
  createAnalyticsClient,
  SUMMARY_STREAM_PATH,
  unwrap,
  type components,
  type HistoryInterval,
  type MetricsSummary,
  type MetricTypeList,
} from '../../clients/typescript';
import {
  byId,
  formatCount,
  formatDay,
  formatDuration,
  formatNumber,
  formatShare,
  formatTime,
} from './format';
import { HistoryChart } from './history-chart';
import { renderModules } from './modules-panel';
import { followSummaryStream, type ConnectionState } from './summary-stream';
import {
  allowedIntervals,
  DEFAULT_PRESET,
  fittingInterval,
  presetSeconds,
  PRESETS,
  rangeBounds,
  readView,
  toLocalInput,
  writeView,
  type TimeRange,
} from './time-range';

type ServiceInfo = components['schemas']['ServiceInfoDto'];
type MetricTypeItem = MetricTypeList['items'][number];

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
const REFRESH_MODULES_MS = 300_000;
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

let info: ServiceInfo | null = null;
let shownSummary: MetricsSummary | null = null;

/** The tiles' hints say the windows the server counts over (GET /api/v1/info). */
function showWindows(service: ServiceInfo): void {
  const { windows } = service;
  const hints: Record<string, string> = {
    activeUsers: `active in the last ${formatDuration(windows.activeUsersSeconds)}`,
    apiRejectedCount: `4xx answers in the last ${formatDuration(windows.apiRejectionsSeconds)}`,
    newProjectsLast7Days: `created in the last ${formatDuration(windows.newProjectsSeconds)}`,
    sensorsOnline: `heartbeat in the last ${formatDuration(windows.sensorOnlineSeconds)}`,
    sensorsOffline: `no heartbeat in the last ${formatDuration(windows.sensorOnlineSeconds)}`,
  };
  for (const [tile, hint] of Object.entries(hints)) {
    const element = document.querySelector<HTMLElement>(`[data-tile="${tile}"] .hint`);
    if (element) element.textContent = hint;
  }
  byId('version').textContent =
    `realtime-analytics ${service.version}` + (service.commit ? ` (${service.commit.slice(0, 7)})` : '');
}

/** Why the platform bars can add up to more than the active users. */
function showPlatformsNote(summary: MetricsSummary): void {
  const note = byId('platforms-note');
  const platforms = summary.activeUsersByPlatform;
  if (!platforms || summary.activeUsers === null || !info) {
    note.textContent = '';
    return;
  }
  const window = formatDuration(info.windows.activeUsersSeconds);
  const sum = Object.values(platforms).reduce((total, count) => total + count, 0);
  note.textContent =
    sum > summary.activeUsers
      ? `The platforms add up to ${formatNumber(sum)}, more than the ${formatNumber(summary.activeUsers)} active users: ` +
        `someone active on several platforms in the last ${window} counts on each, and once in the total.`
      : `Someone active on several platforms in the last ${window} counts on each, and once in the total.`;
}

let shownGeneratedAt = 0;

function renderSummary(summary: MetricsSummary): void {
  const generatedAt = Date.parse(summary.generatedAt);
  // The first fetch and the stream may cross: never go back to an older summary.
  if (generatedAt < shownGeneratedAt) return;
  shownGeneratedAt = generatedAt;
  shownSummary = summary;

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
  showPlatformsNote(summary);

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
    known && online + offline > 0 ? `${formatShare(online, online + offline)} of sensors online` : '';

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

async function loadModules(): Promise<void> {
  const list = byId('modules');
  try {
    renderModules(list, (await unwrap(api.GET('/api/v1/modules'))).items);
  } catch (error) {
    list.replaceChildren(
      Object.assign(document.createElement('li'), {
        className: 'hint',
        textContent: `Could not load the modules: ${(error as Error).message}`,
      }),
    );
  }
}

// The history: a metric, a time range and an interval, all three in the URL.
const metricSelect = byId<HTMLSelectElement>('metric');
const intervalSelect = byId<HTMLSelectElement>('interval');
const rangeGroup = byId('ranges');
const customForm = byId<HTMLFormElement>('custom-range');
const fromInput = byId<HTMLInputElement>('range-from');
const toInput = byId<HTMLInputElement>('range-to');
const chart = new HistoryChart(byId('chart'));
let metrics: MetricTypeItem[] = [];
let range: TimeRange = { kind: 'preset', preset: DEFAULT_PRESET };
/** The interval the viewer picked; null while the one that fits the range is used. */
let pickedInterval: HistoryInterval | null = null;
let historyRequest = 0;

function retentionSeconds(): number {
  return (info?.history.retentionDays ?? 0) * 86_400;
}

function rangeSeconds(nowMs = Date.now()): number {
  const { fromMs, toMs } = rangeBounds(range, nowMs);
  return Math.ceil((toMs - fromMs) / 1000);
}

/** The picked interval while the range allows it, else the one that fits. */
function currentInterval(): HistoryInterval | null {
  if (!info) return null;
  const seconds = rangeSeconds();
  if (pickedInterval && allowedIntervals(info.history, seconds).includes(pickedInterval))
    return pickedInterval;
  return fittingInterval(info.history, seconds);
}

function renderRangeButtons(): void {
  const kept = retentionSeconds();
  const buttons = PRESETS.map((preset) => {
    const button = Object.assign(document.createElement('button'), {
      type: 'button',
      textContent: preset.label,
      title: `The last ${preset.label}`,
    });
    button.dataset.range = preset.id;
    if (preset.seconds > kept) {
      button.disabled = true;
      button.title = `The service keeps ${formatDuration(kept)} of history`;
    }
    button.addEventListener('click', () => {
      range = { kind: 'preset', preset: preset.id };
      pickedInterval = null;
      customForm.hidden = true;
      void showView();
    });
    return button;
  });
  const custom = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Custom…' });
  custom.dataset.range = 'custom';
  custom.setAttribute('aria-controls', 'custom-range');
  custom.addEventListener('click', () => {
    const { fromMs, toMs } = rangeBounds(range, Date.now());
    fromInput.value = toLocalInput(fromMs);
    toInput.value = toLocalInput(toMs);
    customForm.hidden = false;
    fromInput.focus();
  });
  rangeGroup.replaceChildren(...buttons, custom);
}

function markRange(): void {
  const current = range.kind === 'preset' ? range.preset : 'custom';
  for (const button of rangeGroup.querySelectorAll<HTMLButtonElement>('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.range === current));
  }
}

function renderIntervalOptions(interval: HistoryInterval | null): void {
  if (!info) return;
  const allowed = allowedIntervals(info.history, rangeSeconds());
  intervalSelect.replaceChildren(
    ...info.history.intervals.map((entry) => {
      const option = new Option(formatDuration(entry.seconds), entry.interval);
      // Finer intervals than this would ask for more points than one answer holds.
      option.disabled = !allowed.includes(entry.interval);
      return option;
    }),
  );
  if (interval) intervalSelect.value = interval;
}

function fillMetrics(list: MetricTypeItem[], wanted: string | null): void {
  metrics = list;
  metricSelect.replaceChildren(
    ...list.map((item) => {
      const option = new Option(`${item.label} (${item.unit})`, item.type);
      option.title = item.description;
      return option;
    }),
  );
  const known = (type: string | null) => type !== null && list.some((item) => item.type === type);
  metricSelect.value = known(wanted)
    ? wanted!
    : known(DEFAULT_METRIC)
      ? DEFAULT_METRIC
      : (list[0]?.type ?? '');
}

/** Puts the view in the controls and the URL, then loads its history. */
async function showView(): Promise<void> {
  const interval = currentInterval();
  markRange();
  renderIntervalOptions(interval);
  if (interval && metricSelect.value) {
    window.history.replaceState(null, '', writeView(range, metricSelect.value, interval));
  }
  await loadHistory(interval);
}

async function loadHistory(interval = currentInterval()): Promise<void> {
  const type = metricSelect.value;
  const note = byId('chart-note');
  if (!type || !info) return;
  const request = ++historyRequest;
  if (!interval) {
    note.textContent = `The service keeps ${formatDuration(retentionSeconds())} of history: choose a shorter range.`;
    return;
  }
  const { fromMs, toMs } = rangeBounds(range, Date.now());
  try {
    const history = await unwrap(
      api.GET('/api/v1/metrics/history', {
        params: {
          query: { type, interval, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
        },
      }),
    );
    // A newer choice was made while this one loaded.
    if (request !== historyRequest) return;
    const metric = metrics.find((item) => item.type === type);
    chart.show(history, metric ? `${metric.label} (${metric.unit})` : type);
    const samples = history.points.filter((point) => point.value !== null).length;
    const span =
      range.kind === 'preset'
        ? `the last ${formatDuration(presetSeconds(range.preset))}`
        : `${formatDay(fromMs)} to ${formatDay(toMs)}`;
    note.textContent =
      samples === 0
        ? `No samples in ${span}: the service records one per minute.`
        : `${formatNumber(history.points.length)} points of ${formatDuration(intervalSeconds(interval))} over ${span}, ` +
          `${history.aggregation === 'sum' ? 'summed' : 'averaged'}; gaps where no sample exists.`;
  } catch (error) {
    if (request === historyRequest)
      note.textContent = `Could not load the history: ${(error as Error).message}`;
  }
}

function intervalSeconds(interval: HistoryInterval): number {
  return info?.history.intervals.find((entry) => entry.interval === interval)?.seconds ?? 60;
}

function wireHistoryControls(): void {
  metricSelect.addEventListener('change', () => void showView());
  intervalSelect.addEventListener('change', () => {
    pickedInterval = intervalSelect.value as HistoryInterval;
    void showView();
  });
  customForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const fromMs = new Date(fromInput.value).getTime();
    const toMs = new Date(toInput.value).getTime();
    if (!(fromMs < toMs)) {
      byId('chart-note').textContent = 'The range must start before it ends.';
      return;
    }
    range = { kind: 'custom', fromMs, toMs };
    pickedInterval = null;
    void showView();
  });
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
    void loadModules();
    window.setTimeout(() => {
      if (status.dataset.state === 'live') status.textContent = 'live';
    }, 10_000);
  }
}

async function startHistory(): Promise<void> {
  const [service, types] = await Promise.all([
    unwrap(api.GET('/api/v1/info')),
    unwrap(api.GET('/api/v1/metrics/types')),
  ]);
  info = service;
  showWindows(service);
  if (shownSummary) showPlatformsNote(shownSummary);
  const view = readView(
    window.location.search,
    service.history.intervals.map((entry) => entry.interval),
  );
  // A preset longer than what is kept falls back to the default.
  range =
    view.range.kind === 'preset' && presetSeconds(view.range.preset) > retentionSeconds()
      ? { kind: 'preset', preset: DEFAULT_PRESET }
      : view.range;
  pickedInterval = view.interval;
  if (range.kind === 'custom') {
    fromInput.value = toLocalInput(range.fromMs);
    toInput.value = toLocalInput(range.toMs);
    customForm.hidden = false;
  }
  fillMetrics(types.items, view.metric);
  renderRangeButtons();
  wireHistoryControls();
  await showView();
}

async function start(): Promise<void> {
  followSummaryStream(`${baseUrl}${SUMMARY_STREAM_PATH}`, {
    onSummary: renderSummary,
    onState: showConnection,
  });
  window.setInterval(() => void loadBreakdown(), REFRESH_BREAKDOWN_MS);
  // Ranges ending now move with the clock; a custom range stays put.
  window.setInterval(() => {
    if (range.kind === 'preset') void loadHistory();
  }, REFRESH_HISTORY_MS);
  window.setInterval(() => void loadModules(), REFRESH_MODULES_MS);
  await Promise.allSettled([
    loadSummary(),
    loadBreakdown(),
    loadModules(),
    startHistory().catch((error: Error) => {
      byId('chart-note').textContent = `Could not load the history: ${error.message}`;
    }),
  ]);
}

void start();
