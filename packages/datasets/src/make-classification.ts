import { type Generator, NDArray } from '@gradlab/tensor';
import { checkCount } from './make-regression.js';
import { permutation, resolveGenerator, type SeedOptions } from './seed-option.js';

/** A generated classification set: features float32 `[N, 2]`, targets int32 `[N]`. */
export interface ClassificationSet {
  features: NDArray;
  targets: NDArray;
}

/** Options shared by the 2-D generators. */
export interface MakeOptions extends SeedOptions {
  /** Total number of points. */
  nSamples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate. */
  noise?: number;
  /** Shuffle the rows (default true, as scikit-learn does). */
  shuffle?: boolean;
}

function finish(
  xy: number[][],
  labels: number[],
  g: Generator,
  noise: number,
  shuffle: boolean,
): ClassificationSet {
  const n = labels.length;
  const order = shuffle ? permutation(n, g) : Int32Array.from({ length: n }, (_, i) => i);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  order.forEach((src, i) => {
    x[2 * i] = xy[src]![0]! + noise * g.normal();
    x[2 * i + 1] = xy[src]![1]! + noise * g.normal();
    y[i] = labels[src]!;
  });
  return { features: NDArray.fromTypedArray(x, [n, 2]), targets: NDArray.fromTypedArray(y, [n]) };
}

function linspace(a: number, b: number, n: number, endpoint = true): number[] {
  const d = n > 1 ? (b - a) / (endpoint ? n - 1 : n) : 0;
  return Array.from({ length: n }, (_, i) => a + i * d);
}

/** Two interleaving half circles (scikit-learn's `make_moons`). Default 100 points, no noise. */
export function makeMoons(options: MakeOptions = {}): ClassificationSet {
  const n = checkCount('makeMoons', options.nSamples ?? 100);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const xy = [
    ...linspace(0, Math.PI, nOut).map((t) => [Math.cos(t), Math.sin(t)]),
    ...linspace(0, Math.PI, nIn).map((t) => [1 - Math.cos(t), 1 - Math.sin(t) - 0.5]),
  ];
  const labels = [...new Array(nOut).fill(0), ...new Array(nIn).fill(1)];
  return finish(xy, labels, resolveGenerator(options), options.noise ?? 0, options.shuffle ?? true);
}

/** A small circle inside a large one (scikit-learn's `make_circles`); `factor` is the inner radius (default 0.8). */
export function makeCircles(options: MakeOptions & { factor?: number } = {}): ClassificationSet {
  const n = checkCount('makeCircles', options.nSamples ?? 100);
  const factor = options.factor ?? 0.8;
  if (!(factor > 0 && factor < 1))
    throw new Error(`makeCircles: factor must be in (0, 1), got ${factor}`);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const xy = [
    ...linspace(0, 2 * Math.PI, nOut, false).map((t) => [Math.cos(t), Math.sin(t)]),
    ...linspace(0, 2 * Math.PI, nIn, false).map((t) => [
      factor * Math.cos(t),
      factor * Math.sin(t),
    ]),
  ];
  const labels = [...new Array(nOut).fill(0), ...new Array(nIn).fill(1)];
  return finish(xy, labels, resolveGenerator(options), options.noise ?? 0, options.shuffle ?? true);
}

/**
 * Interleaved spiral arms, one class per arm (CS231n's spiral data):
 * `nSamples` points per class, default 100 × 3 classes, angle noise 0.2.
 */
export function makeSpirals(options: MakeOptions & { classes?: number } = {}): ClassificationSet {
  const per = checkCount('makeSpirals', options.nSamples ?? 100);
  const k = checkCount('makeSpirals', options.classes ?? 3, 'classes');
  const g = resolveGenerator(options);
  const noise = options.noise ?? 0.2;
  const xy: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < k; c++) {
    const r = linspace(0, 1, per);
    const t = linspace(c * 4, (c + 1) * 4, per);
    for (let i = 0; i < per; i++) {
      const angle = t[i]! + noise * g.normal();
      xy.push([r[i]! * Math.sin(angle), r[i]! * Math.cos(angle)]);
      labels.push(c);
    }
  }
  return finish(xy, labels, g, 0, options.shuffle ?? true);
}

/** Options of {@link makeGaussianMixture}. */
export interface MakeGaussianMixtureOptions extends SeedOptions {
  /** Default 1000. */
  nSamples?: number;
  /** Component means. Default `[[-2, -2], [2, 2]]`. */
  means?: readonly (readonly number[])[];
  /** Standard deviation per component (isotropic). Default 1 each. */
  stds?: readonly number[];
  /** Mixing weights (normalised). Default equal. */
  weights?: readonly number[];
}

/**
 * Samples from a mixture of isotropic Gaussians (two in 2-D by default):
 * features `[N, D]`, targets int32 `[N]` = the component each point came from.
 */
export function makeGaussianMixture(options: MakeGaussianMixtureOptions = {}): ClassificationSet {
  const n = checkCount('makeGaussianMixture', options.nSamples ?? 1000);
  const means = options.means ?? [
    [-2, -2],
    [2, 2],
  ];
  const k = means.length;
  const d = means[0]?.length ?? 0;
  if (k === 0 || d === 0 || means.some((m) => m.length !== d)) {
    throw new Error(
      'makeGaussianMixture: means must be a non-empty list of points of equal dimension',
    );
  }
  const stds = options.stds ?? new Array<number>(k).fill(1);
  const weights = options.weights ?? new Array<number>(k).fill(1);
  if (stds.length !== k || weights.length !== k) {
    throw new Error(
      `makeGaussianMixture: need ${k} stds and ${k} weights (one per mean), got ${stds.length} and ${weights.length}`,
    );
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const g = resolveGenerator(options);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = g.random() * total;
    let c = 0;
    while (c < k - 1 && u >= weights[c]!) u -= weights[c++]!;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = means[c]![j]! + stds[c]! * g.normal();
  }
  return { features: NDArray.fromTypedArray(x, [n, d]), targets: NDArray.fromTypedArray(y, [n]) };
}
