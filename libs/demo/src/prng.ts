/**
 * Deterministic randomness for demo data: the same inputs give the same numbers on every machine, so a
 * seed run can be repeated, resumed or compared.
 */

/** mulberry32: a small, fast, seeded 32-bit generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A well-spread 32-bit hash of integers (each may exceed 2^32, e.g. epoch milliseconds). */
export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = mix(h ^ (part >>> 0));
    h = mix(h ^ (Math.floor(part / 4_294_967_296) >>> 0));
  }
  return h;
}

/** A number in [0, 1) fixed by its inputs: randomness addressed by key instead of drawn in sequence. */
export function unitHash(...parts: number[]): number {
  return hash32(...parts) / 4_294_967_296;
}

/**
 * Smooth noise in [-1, 1] over time: random values at knots `periodMs` apart, cosine-interpolated, so a
 * series wanders instead of jumping from one minute to the next.
 */
export function smoothNoise(salt: number, timeMs: number, periodMs: number): number {
  const position = timeMs / periodMs;
  const knot = Math.floor(position);
  const a = unitHash(salt, knot) * 2 - 1;
  const b = unitHash(salt, knot + 1) * 2 - 1;
  const blend = (1 - Math.cos((position - knot) * Math.PI)) / 2;
  return a + (b - a) * blend;
}

/** Picks an index by weight, given the cumulative weights (ascending, last = total) and a uniform draw. */
export function pickCumulative(cumulative: readonly number[], uniform: number): number {
  const target = uniform * cumulative[cumulative.length - 1];
  for (let i = 0; i < cumulative.length; i++) if (target < cumulative[i]) return i;
  return cumulative.length - 1;
}

export function cumulativeWeights(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((weight) => (total += weight));
}

/** A Poisson-distributed count with mean `mean` from one uniform draw (normal approximation past 50). */
export function poisson(mean: number, uniform: number, secondUniform = 0.5): number {
  if (mean <= 0) return 0;
  if (mean > 50) {
    // Box-Muller with the two draws.
    const u1 = Math.max(uniform, 1e-12);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * secondUniform);
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  let k = 0;
  let probability = Math.exp(-mean);
  let cumulative = probability;
  while (uniform > cumulative && k < 1_000) {
    k++;
    probability *= mean / k;
    cumulative += probability;
  }
  return k;
}
