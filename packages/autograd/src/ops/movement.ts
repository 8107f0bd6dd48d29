import {
  concat as concatArrays,
  type DType,
  NDArray,
  pad as padArray,
  scatterAdd as scatterAddArrays,
  zeros,
} from '@gradlab/tensor';
import { PartialGrad, primitive } from '../node.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { asTensor } from './operand.js';

const reshapeBack = (x: Tensor) => (g: NDArray) => [g.reshape([...x.shape])];

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return primitive('reshape', [x], x.data.reshape([...shape]), reshapeBack(x));
}
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  return primitive('flatten', [x], x.data.flatten(startDim, endDim), reshapeBack(x));
}
export function squeeze(x: Tensor, dim?: number | number[]): Tensor {
  return primitive('squeeze', [x], x.data.squeeze(dim), reshapeBack(x));
}
export function unsqueeze(x: Tensor, dim: number): Tensor {
  return primitive('unsqueeze', [x], x.data.unsqueeze(dim), reshapeBack(x));
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const out = x.data.permute(...dims);
  const norm = dims.map((d) => (d < 0 ? d + x.ndim : d));
  const inverse = norm.map((_, i) => norm.indexOf(i));
  return primitive('permute', [x], out, (g) => [g.permute(...inverse)]);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim < 2) return x;
  const perm = x.shape.map((_, i) => i);
  const a = dim0 < 0 ? dim0 + x.ndim : dim0;
  const b = dim1 < 0 ? dim1 + x.ndim : dim1;
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** A broadcast view; the engine sums the gradient back over the expanded dims. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  return primitive('expand', [x], x.data.expand([...shape]), (g) => [g]);
}

/** The gradient of a view into x: zeros with `g` written where the view was. */
export function slice(x: Tensor, dim: number, start?: number, end?: number, step = 1): Tensor {
  const f = (a: NDArray) => a.slice(dim, start, end, step);
  return primitive('slice', [x], f(x.data), (g) => [new PartialGrad(g, f)]);
}
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const f = (a: NDArray) => a.narrow(dim, start, length);
  return primitive('narrow', [x], f(x.data), (g) => [new PartialGrad(g, f)]);
}
export function select(x: Tensor, dim: number, index: number): Tensor {
  const f = (a: NDArray) => a.select(dim, index);
  return primitive('select', [x], f(x.data), (g) => [new PartialGrad(g, f)]);
}

export function flip(x: Tensor, dims: number | number[]): Tensor {
  return primitive('flip', [x], x.data.flip(dims), (g) => [g.flip(dims)]);
}

export function split(x: Tensor, splitSize: number | number[], dim = 0): Tensor[] {
  const d = dim < 0 ? dim + x.ndim : dim;
  const pieces = x.data.split(splitSize, d);
  let at = 0;
  return pieces.map((p) => {
    const start = at;
    at += p.shape[d]!;
    return narrow(x, d, start, p.shape[d]!);
  });
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = dim < 0 ? dim + x.ndim : dim;
  const sizes = x.data.chunk(chunks, d).map((p) => p.shape[d]!);
  return split(x, sizes, d);
}

export function contiguous(x: Tensor): Tensor {
  return primitive('contiguous', [x], x.data.contiguous(), (g) => [g]);
}

/** Float-to-float casts are differentiable; casts to int32/bool give constants. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  const out = x.data.to(dtype);
  if (dtype !== 'float32' && dtype !== 'float64') return new Tensor(out);
  return primitive('to', [x], out, (g) => [g.to(x.dtype)]);
}

function indexArray(op: string, index: TensorLike | readonly number[]): NDArray {
  if (Array.isArray(index)) return NDArray.fromTypedArray(Int32Array.from(index), [index.length]);
  const t = asTensor(op, index as TensorLike);
  return t.data;
}

export function gather(x: Tensor, dim: number, index: TensorLike): Tensor {
  const idx = indexArray('gather', index);
  const d = dim < 0 ? dim + x.ndim : dim;
  return primitive('gather', [x], x.data.gather(d, idx), (g) => [
    scatterAddArrays(zeros([...x.shape], { dtype: g.dtype, backend: g.backend }), d, idx, g),
  ]);
}

export function indexSelect(x: Tensor, dim: number, index: TensorLike | readonly number[]): Tensor {
  const idx = indexArray('indexSelect', index);
  const d = dim < 0 ? dim + x.ndim : dim;
  const out = x.data.indexSelect(d, idx);
  return primitive('indexSelect', [x], out, (g) => {
    const view = out.shape.map((_, i) => (i === d ? idx.size : 1));
    const expanded = idx.reshape(view).expand([...g.shape]);
    return [
      scatterAddArrays(zeros([...x.shape], { dtype: g.dtype, backend: g.backend }), d, expanded, g),
    ];
  });
}

/** A copy of x with src added at index along dim; differentiable in x and src. */
export function scatterAdd(x: Tensor, dim: number, index: TensorLike, src: Tensor): Tensor {
  const idx = indexArray('scatterAdd', index);
  const d = dim < 0 ? dim + x.ndim : dim;
  return primitive('scatterAdd', [x, src], scatterAddArrays(x.data, d, idx, src.data), (g) => [
    g,
    g.gather(d, idx),
  ]);
}

export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('concat: expected at least one tensor');
  const d = dim < 0 ? dim + tensors[0]!.ndim : dim;
  const out = concatArrays(
    tensors.map((t) => t.data),
    d,
  );
  return primitive('concat', tensors, out, (g) =>
    g.split(
      tensors.map((t) => t.shape[d]!),
      d,
    ),
  );
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: expected at least one tensor');
  const d = dim < 0 ? dim + tensors[0]!.ndim + 1 : dim;
  return concat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/** Constant padding with F.pad's order ([left, right, top, bottom, ...]). */
export function pad(x: Tensor, pads: readonly number[], value = 0): Tensor {
  return primitive('pad', [x], padArray(x.data, pads, value), (g) => {
    let inner = g;
    for (let k = 0; k < pads.length / 2; k++)
      inner = inner.narrow(x.ndim - 1 - k, pads[2 * k]!, x.shape[x.ndim - 1 - k]!);
    return [inner];
  });
}
