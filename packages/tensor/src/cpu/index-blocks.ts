import type { View } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import { dataOf, forEachRow, rowMajorSizeAfter } from './strided.js';

/**
 * gather and scatterAdd in the layout of an index select (`indexSelect`, a
 * mini-batch of rows, an embedding lookup and its gradient): the index varies
 * only along `dim` (stride 0, or size 1, everywhere else), both data views
 * have the index's shape outside `dim`, and the dims after `dim` are one
 * row-major block in each. Then every index value moves one whole block, and
 * the blocks are copied (or added) as runs instead of element by element
 * through multi-indices (≈ 25 ns a value in the generic loops). Each function
 * returns false, having done nothing, for any other layout.
 */

/** The index values along `dim` when index has the select layout against `a` and `b`, else null. */
function selectedIndices(
  op: string,
  index: View,
  dim: number,
  a: View,
  b: View,
  size: number,
): Int32Array | null {
  const n = index.shape.length;
  if (a.shape.length !== n || b.shape.length !== n) return null;
  for (let d = 0; d < n; d++) {
    if (d === dim) continue;
    if (index.shape[d] !== 1 && index.strides[d] !== 0) return null;
    if (a.shape[d] !== index.shape[d] || b.shape[d] !== index.shape[d]) return null;
  }
  const I = dataOf(index);
  const k = index.shape[dim]!;
  const at = new Int32Array(k);
  for (let j = 0; j < k; j++) {
    const v = I[index.offset + j * index.strides[dim]!]!;
    if (v < 0 || v >= size)
      throw new Error(`${op}: index ${v} is out of bounds for dim ${dim} of size ${size}`);
    at[j] = v;
  }
  return at;
}

/** Blocks at least this long are moved with TypedArray.set (a memcpy) rather than a loop. */
const SET_RUN = 16;

function copyRun(src: TypedArray, s: number, dst: TypedArray, o: number, len: number): void {
  if (len >= SET_RUN) dst.set(src.subarray(s, s + len), o);
  else for (let i = 0; i < len; i++) dst[o + i] = src[s + i]!;
}

/** out = x.gather(dim, index) for the select layout; false (nothing written) otherwise. */
export function gatherBlocks(x: View, dim: number, index: View, out: View): boolean {
  const inner = rowMajorSizeAfter(out, dim);
  if (inner < 0 || rowMajorSizeAfter(x, dim) !== inner) return false;
  const at = selectedIndices('gather', index, dim, x, out, x.shape[dim]!);
  if (!at) return false;
  const X = dataOf(x);
  const R = dataOf(out);
  const xs = x.strides[dim]!;
  const os = out.strides[dim]!;
  // every multi-index of the dims before `dim`
  forEachRow(x.shape.slice(0, dim + 1), [x, out], ([xo, oo]) => {
    for (let j = 0; j < at.length; j++) copyRun(X, xo! + at[j]! * xs, R, oo! + j * os, inner);
  });
  return true;
}

/** out.scatterAdd(dim, index, src) for the select layout; false (nothing written) otherwise. */
export function scatterAddBlocks(out: View, dim: number, index: View, src: View): boolean {
  const inner = rowMajorSizeAfter(src, dim);
  if (inner < 0 || rowMajorSizeAfter(out, dim) !== inner) return false;
  const at = selectedIndices('scatterAdd', index, dim, src, out, out.shape[dim]!);
  if (!at) return false;
  const S = dataOf(src);
  const R = dataOf(out);
  const ss = src.strides[dim]!;
  const os = out.strides[dim]!;
  forEachRow(src.shape.slice(0, dim + 1), [src, out], ([so, oo]) => {
    for (let j = 0; j < at.length; j++) {
      const s = so! + j * ss;
      const o = oo! + at[j]! * os;
      for (let i = 0; i < inner; i++) R[o + i] += S[s + i]!;
    }
  });
  return true;
}
