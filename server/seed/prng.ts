/**
 * A small seeded random source (mulberry32) for demo data: the same seed gives the same history on
 * every machine, so the demo's figures can be tested and screenshots stay comparable.
 */
export type Prng = {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Integer in [lo, hi], both included. */
  int: (lo: number, hi: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** Item chosen with probability proportional to `weight(item)`. */
  weighted: <T>(items: readonly T[], weight: (item: T) => number) => T;
  /** Log-normal with the given median and spread (σ of the underlying normal). */
  logNormal: (median: number, sigma: number) => number;
};

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    // Box–Muller; 1 - next() keeps the logarithm away from 0.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const prng: Prng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items, weight) => {
      const total = items.reduce((sum, item) => sum + weight(item), 0);
      let r = next() * total;
      for (const item of items) {
        r -= weight(item);
        if (r < 0) return item;
      }
      return items[items.length - 1]!;
    },
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
  };
  return prng;
}
