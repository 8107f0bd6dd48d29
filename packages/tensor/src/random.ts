import type { Backend } from './backend.js';
import { getBackend } from './backend-registry.js';
import { allocArray, castScalar, checkDType, type DType } from './dtype.js';
import { NDArray } from './ndarray.js';
import { checkShape, type Shape, sizeOf } from './shape.js';

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna) on four
 * 32-bit words, seeded through splitmix32 so that nearby seeds give unrelated
 * streams. Uniform doubles take 53 random bits from two outputs; normals use
 * the Box–Muller transform (both values of each pair are used). The same seed
 * gives the same stream on every platform.
 */
export class Generator {
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed = 42) {
    this.manualSeed(seed);
  }

  /** Restarts the stream from `seed` (any finite number; it is hashed to 32 bits). */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed))
      throw new Error(`manualSeed: seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
    this.spare = null;
    return this;
  }

  /** The generator's state, to save and later restore with {@link setState}. */
  getState(): number[] {
    return [...this.s, this.spare ?? Number.NaN];
  }
  setState(state: readonly number[]): this {
    if (state.length !== 5)
      throw new Error(`Generator.setState: expected 5 numbers, got ${state.length}`);
    for (let i = 0; i < 4; i++) this.s[i] = state[i]! >>> 0;
    this.spare = Number.isNaN(state[4]) ? null : state[4]!;
    return this;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const u1 = 1 - this.random(); // (0, 1]: log is finite
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform integer in [low, high). */
  randint(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let globalGenerator = new Generator(42);

/** Reseeds the global generator used when no `generator` option is given. */
export function manualSeed(seed: number): Generator {
  globalGenerator = new Generator(seed);
  return globalGenerator;
}

/** The global generator. */
export function defaultGenerator(): Generator {
  return globalGenerator;
}

export interface RandomOptions {
  generator?: Generator;
  dtype?: DType;
  backend?: Backend;
}

function sample(
  op: string,
  shape: Shape,
  o: RandomOptions,
  fallback: DType,
  draw: (g: Generator) => number,
) {
  const dtype = o.dtype === undefined ? fallback : checkDType(op, o.dtype);
  const s = checkShape(op, shape);
  const g = o.generator ?? globalGenerator;
  const data = allocArray(dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = castScalar(draw(g), dtype);
  return NDArray.fromTypedArray(data, s, o.backend ?? getBackend());
}

/** Uniform samples in [0, 1). */
export const rand = (shape: Shape, o: RandomOptions = {}) =>
  sample('rand', shape, o, 'float32', (g) => g.random());
/** Standard normal samples. */
export const randn = (shape: Shape, o: RandomOptions = {}) =>
  sample('randn', shape, o, 'float32', (g) => g.normal());

/** Uniform samples in [low, high). */
export function uniform(shape: Shape, low = 0, high = 1, o: RandomOptions = {}): NDArray {
  if (!(high >= low)) throw new Error(`uniform: high ${high} must be ≥ low ${low}`);
  return sample('uniform', shape, o, 'float32', (g) => low + (high - low) * g.random());
}

/** Normal samples with the given mean and standard deviation. */
export function normal(shape: Shape, mean = 0, std = 1, o: RandomOptions = {}): NDArray {
  if (!(std >= 0)) throw new Error(`normal: std must be ≥ 0, got ${std}`);
  return sample('normal', shape, o, 'float32', (g) => mean + std * g.normal());
}

/** Uniform integers in [low, high), int32 by default. */
export function randint(low: number, high: number, shape: Shape, o: RandomOptions = {}): NDArray {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new Error(`randint: need integers low < high, got ${low}, ${high}`);
  }
  return sample('randint', shape, o, 'int32', (g) => g.randint(low, high));
}

/**
 * 1 with probability p, else 0. `p` is a number (with `shape`) or an array of
 * probabilities (the result has its shape).
 */
export function bernoulli(p: number | NDArray, shape?: Shape, o: RandomOptions = {}): NDArray {
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new Error(`bernoulli: p must be in [0, 1], got ${p}`);
    return sample('bernoulli', shape ?? [], o, 'float32', (g) => (g.random() < p ? 1 : 0));
  }
  const probs = p.dataSync();
  let i = 0;
  return sample('bernoulli', p.shape, { backend: p.backend, ...o }, 'float32', (g) => {
    const q = probs[i++]!;
    if (!(q >= 0 && q <= 1))
      throw new Error(`bernoulli: probabilities must be in [0, 1], got ${q}`);
    return g.random() < q ? 1 : 0;
  });
}

/** A random permutation of 0..n−1 (int32), by Fisher–Yates. */
export function randperm(n: number, o: RandomOptions = {}): NDArray {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`randperm: n must be an integer ≥ 0, got ${n}`);
  const g = o.generator ?? globalGenerator;
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.random() * (i + 1));
    const t = data[i]!;
    data[i] = data[j]!;
    data[j] = t;
  }
  return NDArray.fromTypedArray(data, [n], o.backend ?? getBackend());
}

/** The rows of x (along dim 0) in a random order; a new array. */
export function shuffle(x: NDArray, o: RandomOptions = {}): NDArray {
  if (x.ndim === 0) throw new Error('shuffle: cannot shuffle a 0-d array');
  return x.indexSelect(0, randperm(x.shape[0]!, { ...o, backend: x.backend }));
}
