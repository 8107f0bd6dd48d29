import type { ReduceOp } from './backend.js';
import { floatResult } from './dtype.js';
import { NDArray } from './ndarray.js';
import { normalizeDim, normalizeDims, shapeStr, sizeOf } from './shape.js';

type Dims = number | readonly number[] | undefined;

function reduceOp(op: ReduceOp, name: string, x: NDArray, dim: Dims, keepdim: boolean): NDArray {
  const dims = normalizeDims(name, dim, x.ndim);
  const isArg = op === 'argmax' || op === 'argmin';
  if (op !== 'sum' && op !== 'prod' && dims.some((d) => x.shape[d] === 0)) {
    throw new Error(`${name}: cannot reduce an empty dimension of shape ${shapeStr(x.shape)}`);
  }
  const kept = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  let dtype = isArg ? 'int32' : x.dtype;
  if ((op === 'sum' || op === 'prod') && x.dtype === 'bool') dtype = 'int32';
  const out = NDArray.empty(kept, dtype as NDArray['dtype'], x.backend);
  x.backend.reduce(op, x, dims, out);
  return keepdim ? out : out.reshape(x.shape.filter((_, i) => !dims.includes(i)));
}

/** Sum over `dim` (one, several, or all when omitted). */
export const sum = (x: NDArray, dim?: Dims, keepdim = false) =>
  reduceOp('sum', 'sum', x, dim, keepdim);
export const prod = (x: NDArray, dim?: Dims, keepdim = false) =>
  reduceOp('prod', 'prod', x, dim, keepdim);
export const max = (x: NDArray, dim?: Dims, keepdim = false) =>
  reduceOp('max', 'max', x, dim, keepdim);
export const min = (x: NDArray, dim?: Dims, keepdim = false) =>
  reduceOp('min', 'min', x, dim, keepdim);

/** Index of the maximum along `dim`, or over the flattened array when `dim` is omitted. */
export function argmax(x: NDArray, dim?: number, keepdim = false): NDArray {
  if (dim === undefined) return reduceOp('argmax', 'argmax', x.reshape([-1]), 0, false);
  return reduceOp('argmax', 'argmax', x, normalizeDim('argmax', dim, x.ndim), keepdim);
}

export function argmin(x: NDArray, dim?: number, keepdim = false): NDArray {
  if (dim === undefined) return reduceOp('argmin', 'argmin', x.reshape([-1]), 0, false);
  return reduceOp('argmin', 'argmin', x, normalizeDim('argmin', dim, x.ndim), keepdim);
}

function countOf(x: NDArray, dim: Dims): number {
  return sizeOf(normalizeDims('mean', dim, x.ndim).map((d) => x.shape[d]!));
}

export function mean(x: NDArray, dim?: Dims, keepdim = false): NDArray {
  const n = countOf(x, dim);
  return sum(x.to(floatResult(x.dtype)), dim, keepdim).div(n);
}

/** Variance with `correction` (1 = Bessel, the default, as in PyTorch). */
export function variance(x: NDArray, dim?: Dims, keepdim = false, correction = 1): NDArray {
  const xf = x.to(floatResult(x.dtype));
  const n = countOf(x, dim);
  const centered = xf.sub(mean(xf, dim, true));
  return sum(centered.mul(centered), dim, keepdim).div(Math.max(0, n - correction));
}

export function std(x: NDArray, dim?: Dims, keepdim = false, correction = 1): NDArray {
  return variance(x, dim, keepdim, correction).sqrt();
}

/** Inclusive cumulative sum along `dim`. */
export function cumsum(x: NDArray, dim: number): NDArray {
  const d = normalizeDim('cumsum', dim, Math.max(x.ndim, 1));
  const src = x.ndim === 0 ? x.reshape([1]) : x;
  const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
  const out = NDArray.empty(src.shape, dtype, x.backend);
  x.backend.cumsum(src, d, out);
  return x.ndim === 0 ? out.reshape([]) : out;
}
