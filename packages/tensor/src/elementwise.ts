import type { BinaryOp, UnaryOp } from './backend.js';
import { type DType, floatResult, isFloat, promoteTypes } from './dtype.js';
import { broadcastTo } from './movement.js';
import { NDArray, type Operand } from './ndarray.js';
import { asArray, commonBackend } from './operand.js';
import { broadcastShapes, shapeStr } from './shape.js';

/** Elementwise unary op; `float` ops (exp, log...) turn integer input into float32. */
function unaryOp(op: UnaryOp, x: NDArray, kind: 'float' | 'same', alpha?: number, beta?: number) {
  if (!(x instanceof NDArray)) throw new Error(`${op}: expected an NDArray, got ${typeof x}`);
  let src = x;
  const dtype = kind === 'float' ? floatResult(x.dtype) : x.dtype === 'bool' ? 'int32' : x.dtype;
  if (src.dtype !== dtype) src = src.to(dtype);
  const out = NDArray.empty(x.shape, dtype, x.backend);
  x.backend.unary(op, src, out, alpha, beta);
  return out;
}

type BinaryKind = 'arith' | 'div' | 'compare';

function binaryOp(op: BinaryOp, name: string, a: Operand, b: Operand, kind: BinaryKind): NDArray {
  const x = asArray(name, a, b instanceof NDArray ? b : undefined);
  const y = asArray(name, b, x);
  const backend = commonBackend(name, x, y);
  const shape = broadcastShapes(name, x.shape, y.shape);
  let dtype: DType = promoteTypes(x.dtype, y.dtype);
  if (kind === 'div' || (kind === 'arith' && op === 'pow' && !isFloat(dtype)))
    dtype = floatResult(dtype);
  if (kind === 'arith' && dtype === 'bool') dtype = 'int32';
  const xs = broadcastTo(x.dtype === dtype ? x : x.to(dtype), shape);
  const ys = broadcastTo(y.dtype === dtype ? y : y.to(dtype), shape);
  const out = NDArray.empty(shape, kind === 'compare' ? 'bool' : dtype, backend);
  backend.binary(op, xs, ys, out);
  return out;
}

export const add = (a: Operand, b: Operand) => binaryOp('add', 'add', a, b, 'arith');
export const sub = (a: Operand, b: Operand) => binaryOp('sub', 'sub', a, b, 'arith');
export const mul = (a: Operand, b: Operand) => binaryOp('mul', 'mul', a, b, 'arith');
/** True division: integer inputs give a float32 result, as in PyTorch. */
export const div = (a: Operand, b: Operand) => binaryOp('div', 'div', a, b, 'div');
export const minimum = (a: Operand, b: Operand) => binaryOp('minimum', 'minimum', a, b, 'arith');
export const maximum = (a: Operand, b: Operand) => binaryOp('maximum', 'maximum', a, b, 'arith');
export const eq = (a: Operand, b: Operand) => binaryOp('eq', 'eq', a, b, 'compare');
export const ne = (a: Operand, b: Operand) => binaryOp('ne', 'ne', a, b, 'compare');
export const lt = (a: Operand, b: Operand) => binaryOp('lt', 'lt', a, b, 'compare');
export const le = (a: Operand, b: Operand) => binaryOp('le', 'le', a, b, 'compare');
export const gt = (a: Operand, b: Operand) => binaryOp('gt', 'gt', a, b, 'compare');
export const ge = (a: Operand, b: Operand) => binaryOp('ge', 'ge', a, b, 'compare');

/** a ** b, elementwise; a scalar exponent uses a dedicated kernel (x² is a multiply). */
export function pow(a: Operand, b: Operand): NDArray {
  if (a instanceof NDArray && typeof b === 'number') {
    return unaryOp(
      'powScalar',
      a,
      isFloat(a.dtype) || !Number.isInteger(b) || b < 0 ? 'float' : 'same',
      b,
    );
  }
  return binaryOp('pow', 'pow', a, b, 'arith');
}

