const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const calendarDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayAndTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** 1234567 → "1,234,567"; fractions (history averages) keep one decimal. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** A count that may be unknown (a store was unavailable): "–" then. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : formatNumber(value);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toLocaleTimeString();
}

/** An instant as a local day and time: "20 Nov 2026, 14:03". */
export function formatDayAndTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : dayAndTime.format(date);
}

/** A local day: "20 Nov 2026". */
export function formatDay(ms: number): string {
  return day.format(new Date(ms));
}

/** A calendar date ("2026-12-04", no time zone) as "4 Dec 2026". */
export function formatCalendarDate(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : calendarDay.format(new Date(ms));
}

const DURATION_UNITS = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
] as const;

/** A window in seconds as people say it after "the last": 60 → "minute", 300 → "5 minutes", 604800 → "7 days". */
export function formatDuration(seconds: number): string {
  const [size, name] = DURATION_UNITS.find(([unit]) => seconds % unit === 0) ?? DURATION_UNITS[3];
  const count = seconds / size;
  return count === 1 ? name : `${formatNumber(count)} ${name}s`;
}

/**
 * `part` of `total` as a percentage, rounded to whole percents except where that would lie: never "100%"
 * while some are missing, never "0%" while some are there (one decimal then: "99.9%", "0.1%").
 */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '–';
  const exact = (part / total) * 100;
  let shown = Math.round(exact);
  if (shown >= 100 && part < total) shown = Math.floor(exact * 10) / 10;
  else if (shown <= 0 && part > 0) shown = Math.max(0.1, Math.ceil(exact * 10) / 10);
  return `${formatNumber(shown)}%`;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}
