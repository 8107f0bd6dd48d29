import { NDArray } from '@gradlab/tensor';
import { resolveGenerator, type SeedOptions } from './seed-option.js';

/** Options of {@link makeQuadratic}. */
export interface MakeQuadraticOptions extends SeedOptions {
  /** Default 1000. */
  nSamples?: number;
  /** x is uniform in [low, high). Default [−10, 10). */
  low?: number;
  high?: number;
  /** Standard deviation of the Gaussian noise on y. Default 10. */
  noise?: number;
  /** [a, b, c] of y = a·x² + b·x + c. Default [3, 2, 1]. */
  coefficients?: readonly [number, number, number];
}

/** A regression set with features and targets, both float32 `[N, 1]`. */
export interface RegressionSet {
  features: NDArray;
  targets: NDArray;
}

/** y = 3x² + 2x + 1 + noise(σ = 10) on 1000 uniform x in [−10, 10), seeded: the optimiser lab's data. */
export function makeQuadratic(options: MakeQuadraticOptions = {}): RegressionSet {
  const n = checkCount('makeQuadratic', options.nSamples ?? 1000);
  const { low = -10, high = 10, noise = 10 } = options;
  const [a, b, c] = options.coefficients ?? [3, 2, 1];
  const g = resolveGenerator(options);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = low + (high - low) * g.random();
    x[i] = v;
    y[i] = a * v * v + b * v + c + noise * g.normal();
  }
  return {
    features: NDArray.fromTypedArray(x, [n, 1]),
    targets: NDArray.fromTypedArray(y, [n, 1]),
  };
}

/** Options of {@link makeNoisySine}. */
export interface MakeNoisySineOptions extends SeedOptions {
  /** Default 1000. */
  nSamples?: number;
  /** Time step between samples (radians). Default 0.1. */
  step?: number;
  /** Standard deviation of the noise. Default 0.1. */
  noise?: number;
}

/** A noisy sine, `sin(t) + noise` at t = 0, step, 2·step…: `time` and `values`, float32 `[N]`. */
export function makeNoisySine(options: MakeNoisySineOptions = {}): {
  time: NDArray;
  values: NDArray;
} {
  const n = checkCount('makeNoisySine', options.nSamples ?? 1000);
  const { step = 0.1, noise = 0.1 } = options;
  const g = resolveGenerator(options);
  const t = new Float32Array(n);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i * step;
    v[i] = Math.sin(i * step) + noise * g.normal();
  }
  return {
    time: NDArray.fromTypedArray(t, [n]),
    values: NDArray.fromTypedArray(v, [n]),
  };
}

/** Options of {@link makeSequenceSums}. */
export interface MakeSequenceSumsOptions extends SeedOptions {
  /** Number of sequences. Default 1000. */
  nSamples?: number;
  /** Steps per sequence. Default 20. */
  length?: number;
  /** Values are uniform in [low, high). Default [0, 1). */
  low?: number;
  high?: number;
}

/** Random sequences `[N, length, 1]` and their sums `[N, 1]`, for the RNN/LSTM summing task. */
export function makeSequenceSums(options: MakeSequenceSumsOptions = {}): RegressionSet {
  const n = checkCount('makeSequenceSums', options.nSamples ?? 1000);
  const len = checkCount('makeSequenceSums', options.length ?? 20, 'length');
  const { low = 0, high = 1 } = options;
  const g = resolveGenerator(options);
  const x = new Float32Array(n * len);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < len; j++) {
      const v = low + (high - low) * g.random();
      x[i * len + j] = v;
      s += v;
    }
    y[i] = s;
  }
  return {
    features: NDArray.fromTypedArray(x, [n, len, 1]),
    targets: NDArray.fromTypedArray(y, [n, 1]),
  };
}

/** Checks a positive integer count option. */
export function checkCount(op: string, n: number, name = 'nSamples'): number {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${op}: ${name} must be an integer ≥ 1, got ${n}`);
  return n;
}
