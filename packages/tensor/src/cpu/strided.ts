import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import type { View } from '../backend.js';
import { allocArray, type TypedArray } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { CpuStorage } from './cpu-storage.js';

/** The host array behind a CPU view. */
export function dataOf(v: View): TypedArray {
  if (!(v.storage instanceof CpuStorage)) {
    throw new Error(`cpu backend: got storage of backend '${v.storage.backend.name}'`);
  }
  return v.storage.data;
}

/** True when the view covers its elements in row-major order with no gaps (offset may be > 0). */
export function isContiguousView(v: View): boolean {
  return rowMajorSizeAfter(v, -1) >= 0;
}

/**
 * The number of elements of the dims after `dim` when the view holds them in
 * row-major order with no gaps (one block from each offset), else −1.
 */
export function rowMajorSizeAfter(v: View, dim: number): number {
  let expected = 1;
  for (let i = v.shape.length - 1; i > dim; i--) {
    const d = v.shape[i]!;
    if (d !== 1 && v.strides[i] !== expected) return -1;
    expected *= d;
  }
  return expected;
}

/** The view as an ndarray object (shares memory), for ndarray-ops' strided kernels. */
export function asNdarray(v: View): ndarray.NdArray<TypedArray> {
  const shape = v.shape.length === 0 ? [1] : [...v.shape];
  const strides = v.shape.length === 0 ? [1] : [...v.strides];
  return ndarray(dataOf(v), shape, strides, v.offset);
}

/**
 * The view's elements in row-major order. Returns the backing array itself
 * (with the offset to start at) when the view is contiguous, else a packed copy.
 */
export function packed(v: View): { data: TypedArray; offset: number } {
  if (isContiguousView(v)) return { data: dataOf(v), offset: v.offset };
  const out = allocArray(v.dtype, sizeOf(v.shape));
  const dst = ndarray(out, v.shape.length === 0 ? [1] : [...v.shape]);
  ops.assign(dst, asNdarray(v));
  return { data: out, offset: 0 };
}

/**
 * A floating-point view on a host-memory backend (`cpu`, `wasm`) as a
 * row-major typed array (its own memory when contiguous, a packed copy when
 * strided; indices start at `offset`), else null: what the fused host loops
 * (batch norm, activation gradients, the LSTM cell) run on.
 */
export function hostFloatData(
  v: View,
): { data: Float32Array | Float64Array; offset: number } | null {
  if (v.storage.backend.family !== 'host' || (v.dtype !== 'float32' && v.dtype !== 'float64'))
    return null;
  return packed(v) as { data: Float32Array | Float64Array; offset: number };
}

/** Like {@link packed} but always a fresh array of exactly the view's size. */
export function packedCopy(v: View): TypedArray {
  const { data, offset } = packed(v);
  const n = sizeOf(v.shape);
  if (data !== dataOf(v)) return data;
  return data.slice(offset, offset + n);
}

/**
 * Calls visit(offset of each view) for every row — every multi-index of the
 * dims before the last — of `shape`, in row-major order. The views have at
 * least those dims (only strides[d] for d < shape.length − 1 are read, so a
 * caller walks the dims before `dim` with `shape.slice(0, dim + 1)`); their
 * strides may be anything (0 for a broadcast dim). `offsets` is reused.
 */
export function forEachRow(
  shape: readonly number[],
  views: readonly View[],
  visit: (offsets: Int32Array) => void,
): void {
  const outer = shape.length - 1;
  let rows = 1;
  for (let d = 0; d < outer; d++) rows *= shape[d]!;
  const offsets = Int32Array.from(views, (v) => v.offset);
  const idx = new Array<number>(outer).fill(0);
  for (let r = 0; r < rows; r++) {
    visit(offsets);
    for (let d = outer - 1; d >= 0; d--) {
      const wrap = ++idx[d]! === shape[d]!;
      const steps = wrap ? 1 - shape[d]! : 1;
      for (let k = 0; k < views.length; k++) offsets[k]! += steps * views[k]!.strides[d]!;
      if (!wrap) break;
      idx[d] = 0;
    }
  }
}
