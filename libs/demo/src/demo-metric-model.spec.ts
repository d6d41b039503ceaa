import { DAY_MS, DemoMetricModel, HOUR_MS, MINUTE_MS, PLATFORM_OVERLAP } from './demo-metric-model';

const NOW = Date.UTC(2026, 10, 25, 16, 30); // a Wednesday afternoon
const PLATFORMS = ['web', 'mobile-app1', 'mobile-app2'];

describe('DemoMetricModel', () => {
  const model = new DemoMetricModel(PLATFORMS, 50_000, NOW);

  it('ends the active-user history at the live count', () => {
    expect(Math.abs(model.activeUsers(NOW) - 50_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(model.activeUsers(NOW - MINUTE_MS) - 50_000)).toBeLessThan(2_500);
  });

  it('peaks in the afternoon (UTC) and is lowest at night', () => {
    const byHour = new Array<number>(24).fill(0);
    const dayStart = Date.UTC(2026, 10, 17); // two weeks of weekdays and weekends
    for (let t = dayStart; t < dayStart + 14 * DAY_MS; t += 5 * MINUTE_MS) {
      byHour[new Date(t).getUTCHours()] += model.activeUsers(t);
    }
    const peak = byHour.indexOf(Math.max(...byHour));
    const trough = byHour.indexOf(Math.min(...byHour));
    expect(peak).toBeGreaterThanOrEqual(12);
    expect(peak).toBeLessThanOrEqual(17);
    expect(trough).toBeLessThanOrEqual(5);
    expect(byHour[peak] / byHour[trough]).toBeGreaterThan(2.5);
  });

  it('grows over the history', () => {
    const average = (from: number) => {
      let sum = 0;
      for (let t = from; t < from + 7 * DAY_MS; t += HOUR_MS) sum += model.activeUsers(t);
      return sum;
    };
    expect(average(NOW - 90 * DAY_MS)).toBeLessThan(average(NOW - 8 * DAY_MS) * 0.85);
  });

  it('splits users over platforms with shares summing to the total plus the overlap', () => {
    for (let t = NOW - DAY_MS; t < NOW; t += HOUR_MS) {
      const shares = model.platformShares(t);
      expect(shares).toHaveLength(3);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1 + PLATFORM_OVERLAP, 6);
      expect(shares[0]).toBeGreaterThan(shares[1]);
    }
    expect(new DemoMetricModel(['web'], 10, NOW).platformShares(NOW)).toEqual([1]);
  });

  it('keeps most sensors online, with rare outages', () => {
    let outageMinutes = 0;
    for (let t = NOW - 90 * DAY_MS; t < NOW; t += MINUTE_MS) {
      const share = model.onlineShare(t);
      expect(share).toBeGreaterThanOrEqual(0.5);
      expect(share).toBeLessThanOrEqual(0.9);
      if (share < 0.8) outageMinutes++;
    }
    expect(outageMinutes).toBeGreaterThan(0);
    expect(outageMinutes).toBeLessThan(90 * 1_440 * 0.02);
  });

  it('counts a few rejections a minute, with bursts', () => {
    const counts: number[] = [];
    for (let t = NOW - 7 * DAY_MS; t < NOW; t += MINUTE_MS) counts.push(model.rejections(t, 300));
    const sorted = [...counts].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(2);
    expect(sorted[sorted.length - 1]).toBeGreaterThan(5);
  });

  it('gives the same minute the same numbers', () => {
    const again = new DemoMetricModel(PLATFORMS, 50_000, NOW);
    const t = NOW - 3 * DAY_MS;
    expect(again.activeUsers(t)).toBe(model.activeUsers(t));
    expect(again.rejections(t, 1_000)).toBe(model.rejections(t, 1_000));
    expect(again.onlineShare(t)).toBe(model.onlineShare(t));
  });
});
