import type { BinaryOp, View } from '../backend.js';
import { allocArray } from '../dtype.js';
import { contiguousBinary } from './cpu-contiguous-binary.js';
import { dataOf, forEachRow, isContiguousView } from './strided.js';

/**
 * For a view broadcast only along leading dims (stride 0 there, row-major
 * contiguous after), the number of elements before its values repeat: n for a
 * contiguous view, the trailing size for a bias-like row, 1 for a scalar.
 * 0 when the view has any other layout.
 */
export function suffixPeriod(v: View): number {
  let expected = 1;
  let period = 1;
  let inSuffix = true;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i]!;
    if (d === 1) continue;
    const s = v.strides[i]!;
    if (inSuffix && s === expected) {
      expected *= d;
      period *= d;
    } else if (s === 0) inSuffix = false;
    else return 0;
  }
  return period;
}

/** Longest run a scalar operand is spread over. */
const SCALAR_RUN = 1 << 16;

/**
 * a op b where each operand repeats with its period (see suffixPeriod): the
 * work is done in runs of the shorter period with the contiguous kernel, so
 * bias additions and scalar operands avoid the generic strided loops. A
 * period-1 operand (a scalar) is first spread over one run of the other's
 * period. Returns false (nothing done) when the periods do not fit.
 */
export function periodicBinary(
  op: BinaryOp,
  a: View,
  pa: number,
  b: View,
  pb: number,
  out: View,
  n: number,
): boolean {
  let A = dataOf(a);
  let B = dataOf(b);
  let ao = a.offset;
  let bo = b.offset;
  if (pa === 1 && pb === 1) {
    // Both operands are one value spread out (e.g. two expanded scalars): the
    // result is that one value everywhere.
    const R = dataOf(out);
    contiguousBinary(op, A, ao, B, bo, R, out.offset, 1);
    R.fill(R[out.offset]!, out.offset + 1, out.offset + n);
    return true;
  }
  if ((pa === 1 && pb === n) || (pb === 1 && pa === n)) {
    // A scalar against a whole contiguous array (optimiser steps: grad · −lr): spread the
    // scalar over a short buffer and walk the array in chunks.
    const scalarIsA = pa === 1;
    const chunk = Math.min(n, 4096);
    const spread = allocArray(scalarIsA ? a.dtype : b.dtype, chunk).fill(
      scalarIsA ? A[ao]! : B[bo]!,
    );
    const R = dataOf(out);
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      if (scalarIsA) contiguousBinary(op, spread, 0, B, bo + start, R, out.offset + start, len);
      else contiguousBinary(op, A, ao + start, spread, 0, R, out.offset + start, len);
    }
    return true;
  }
  if ((pa === 1 && pb > SCALAR_RUN) || (pb === 1 && pa > SCALAR_RUN)) return false;
  if (pa === 1) {
    pa = pb;
    A = allocArray(a.dtype, pa).fill(A[ao]!);
    ao = 0;
  }
  if (pb === 1) {
    pb = pa;
    B = allocArray(b.dtype, pb).fill(B[bo]!);
    bo = 0;
  }
  const run = Math.min(pa, pb);
  if (pa % run !== 0 || pb % run !== 0 || n % run !== 0) return false;
  const R = dataOf(out);
  for (let start = 0; start < n; start += run) {
    contiguousBinary(op, A, ao + (start % pa), B, bo + (start % pb), R, out.offset + start, run);
  }
  return true;
}

/**
 * For a view that is a contiguous block of C values broadcast along leading
 * and trailing dims — a [64, 1] column over [64, 10], or BatchNorm's [1, C, 1, 1]
 * over [N, C, H, W] — the run length r over which each value repeats and the
 * cycle length C: element i reads value ⌊i / r⌋ mod C. Null for other layouts.
 */
function runPattern(v: View): { run: number; cycle: number } | null {
  let run = 1;
  let i = v.shape.length - 1;
  for (; i >= 0 && (v.strides[i] === 0 || v.shape[i] === 1); i--) run *= v.shape[i]!;
  let cycle = 1;
  for (; i >= 0 && v.shape[i] !== 1 && v.strides[i] === cycle; i--) cycle *= v.shape[i]!;
  for (; i >= 0; i--) if (v.shape[i] !== 1 && v.strides[i] !== 0) return null;
  return run > 1 ? { run, cycle } : null;
}

/**
 * a op b where one operand is contiguous and the other repeats each of its
 * values over runs (see runPattern): each run is spread into a short buffer
 * and the contiguous kernel does the rest, instead of the generic strided loop.
 */
export function repeatBinary(op: BinaryOp, a: View, b: View, out: View, n: number): boolean {
  const aFull = isContiguousView(a);
  const bFull = isContiguousView(b);
  const pattern = aFull ? runPattern(b) : bFull ? runPattern(a) : null;
  if (!pattern || pattern.run > SCALAR_RUN || n % pattern.run !== 0) return false;
  const { run, cycle } = pattern;
  const spread = aFull ? b : a;
  const S = dataOf(spread);
  const buf = allocArray(spread.dtype, run);
  const A = dataOf(a);
  const B = dataOf(b);
  const R = dataOf(out);
  let last = Number.NaN;
  for (let k = 0; k < n / run; k++) {
    const value = S[spread.offset + (k % cycle)]!;
    if (!Object.is(value, last)) buf.fill((last = value));
    if (aFull) contiguousBinary(op, A, a.offset + k * run, buf, 0, R, out.offset + k * run, run);
    else contiguousBinary(op, buf, 0, B, b.offset + k * run, R, out.offset + k * run, run);
  }
  return true;
}

/** Rows shorter than this go to the generic loops (a call per row costs more than it saves). */
const MIN_ROW = 8;

/** Whether the views' last dim is a run of at least MIN_ROW contiguous values in each. */
export const rowsContiguous = (shape: readonly number[], views: readonly View[]): boolean =>
  shape.length >= 2 &&
  shape[shape.length - 1]! >= MIN_ROW &&
  views.every((v) => v.strides[v.strides.length - 1] === 1);

/**
 * a op b row by row with the contiguous kernel when every view's rows are
 * contiguous (a narrow or slice of a wider array, a transposed batch of
 * rows): no per-element index arithmetic. False (nothing done) otherwise.
 */
export function rowsBinary(op: BinaryOp, a: View, b: View, out: View): boolean {
  const shape = out.shape;
  if (!rowsContiguous(shape, [a, b, out])) return false;
  const A = dataOf(a);
  const B = dataOf(b);
  const R = dataOf(out);
  const len = shape[shape.length - 1]!;
  forEachRow(shape, [a, b, out], (o) => contiguousBinary(op, A, o[0]!, B, o[1]!, R, o[2]!, len));
  return true;
}
