import type { View } from '../backend.js';
import { sizeOf } from '../shape.js';
import { gatherBlocks, scatterAddBlocks } from './index-blocks.js';
import { dataOf } from './strided.js';

/**
 * Walks every multi-index of `shape` in row-major order, calling `visit` with
 * the multi-index (reused array: do not keep it) and the flat position.
 */
function forEachIndex(
  shape: readonly number[],
  visit: (idx: number[], flat: number) => void,
): void {
  const n = sizeOf(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    visit(idx, flat);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

function offsetOf(v: View, idx: readonly number[], dim: number, at: number): number {
  let o = v.offset;
  for (let d = 0; d < idx.length; d++) o += (d === dim ? at : idx[d]!) * v.strides[d]!;
  return o;
}

function checkIndex(op: string, value: number, size: number, dim: number): void {
  if (value < 0 || value >= size) {
    throw new Error(`${op}: index ${value} is out of bounds for dim ${dim} of size ${size}`);
  }
}

export function gather(x: View, dim: number, index: View, out: View): void {
  if (gatherBlocks(x, dim, index, out)) return;
  gatherElements(x, dim, index, out);
}

/** The generic gather: one element at a time, any layout (the reference for gatherBlocks). */
export function gatherElements(x: View, dim: number, index: View, out: View): void {
  const X = dataOf(x);
  const I = dataOf(index);
  const R = dataOf(out);
  const size = x.shape[dim]!;
  forEachIndex(index.shape, (idx, flat) => {
    const at = I[offsetOf(index, idx, -1, 0)]!;
    checkIndex('gather', at, size, dim);
    R[out.offset + flat] = X[offsetOf(x, idx, dim, at)]!;
  });
}

export function scatterAdd(out: View, dim: number, index: View, src: View): void {
  if (scatterAddBlocks(out, dim, index, src)) return;
  scatterAddElements(out, dim, index, src);
}

/** The generic scatterAdd: one element at a time, any layout (the reference for scatterAddBlocks). */
export function scatterAddElements(out: View, dim: number, index: View, src: View): void {
  const S = dataOf(src);
  const I = dataOf(index);
  const R = dataOf(out);
  const size = out.shape[dim]!;
  forEachIndex(index.shape, (idx) => {
    const at = I[offsetOf(index, idx, -1, 0)]!;
    checkIndex('scatterAdd', at, size, dim);
    R[offsetOf(out, idx, dim, at)] += S[offsetOf(src, idx, -1, 0)]!;
  });
}
