import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import type { ReduceOp, View } from '../backend.js';
import { allocArray } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { asNdarray, dataOf, isContiguousView, packed } from './strided.js';

/** The view with its axes reordered (no copy). */
function permuted(v: View, perm: readonly number[]): View {
  return {
    storage: v.storage,
    dtype: v.dtype,
    offset: v.offset,
    shape: perm.map((p) => v.shape[p]!),
    strides: perm.map((p) => v.strides[p]!),
  };
}

/**
 * Reduces the sorted `dims` of x into contiguous `out` (x's shape with those
 * dims set to 1). The reduced dims are moved last and packed, so each output
 * element reduces one contiguous run; sums accumulate in float64.
 */
export function reduce(op: ReduceOp, x: View, dims: readonly number[], out: View): void {
  if (op === 'sum' && sumAroundKept(x, dims, out)) return;
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const { data: a, offset: o } = packed(permuted(x, [...kept, ...dims]));
  const r = dataOf(out);
  const q = out.offset;
  const m = sizeOf(dims.map((d) => x.shape[d]!));
  const rows = sizeOf(kept.map((d) => x.shape[d]!));
  for (let row = 0; row < rows; row++) {
    const base = o + row * m;
    switch (op) {
      case 'sum': {
        let s = 0;
        for (let i = 0; i < m; i++) s += a[base + i]!;
        r[q + row] = s;
        break;
      }
      case 'prod': {
        let s = 1;
        for (let i = 0; i < m; i++) s *= a[base + i]!;
        r[q + row] = s;
        break;
      }
      case 'max':
      case 'min':
      case 'argmax':
      case 'argmin': {
        const wantMax = op === 'max' || op === 'argmax';
        let best = a[base]!;
        let at = 0;
        for (let i = 1; i < m && !Number.isNaN(best); i++) {
          const v = a[base + i]!;
          // NaN wins (and stops the scan), as in PyTorch.
          if (Number.isNaN(v) || (wantMax ? v > best : v < best)) {
            best = v;
            at = i;
          }
        }
        r[q + row] = op === 'max' || op === 'min' ? best : at;
        break;
      }
      default:
        throw new Error(`cpu backend: unknown reduction '${op as string}'`);
    }
  }
}

/**
 * Sums of a contiguous array whose kept dims form one consecutive group: the
 * array is read as [outer, kept, inner] (outer and inner reduced) in one pass,
 * with no transposed copy. Covers bias gradients ([N, C] → [C]), BatchNorm
 * statistics ([N, C, H, W] → [C]) and row sums.
 */
function sumAroundKept(x: View, dims: readonly number[], out: View): boolean {
  if (!isContiguousView(x) || dims.length === 0) return false;
  const nd = x.shape.length;
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i) && x.shape[i] !== 1);
  if (kept.length > 0 && kept[kept.length - 1]! - kept[0]! + 1 !== kept.length) return false;
  const first = kept.length ? kept[0]! : nd;
  const last = kept.length ? kept[kept.length - 1]! : nd - 1;
  const outer = sizeOf(x.shape.slice(0, first));
  const mid = sizeOf(x.shape.slice(first, last + 1));
  const inner = sizeOf(x.shape.slice(last + 1));
  const a = dataOf(x);
  const acc = new Float64Array(mid);
  let at = x.offset;
  if (inner === 1) {
    // Kept dims last ([N, C] → [C], or a full sum with mid = 1): add whole rows, no inner loop.
    for (let o = 0; o < outer; o++, at += mid) for (let m = 0; m < mid; m++) acc[m] += a[at + m]!;
  } else
    for (let o = 0; o < outer; o++) {
      for (let m = 0; m < mid; m++) {
        // four partial sums: one chain of dependent adds would wait on each add's latency
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        const end = at + inner;
        let i = at;
        for (; i + 3 < end; i += 4) {
          s0 += a[i]!;
          s1 += a[i + 1]!;
          s2 += a[i + 2]!;
          s3 += a[i + 3]!;
        }
        for (; i < end; i++) s0 += a[i]!;
        acc[m] += s0 + s1 + (s2 + s3);
        at = end;
      }
    }
  const r = dataOf(out);
  for (let m = 0; m < mid; m++) r[out.offset + m] = acc[m]!;
  return true;
}

/** Inclusive prefix sum along `dim` into contiguous `out` of x's shape. */
export function cumsum(x: View, dim: number, out: View): void {
  if (isContiguousView(x) && isContiguousView(out) && x.shape.length > 0) {
    cumsumContiguous(x, dim, out);
    return;
  }
  const nd = x.shape.length;
  const perm = [...x.shape.keys()].filter((i) => i !== dim).concat(dim);
  const { data: a, offset: o } = packed(permuted(x, perm));
  const len = x.shape[dim]!;
  const rows = len === 0 ? 0 : sizeOf(x.shape) / len;
  const tmp = allocArray(out.dtype, sizeOf(x.shape));
  for (let row = 0; row < rows; row++) {
    let s = 0;
    for (let i = 0; i < len; i++) {
      s += a[o + row * len + i]!;
      tmp[row * len + i] = s;
    }
  }
  // tmp is laid out in the permuted order; view it back in x's order and copy.
  const permShape = perm.map((p) => x.shape[p]!);
  const back = ndarray(tmp, nd === 0 ? [1] : permShape);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  ops.assign(asNdarray(out), nd === 0 ? back : back.transpose(...inverse));
}

/**
 * cumsum of a contiguous x into a contiguous out without transposing: along
 * `dim` each row of the `inner` values after it is added to the running sums
 * (one double per position, rounded on store — the arithmetic of the loop
 * above, in another order of independent lines).
 */
function cumsumContiguous(x: View, dim: number, out: View): void {
  const a = dataOf(x);
  const r = dataOf(out);
  const len = x.shape[dim]!;
  let inner = 1;
  for (let d = dim + 1; d < x.shape.length; d++) inner *= x.shape[d]!;
  const outer = len * inner === 0 ? 0 : sizeOf(x.shape) / (len * inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * len * inner;
    for (let i = 0; i < len; i++) {
      const xo = x.offset + base + i * inner;
      const ro = out.offset + base + i * inner;
      for (let j = 0; j < inner; j++) r[ro + j] = acc[j] += a[xo + j]!;
    }
  }
}
