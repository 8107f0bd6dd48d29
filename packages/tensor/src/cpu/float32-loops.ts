/**
 * The hottest float32 elementwise loops on their own. A loop that also sees
 * Float64Array, Int32Array and Uint8Array data (every program that has labels
 * and masks) turns polymorphic and runs ≈ 1.6× slower per element than one
 * that only ever sees Float32Array, so the generic loops hand float32 work of
 * these ops to the functions here. Each returns false for an op it does not
 * cover. Results are the same as the generic loops' (the same double-precision
 * expression, rounded once on store).
 */
import type { BinaryOp, UnaryOp } from '../backend.js';

/**
 * The logistic function in double precision, stable on both tails: it never
 * exponentiates a large positive number (1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x)
 * below). Every host loop that computes σ calls this one.
 */
export function sigmoid(v: number): number {
  const e = Math.exp(-Math.abs(v));
  return v >= 0 ? 1 / (1 + e) : e / (1 + e);
}

export function float32Binary(
  op: BinaryOp,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  r: Float32Array,
  ro: number,
  n: number,
): boolean {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! + b[bo + i]!;
      return true;
    case 'sub':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! - b[bo + i]!;
      return true;
    case 'mul':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! * b[bo + i]!;
      return true;
    case 'div':
      for (let i = 0; i < n; i++) r[ro + i] = a[ao + i]! / b[bo + i]!;
      return true;
    default:
      return false;
  }
}

export function float32Unary(
  op: UnaryOp,
  a: Float32Array,
  o: number,
  r: Float32Array,
  q: number,
  n: number,
): boolean {
  switch (op) {
    case 'exp':
      for (let i = 0; i < n; i++) r[q + i] = Math.exp(a[o + i]!);
      return true;
    case 'tanh':
      for (let i = 0; i < n; i++) r[q + i] = Math.tanh(a[o + i]!);
      return true;
    case 'sigmoid':
      for (let i = 0; i < n; i++) r[q + i] = sigmoid(a[o + i]!);
      return true;
    default:
      return false;
  }
}