export const neg = (x: NDArray) => unaryOp('neg', x, 'same');
export const abs = (x: NDArray) => unaryOp('abs', x, 'same');
export const sign = (x: NDArray) => unaryOp('sign', x, 'same');
export const square = (x: NDArray) => unaryOp('square', x, 'same');
export const relu = (x: NDArray) => unaryOp('relu', x, 'same');
export const exp = (x: NDArray) => unaryOp('exp', x, 'float');
export const expm1 = (x: NDArray) => unaryOp('expm1', x, 'float');
export const log = (x: NDArray) => unaryOp('log', x, 'float');
export const log1p = (x: NDArray) => unaryOp('log1p', x, 'float');
export const sqrt = (x: NDArray) => unaryOp('sqrt', x, 'float');
export const rsqrt = (x: NDArray) => unaryOp('rsqrt', x, 'float');
export const reciprocal = (x: NDArray) => unaryOp('reciprocal', x, 'float');
export const tanh = (x: NDArray) => unaryOp('tanh', x, 'float');
/** 1 / (1 + e^−x), computed without overflow on either tail. */
export const sigmoid = (x: NDArray) => unaryOp('sigmoid', x, 'float');
export const sin = (x: NDArray) => unaryOp('sin', x, 'float');
export const cos = (x: NDArray) => unaryOp('cos', x, 'float');
/** The Gauss error function (accurate to ~1e-15 in float64). */
export const erf = (x: NDArray) => unaryOp('erf', x, 'float');
export const floor = (x: NDArray) => unaryOp('floor', x, 'same');
export const ceil = (x: NDArray) => unaryOp('ceil', x, 'same');
/** Rounds half to even, like PyTorch. */
export const round = (x: NDArray) => unaryOp('round', x, 'same');

/** max(x, 0) + negativeSlope · min(x, 0). */
export function leakyRelu(x: NDArray, negativeSlope = 0.01): NDArray {
  return unaryOp('leakyRelu', x, 'float', negativeSlope);
}

/** Boolean negation: 1 where x is 0, else 0 (bool result). */
export function logicalNot(x: NDArray): NDArray {
  const out = NDArray.empty(x.shape, 'bool', x.backend);
  x.backend.unary('not', x, out);
  return out;
}

/**
 * Limits values to [min, max]; either bound may be omitted. As in PyTorch, an
 * integer array with a fractional bound gives a float32 result.
 */
export function clamp(x: NDArray, min?: number, max?: number): NDArray {
  if (min === undefined && max === undefined)
    throw new Error('clamp: give at least one of min and max');
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  if (lo > hi) throw new Error(`clamp: min ${lo} is greater than max ${hi}`);
  const fractional = [min, max].some((b) => b !== undefined && !Number.isInteger(b));
  return unaryOp('clamp', x, fractional ? 'float' : 'same', lo, hi);
}

/** Elementwise choice: `a` where `cond` is non-zero, else `b`; all three broadcast together. */
export function where(cond: NDArray, a: Operand, b: Operand): NDArray {
  const x = asArray('where', a, b instanceof NDArray ? b : undefined);
  const y = asArray('where', b, x);
  const backend = commonBackend('where', cond, x, y);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const dtype = promoteTypes(x.dtype, y.dtype);
  const out = NDArray.empty(shape, dtype, backend);
  backend.where(
    broadcastTo(cond, shape),
    broadcastTo(x.to(dtype), shape),
    broadcastTo(y.to(dtype), shape),
    out,
  );
  return out;
}

/** Writes `src` (broadcast to dst's shape, cast to dst's dtype) into `dst`, through its strides. */
export function assignInto(dst: NDArray, src: Operand): void {
  const s = asArray('copy_', src, dst);
  commonBackend('copy_', dst, s);
  const shape = broadcastShapes('copy_', dst.shape, s.shape);
  if (shape.length !== dst.ndim || shape.some((d, i) => d !== dst.shape[i])) {
    throw new Error(
      `copy_: cannot write shape ${shapeStr(s.shape)} into shape ${shapeStr(dst.shape)}`,
    );
  }
  dst.backend.copy(broadcastTo(s, dst.shape), dst);
}

/**
 * dst = dst op other, written straight into dst when that is safe: a
 * contiguous host array whose dtype is the result's, an operand that
 * broadcasts to dst's shape and does not share dst's memory (elementwise
 * kernels read each element before writing the same position). Otherwise
 * computed out of place and copied in.
 */
export function binaryInPlace(
  op: 'add' | 'sub' | 'mul' | 'div',
  dst: NDArray,
  other: Operand,
): void {
  const y = asArray(`${op}_`, other, dst);
  const direct =
    dst.backend.family === 'host' &&
    dst.isContiguous() &&
    y.storage !== dst.storage &&
    y.backend.family === 'host' &&
    promoteTypes(dst.dtype, y.dtype) === dst.dtype &&
    (op !== 'div' || isFloat(dst.dtype)) &&
    dst.dtype !== 'bool' &&
    broadcastShapes(op, dst.shape, y.shape).join() === dst.shape.join();
  if (direct) {
    dst.backend.binary(
      op,
      dst,
      broadcastTo(y.dtype === dst.dtype ? y : y.to(dst.dtype), dst.shape),
      dst,
    );
    return;
  }
  const fns = { add, sub, mul, div };
  assignInto(dst, fns[op](dst, y));
}
