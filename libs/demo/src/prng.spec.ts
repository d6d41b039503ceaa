import {
  cumulativeWeights,
  hash32,
  mulberry32,
  pickCumulative,
  poisson,
  smoothNoise,
  unitHash,
} from './prng';

describe('demo randomness', () => {
  it('mulberry32 repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('hashes are fixed by their inputs, including numbers past 2^32', () => {
    expect(hash32(1, 2)).toBe(hash32(1, 2));
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
    expect(hash32(1_795_814_463_025)).not.toBe(hash32(1_795_814_463_025 + 2 ** 32));
    const draws = Array.from({ length: 10_000 }, (_, i) => unitHash(7, i));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('smooth noise stays in [-1, 1] and changes little from one minute to the next', () => {
    let previous = smoothNoise(3, 0, 3_600_000);
    for (let t = 60_000; t < 86_400_000; t += 60_000) {
      const value = smoothNoise(3, t, 3_600_000);
      expect(Math.abs(value)).toBeLessThanOrEqual(1);
      expect(Math.abs(value - previous)).toBeLessThan(0.1);
      previous = value;
    }
  });

  it('picks by weight', () => {
    const cumulative = cumulativeWeights([1, 3]);
    expect(pickCumulative(cumulative, 0.2)).toBe(0);
    expect(pickCumulative(cumulative, 0.3)).toBe(1);
    expect(pickCumulative(cumulative, 0.999)).toBe(1);
  });

  it('draws Poisson counts around the mean', () => {
    for (const mean of [0.5, 4, 120]) {
      const draws = Array.from({ length: 5_000 }, (_, i) => poisson(mean, unitHash(1, i), unitHash(2, i)));
      const average = draws.reduce((sum, value) => sum + value, 0) / draws.length;
      expect(Math.abs(average - mean)).toBeLessThan(Math.max(0.1, mean * 0.05));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    }
    expect(poisson(0, 0.5)).toBe(0);
  });
});
