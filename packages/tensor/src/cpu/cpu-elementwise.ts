import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import type { BinaryOp, UnaryOp, View } from '../backend.js';
import { sizeOf } from '../shape.js';
import {
  periodicBinary,
  repeatBinary,
  rowsBinary,
  rowsContiguous,
  suffixPeriod,
} from './cpu-broadcast.js';
import { contiguousBinary } from './cpu-contiguous-binary.js';
import { erf } from './erf.js';
import { float32Unary, sigmoid } from './float32-loops.js';
import { reluFloat32 } from './relu-float32.js';
import { asNdarray, dataOf, forEachRow, isContiguousView, packed } from './strided.js';

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
    // TypedArray.set converts between element types exactly as an assignment
    // d[i] = s[i] does (ToInt32 for int32, round-to-nearest for float32), natively.
    d.set(s.subarray(x.offset, x.offset + n), out.offset);
    return;
  }
  if (sizeOf(x.shape) > 0 && rowsContiguous(x.shape, [x, out])) {
    // Row by row (a narrow of a wider array, either side): each row one native copy.
    const s = dataOf(x);
    const d = dataOf(out);
    const len = x.shape[x.shape.length - 1]!;
    forEachRow(x.shape, [x, out], (o) => d.set(s.subarray(o[0]!, o[0]! + len), o[1]!));
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
  if (a instanceof Float32Array && r instanceof Float32Array && float32Unary(op, a, o, r, q, n))
    return;
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
      for (let i = 0; i < n; i++) r[q + i] = sigmoid(a[o + i]!);
      break;
    case 'relu':
      if (a instanceof Float32Array && r instanceof Float32Array) {
        reluFloat32(a, o, r, q, n);
        break;
      }
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
  if (n > 0 && rowsBinary(op, a, b, out)) return;
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
