import type { NDArray } from '@gradlab/tensor';
import { primitive } from '../node.js';
import type { Tensor } from '../tensor.js';

type Dims = number | readonly number[] | undefined;

function normDims(x: Tensor, dim: Dims): number[] {
  if (dim === undefined) return x.shape.map((_, i) => i);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  return list.map((d) => (d < 0 ? d + x.ndim : d));
}

/** The gradient of a reduction, reshaped so it broadcasts against the input. */
function unreduce(g: NDArray, x: Tensor, dims: readonly number[]): NDArray {
  return g.reshape(x.shape.map((s, i) => (dims.includes(i) ? 1 : s)));
}

export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normDims(x, dim);
  return primitive('sum', [x], x.data.sum(dim === undefined ? undefined : dims, keepdim), (g) => [
    unreduce(g, x, dims).expand([...x.shape]),
  ]);
}

export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normDims(x, dim);
  const n = dims.reduce((p, d) => p * x.shape[d]!, 1);
  return primitive('mean', [x], x.data.mean(dim === undefined ? undefined : dims, keepdim), (g) => [
    unreduce(g, x, dims)
      .div(n)
      .expand([...x.shape]),
  ]);
}

/** Max over dims; the gradient is shared evenly among tied maxima (PyTorch's amax). */
function extreme(op: 'amax' | 'amin', x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = normDims(x, dim);
  const d = dim === undefined ? undefined : dims;
  const out = op === 'amax' ? x.data.max(d, keepdim) : x.data.min(d, keepdim);
  return primitive(op, [x], out, (g) => {
    const hit = x.data.eq(unreduce(out, x, dims)).to(g.dtype);
    return [hit.div(hit.sum(dims, true)).mul(unreduce(g, x, dims))];
  });
}
export const amax = (x: Tensor, dim?: Dims, keepdim = false) => extreme('amax', x, dim, keepdim);
export const amin = (x: Tensor, dim?: Dims, keepdim = false) => extreme('amin', x, dim, keepdim);

/** Product; its gradient out/x assumes no zero entries. */
export function prod(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normDims(x, dim);
  const out = x.data.prod(dim === undefined ? undefined : dims, keepdim);
  return primitive('prod', [x], out, (g) => [unreduce(g.mul(out), x, dims).div(x.data)]);
}

export function variance(x: Tensor, dim?: Dims, keepdim = false, correction = 1): Tensor {
  const dims = normDims(x, dim);
  const n = dims.reduce((p, d) => p * x.shape[d]!, 1);
  const centered = x.sub(mean(x, dims, true));
  return sum(centered.square(), dims, keepdim).div(Math.max(0, n - correction));
}

export function std(x: Tensor, dim?: Dims, keepdim = false, correction = 1): Tensor {
  return variance(x, dim, keepdim, correction).sqrt();
}

export function cumsum(x: Tensor, dim: number): Tensor {
  const d = dim < 0 ? dim + x.ndim : dim;
  return primitive('cumsum', [x], x.data.cumsum(d), (g) => [g.flip(d).cumsum(d).flip(d)]);
}
