// Seeded pseudo-random numbers for the lab (attacks, victim training, data splits): the same seed
// always gives the same sequence, so runs are reproducible. Not for cryptography.

/** A deterministic random source. Every method advances the same underlying stream. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). Throws RangeError unless n is a positive integer. */
  int(n: number): number;
  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** Standard normal sample (mean 0, standard deviation 1), Box–Muller. */
  normal(): number;
  /** Shuffle `items` in place (Fisher–Yates) and return it. */
  shuffle<T>(items: T[]): T[];
  /** A new independent generator seeded from this one (for sub-tasks that must not disturb it). */
  fork(): Rng;
}

/** 32-bit seed derived from any number or string (FNV-1a over the text form, then mixed). */
export function seedFrom(seed: number | string): number {
  const text = typeof seed === "number" ? seed.toString() : seed;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Create a generator (mulberry32) from an integer seed. Non-integer or string seeds are hashed
 * with {@link seedFrom}; integer seeds are used directly (after mixing) so `createRng(1)` and
 * `createRng(2)` give unrelated streams.
 */
export function createRng(seed: number | string): Rng {
  let state = typeof seed === "number" && Number.isInteger(seed) ? mix32(seed >>> 0) : seedFrom(seed);
  let spareNormal: number | undefined;

  const nextU32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextU32() / 4294967296;

  const rng: Rng = {
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    uniform(min: number, max: number): number {
      return min + (max - min) * next();
    },
    normal(): number {
      if (spareNormal !== undefined) {
        const s = spareNormal;
        spareNormal = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i] as T;
        items[i] = items[j] as T;
        items[j] = tmp;
      }
      return items;
    },
    fork(): Rng {
      return createRng(nextU32());
    },
  };
  return rng;
}
