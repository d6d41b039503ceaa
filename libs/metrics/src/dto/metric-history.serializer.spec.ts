import type { MetricHistoryDto } from './metric-history.dto';
import { serializeMetricHistory } from './metric-history.serializer';

function history(points: MetricHistoryDto['points']): MetricHistoryDto {
  return {
    metricType: 'activeUsers.web',
    interval: '1h',
    from: '2026-11-27T16:00:00.000Z',
    to: '2026-11-27T18:30:00.000Z',
    aggregation: 'avg',
    unit: 'users "quoted"',
    points,
  };
}

describe('serializeMetricHistory', () => {
  it('writes exactly what JSON.stringify writes, field order included', () => {
    const answer = history([
      { timestamp: '2026-11-27T16:00:00.000Z', value: 12.5 },
      { timestamp: '2026-11-27T17:00:00.000Z', value: null },
      { timestamp: '2026-11-27T18:00:00.000Z', value: 0 },
    ]);
    expect(serializeMetricHistory(answer)).toBe(JSON.stringify(answer));
    expect(serializeMetricHistory(history([]))).toBe(JSON.stringify(history([])));
  });

  it('reuses the text of a points array it has written, whatever the envelope', () => {
    const points = [{ timestamp: '2026-11-27T16:00:00.000Z', value: 1 }];
    const first = history(points);
    const second = { ...history(points), to: '2026-11-27T16:59:59.000Z' };
    expect(serializeMetricHistory(first)).toBe(JSON.stringify(first));
    const stringify = jest.spyOn(JSON, 'stringify');
    expect(serializeMetricHistory(second)).toBe(
      '{"metricType":"activeUsers.web","interval":"1h","from":"2026-11-27T16:00:00.000Z",' +
        '"to":"2026-11-27T16:59:59.000Z","aggregation":"avg","unit":"users \\"quoted\\"",' +
        '"points":[{"timestamp":"2026-11-27T16:00:00.000Z","value":1}]}',
    );
    expect(stringify).toHaveBeenCalledTimes(1); // the envelope only
    stringify.mockRestore();
  });
});
