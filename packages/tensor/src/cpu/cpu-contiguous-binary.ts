import type { BinaryOp } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import { float32Binary } from './float32-loops.js';

/** r[ro + i] = a[ao + i] op b[bo + i] for i < n: the tight loop every binary op ends in. */
export function contiguousBinary(
  op: BinaryOp,
  a: TypedArray,
  ao: number,
  b: TypedArray,
  bo: number,
  r: TypedArray,
  ro: number,
  n: number,
): void {
  if (
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    r instanceof Float32Array &&
    float32Binary(op, a, ao, b, bo, r, ro, n)
  )
    return;
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
