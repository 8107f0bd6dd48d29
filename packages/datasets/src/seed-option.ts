import { Generator } from '@gradlab/tensor';

/** How random functions of this package get their randomness. */
export interface SeedOptions {
  /** A seeded generator to draw from (its state advances). */
  generator?: Generator;
  /** Or a seed for a fresh generator. Default 42. */
  seed?: number;
}

/** The generator for `options`: the given one, else a fresh one seeded with `seed` (default 42). */
export function resolveGenerator(options: SeedOptions = {}): Generator {
  return options.generator ?? new Generator(options.seed ?? 42);
}

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function permutation(n: number, generator: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
