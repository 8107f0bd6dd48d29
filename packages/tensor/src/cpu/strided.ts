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
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i]!;
    if (d !== 1 && v.strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
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

/** Like {@link packed} but always a fresh array of exactly the view's size. */
export function packedCopy(v: View): TypedArray {
  const { data, offset } = packed(v);
  const n = sizeOf(v.shape);
  if (data !== dataOf(v)) return data;
  return data.slice(offset, offset + n);
}
