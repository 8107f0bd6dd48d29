import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import type { BinaryOp, UnaryOp, View } from '../backend.js';
import { allocArray, type TypedArray } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { erf } from './erf.js';
import { asNdarray, dataOf, isContiguousView, packed } from './strided.js';

/** Strided copy with dtype conversion; `out` may be any view. Casting to bool maps x ≠ 0 to 1. */
export function copy(x: View, out: View): void {
  if (out.dtype === 'bool' && x.dtype !== 'bool') {
    const src = packed(x);
    const n = sizeOf(x.shape);
    const tmp = new Uint8Array(n);
    for (let i = 0; i < n; i++) tmp[i] = src.data[src.offset + i] !== 0 ? 1 : 0;
    ops.assign(asNdarray(out), ndarray(tmp, out.shape.length === 0 ? [1] : [...out.shape]));
    return;
  }
  if (isContiguousView(x) && isContiguousView(out)) {
    const n = sizeOf(x.shape);
    const s = dataOf(x);
    const d = dataOf(out);
    if (s.constructor === d.constructor) d.set(s.subarray(x.offset, x.offset + n), out.offset);
    else for (let i = 0; i < n; i++) d[out.offset + i] = s[x.offset + i]!;
    return;
  }
  ops.assign(asNdarray(out), asNdarray(x));
}

export function fill(out: View, value: number): void {
  if (isContiguousView(out)) {
    dataOf(out).fill(value, out.offset, out.offset + sizeOf(out.shape));
  } else {
    ops.assigns(asNdarray(out), value);
  }
}

/** out = op(x); `out` is contiguous, x any view. */
export function unary(op: UnaryOp, x: View, out: View, alpha = 0, beta = 0): void {
  const { data: a, offset: o } = packed(x);
  const r = dataOf(out);
  const n = sizeOf(out.shape);
  const q = out.offset;
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) r[q + i] = -a[o + i]!;
      break;
    case 'abs':
      for (let i = 0; i < n; i++) r[q + i] = Math.abs(a[o + i]!);
      break;
    case 'exp':
      for (let i = 0; i < n; i++) r[q + i] = Math.exp(a[o + i]!);
      break;
    case 'expm1':
      for (let i = 0; i < n; i++) r[q + i] = Math.expm1(a[o + i]!);
      break;
    case 'log':
      for (let i = 0; i < n; i++) r[q + i] = Math.log(a[o + i]!);
      break;
    case 'log1p':
      for (let i = 0; i < n; i++) r[q + i] = Math.log1p(a[o + i]!);
      break;
    case 'sqrt':
      for (let i = 0; i < n; i++) r[q + i] = Math.sqrt(a[o + i]!);
      break;
    case 'rsqrt':
      for (let i = 0; i < n; i++) r[q + i] = 1 / Math.sqrt(a[o + i]!);
      break;
    case 'square':
      for (let i = 0; i < n; i++) r[q + i] = a[o + i]! * a[o + i]!;
      break;
    case 'reciprocal':
      for (let i = 0; i < n; i++) r[q + i] = 1 / a[o + i]!;
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) r[q + i] = Math.tanh(a[o + i]!);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = a[o + i]!;
        // Stable on both tails: never exponentiates a large positive number.
        if (v >= 0) r[q + i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          r[q + i] = e / (1 + e);
        }
      }
      break;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = a[o + i]!;
        r[q + i] = v > 0 ? v : Number.isNaN(v) ? v : 0;
      }
      break;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) {
        const v = a[o + i]!;
        r[q + i] = v > 0 ? v : v * alpha;
      }
      break;
    case 'sign':
      for (let i = 0; i < n; i++) {
        const v = a[o + i]!;
        r[q + i] = v > 0 ? 1 : v < 0 ? -1 : Number.isNaN(v) ? v : 0;
      }
      break;
    case 'sin':
      for (let i = 0; i < n; i++) r[q + i] = Math.sin(a[o + i]!);
      break;
    case 'cos':
      for (let i = 0; i < n; i++) r[q + i] = Math.cos(a[o + i]!);
      break;
    case 'erf':
      for (let i = 0; i < n; i++) r[q + i] = erf(a[o + i]!);
      break;
    case 'floor':
      for (let i = 0; i < n; i++) r[q + i] = Math.floor(a[o + i]!);
      break;
    case 'ceil':
      for (let i = 0; i < n; i++) r[q + i] = Math.ceil(a[o + i]!);
      break;
    case 'round':
      // Round half to even, like PyTorch and NumPy.
      for (let i = 0; i < n; i++) {
        const v = a[o + i]!;
        const f = Math.floor(v);
        const d = v - f;
        r[q + i] = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
      }
      break;
    case 'not':
      for (let i = 0; i < n; i++) r[q + i] = a[o + i] ? 0 : 1;
      break;
    case 'clamp':
      for (let i = 0; i < n; i++) {
        const v = a[o + i]!;
        r[q + i] = Math.min(Math.max(v, alpha), beta);
      }
      break;
    case 'powScalar':
      if (alpha === 2) for (let i = 0; i < n; i++) r[q + i] = a[o + i]! * a[o + i]!;
      else for (let i = 0; i < n; i++) r[q + i] = a[o + i]! ** alpha;
      break;
    default:
      throw new Error(`cpu backend: unknown unary op '${op as string}'`);
  }
}

