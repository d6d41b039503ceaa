import type { MetricHistoryDto, MetricPointDto } from './metric-history.dto';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The CSV rows of each cached points array, made once and freed with the array (as for the JSON). */
const pointsCsv = new WeakMap<readonly MetricPointDto[], string>();

/**
 * A history answer as CSV (RFC 4180, CRLF line ends): a `timestamp,value` header, then one row per
 * bucket, the ISO timestamp and the value, empty where no sample exists.
 */
export function serializeMetricHistoryCsv(history: MetricHistoryDto): string {
  let csv = pointsCsv.get(history.points);
  if (csv === undefined) {
    csv = 'timestamp,value\r\n';
    for (const point of history.points)
      csv += `${point.timestamp},${point.value === null ? '' : point.value}\r\n`;
    pointsCsv.set(history.points, csv);
  }
  return csv;
}

/** e.g. `activeUsers_1h_2026-11-27T16-00-00Z_2026-11-27T19-00-00Z.csv`: sortable, safe on every file system. */
export function historyCsvFileName(history: MetricHistoryDto): string {
  const stamp = (iso: string) => iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const name = `${history.metricType}_${history.interval}_${stamp(history.from)}_${stamp(history.to)}.csv`;
  return name.replace(/[^A-Za-z0-9._-]/g, '-');
}
