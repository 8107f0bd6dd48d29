/**
 * The data of the lab: a two-Gaussian mixture in 2-D discretised into a
 * 16 × 16 grid with each coordinate written as 4 binary digits (8 binary
 * variables, so all 256 cells can be enumerated exactly), and the reference
 * models the learned densities are compared with.
 */
import { makeGaussianMixture } from '@gradlab/datasets';
import { type Generator, NDArray } from '@gradlab/tensor';
import { type ArModel, rowNll } from './models.js';

/** Bits per coordinate, bins per axis and the axis range [LO, HI). */
export const BITS = 4;
export const BINS = 1 << BITS;
export const LO = -4;
export const HI = 4;
export const DIMS = 2 * BITS;
export const CELLS = BINS * BINS;

/** The mixture: 60 % N((−1.5, −1), 0.7²I) and 40 % N((1.5, 1.5), 1.0²I). */
export const MIXTURE = {
  means: [
    [-1.5, -1],
    [1.5, 1.5],
  ],
  stds: [0.7, 1.0],
  weights: [0.6, 0.4],
};

/** The bin (0…15) of a coordinate, clipped to the grid. */
export const binOf = (v: number): number =>
  Math.min(BINS - 1, Math.max(0, Math.floor(((v - LO) / (HI - LO)) * BINS)));

/** Centre of bin i on the axis. */
export const binCentre = (i: number): number => LO + ((i + 0.5) * (HI - LO)) / BINS;

/** Cell index (x bin · 16 + y bin) → 8 bits, most significant first: x's 4 bits, then y's. */
export function cellBits(cell: number): number[] {
  const bits: number[] = [];
  for (let k = DIMS - 1; k >= 0; k--) bits.push((cell >> k) & 1);
  return bits;
}

/** 8 bits (row i of a [N, 8] 0/1 array) → cell index. */
export function bitsCell(bits: ArrayLike<number>, offset = 0): number {
  let c = 0;
  for (let k = 0; k < DIMS; k++) c = (c << 1) | (bits[offset + k]! > 0.5 ? 1 : 0);
  return c;
}

/** n points of the mixture as cells and as [n, 8] bits. */
export async function mixtureCells(
  n: number,
  generator: Generator,
): Promise<{ cells: Int32Array; bits: NDArray }> {
  const { features } = makeGaussianMixture({ nSamples: n, ...MIXTURE, generator });
  const f = await features.contiguous().data();
  const cells = new Int32Array(n);
  const bits = new Float32Array(n * DIMS);
  for (let i = 0; i < n; i++) {
    cells[i] = binOf(f[2 * i]!) * BINS + binOf(f[2 * i + 1]!);
    bits.set(cellBits(cells[i]!), i * DIMS);
  }
  return { cells, bits: NDArray.fromTypedArray(bits, [n, DIMS]) };
}

/** Histogram over the 256 cells, normalised to frequencies (add `alpha` to every cell first). */
export function histogram(cells: ArrayLike<number>, alpha = 0): Float64Array {
  const h = new Float64Array(CELLS).fill(alpha);
  for (let i = 0; i < cells.length; i++) h[cells[i]!]! += 1;
  const total = cells.length + alpha * CELLS;
  return h.map((v) => v / total);
}

/** The model's exact probability of every one of the 256 cells (all 8-bit vectors enumerated). */
export async function cellProbabilities(model: ArModel): Promise<Float64Array> {
  const all = new Float32Array(CELLS * DIMS);
  for (let c = 0; c < CELLS; c++) all.set(cellBits(c), c * DIMS);
  const nll = await rowNll(model, NDArray.fromTypedArray(all, [CELLS, DIMS]));
  return Float64Array.from(nll, (v) => Math.exp(-v));
}

/** Mean −log q(cell) in nats over `cells` for a distribution q over the 256 cells. */
export function tableNll(q: ArrayLike<number>, cells: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < cells.length; i++) s -= Math.log(q[cells[i]!]!);
  return s / cells.length;
}

/** A [16, 16] matrix for `heatmap` from 256 cell values: row 0 = top (largest y). */
export function cellMatrix(values: ArrayLike<number>): Float64Array[] {
  return Array.from({ length: BINS }, (_, r) =>
    Float64Array.from({ length: BINS }, (_, xb) => values[xb * BINS + (BINS - 1 - r)]!),
  );
}