/** out = a op b; a and b are broadcast to out's shape (stride-0 dims), `out` is contiguous. */
export function binary(op: BinaryOp, a: View, b: View, out: View): void {
  const n = sizeOf(out.shape);
  if (isContiguousView(a) && isContiguousView(b)) {
    contiguousBinary(op, dataOf(a), a.offset, dataOf(b), b.offset, dataOf(out), out.offset, n);
    return;
  }
  const pa = suffixPeriod(a);
  const pb = suffixPeriod(b);
  if (pa > 0 && pb > 0 && n > 0 && periodicBinary(op, a, pa, b, pb, out, n)) return;
  if (n > 0 && repeatBinary(op, a, b, out, n)) return;
  // General strided / broadcast path: ndarray-ops' compiled loops.
  const o = asNdarray(out);
  const x = asNdarray(a);
  const y = asNdarray(b);
  switch (op) {
    case 'add':
      ops.add(o, x, y);
      break;
    case 'sub':
      ops.sub(o, x, y);
      break;
    case 'mul':
      ops.mul(o, x, y);
      break;
    case 'div':
      ops.div(o, x, y);
      break;
    case 'pow':
      ops.pow(o, x, y);
      break;
    case 'minimum':
      ops.min(o, x, y);
      break;
    case 'maximum':
      ops.max(o, x, y);
      break;
    case 'eq':
      ops.eq(o, x, y);
      break;
    case 'ne':
      ops.neq(o, x, y);
      break;
    case 'lt':
      ops.lt(o, x, y);
      break;
    case 'le':
      ops.leq(o, x, y);
      break;
    case 'gt':
      ops.gt(o, x, y);
      break;
    case 'ge':
      ops.geq(o, x, y);
      break;
    default:
      throw new Error(`cpu backend: unknown binary op '${op as string}'`);
  }
}

/**
 * For a view broadcast only along leading dims (stride 0 there, row-major
 * contiguous after), the number of elements before its values repeat: n for a
 * contiguous view, the trailing size for a bias-like row, 1 for a scalar.
 * 0 when the view has any other layout.
 */
function suffixPeriod(v: View): number {
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
function periodicBinary(
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
function repeatBinary(op: BinaryOp, a: View, b: View, out: View, n: number): boolean {
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

function contiguousBinary(
  op: BinaryOp,
  a: TypedArray,
  ao: number,
  b: TypedArray,
  bo: number,
  r: TypedArray,
  ro: number,
  n: number,
): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! + b[bo + i]!;
      break;
    case 'sub':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! - b[bo + i]!;
      break;
    case 'mul':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! * b[bo + i]!;
      break;
    case 'div':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! / b[bo + i]!;
      break;
    case 'pow':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! ** b[bo + i]!;
      break;
    case 'minimum':
      for (let i = 0; i < n; i++) r[ro + i] = Math.min(a[ao + i]!, b[bo + i]!);
      break;
    case 'maximum':
      for (let i = 0; i < n; i++) r[ro + i] = Math.max(a[ao + i]!, b[bo + i]!);
      break;
    case 'eq':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i] === b[bo + i] ? 1 : 0;
      break;
    case 'ne':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i] !== b[bo + i] ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! < b[bo + i]! ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! <= b[bo + i]! ? 1 : 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! > b[bo + i]! ? 1 : 0;
      break;
    case 'ge':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! >= b[bo + i]! ? 1 : 0;
      break;
    default:
      throw new Error(`cpu backend: unknown binary op '${op as string}'`);
  }
}

/** out = cond ? a : b, all broadcast to out's shape; `out` is contiguous. */
export function where(cond: View, a: View, b: View, out: View): void {
  const c = packed(cond);
  const x = packed(a);
  const y = packed(b);
  const r = dataOf(out);
  const n = sizeOf(out.shape);
  for (let i = 0; i < n; i++) {
    r[out.offset + i] = c.data[c.offset + i] ? x.data[x.offset + i]! : y.data[y.offset + i]!;
  }
}
