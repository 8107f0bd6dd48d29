import type { BinaryOp, View } from '../backend.js';
import { suffixPeriod } from '../cpu/cpu-broadcast.js';
import { contiguousFloat32 } from './batch-norm-loops.js';
import { vectorLoop } from './update-kernels.js';
import { F32, type FunctionBuilder, I32, type ModuleBuilder, V128 } from './wasm-builder.js';

/**
 * The four arithmetic ops on float32, four at a time, in three forms: both
 * operands arrays (`add_vv(a, b, r, n4)`), the right one a single value
 * (`add_vs(a, s, r, n4)`: r = a + s) and the left one (`add_sv(s, b, r, n4)`:
 * r = s + b). Addresses in bytes; `n4` counts 4-float vectors.
 *
 * The results are bit for bit the reference loops': those compute a op b in
 * double precision and round once to float32, which for +, −, × and ÷ of two
 * float32 values is the correctly rounded float32 result — what f32x4 gives.
 */

/** The ops with a kernel. */
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div';

export const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['add', 'sub', 'mul', 'div'];

export const isArithmetic = (op: BinaryOp): op is ArithmeticOp =>
  (ARITHMETIC_OPS as readonly string[]).includes(op);

/**
 * How the operands (both of the output's shape) are laid out: both contiguous
 * (`vv`); one contiguous and the other a single value spread out (`vs`: the
 * right one, `sv`: the left one); one contiguous and the other repeating a
 * contiguous period of `period` values (a bias row: `vp`, or `pv` when the
 * left operand repeats). The periodic forms run on the `vv` kernels.
 */
export type OperandForm = 'vv' | 'vs' | 'sv' | 'vp' | 'pv';

/** A float32 view that repeats a contiguous period (see suffixPeriod): that period, else 0. */
const float32Period = (v: View): number => (v.dtype === 'float32' ? suffixPeriod(v) : 0);

/** Which form fits operands of the output's shape (n values), with the period; null when none does. */
export function operandForm(
  a: View,
  b: View,
  n: number,
): { form: OperandForm; period: number } | null {
  const aFull = contiguousFloat32([a]);
  const bFull = contiguousFloat32([b]);
  if (aFull && bFull) return { form: 'vv', period: n };
  if (!aFull && !bFull) return null;
  const period = float32Period(aFull ? b : a);
  if (period === 1) return { form: aFull ? 'vs' : 'sv', period };
  if (period > 1 && n % period === 0) return { form: aFull ? 'vp' : 'pv', period };
  return null;
}

/** The kernel's export name; the periodic forms use the two-array kernel. */
export const binaryKernelName = (op: ArithmeticOp, form: OperandForm) =>
  `${op}_${form === 'vp' || form === 'pv' ? 'vv' : form}`;

function emitOp(f: FunctionBuilder, op: ArithmeticOp): void {
  if (op === 'add') f.f32x4Add();
  else if (op === 'sub') f.f32x4Sub();
  else if (op === 'mul') f.f32x4Mul();
  else f.f32x4Div();
}

function binaryKernel(fn: FunctionBuilder, op: ArithmeticOp, form: 'vv' | 'vs' | 'sv'): void {
  const [a, b, r, n4] = [0, 1, 2, 3];
  // A single-value operand (an f32 parameter) is spread over a vector once.
  const value = fn.local(V128);
  if (form !== 'vv')
    fn.get(form === 'vs' ? b : a)
      .f32x4Splat()
      .set(value);
  vectorLoop(fn, n4, (f, at) => {
    at(f, r);
    if (form === 'sv') f.get(value);
    else at(f, a).v128Load();
    if (form === 'vs') f.get(value);
    else at(f, b).v128Load();
    emitOp(f, op);
    f.v128Store();
  });
}

/** Adds the twelve kernels to the module (exports named by binaryKernelName). */
export function addBinaryKernels(m: ModuleBuilder): void {
  for (const op of ARITHMETIC_OPS) {
    binaryKernel(m.func(binaryKernelName(op, 'vv'), [I32, I32, I32, I32], []).fn, op, 'vv');
    binaryKernel(m.func(binaryKernelName(op, 'vs'), [I32, F32, I32, I32], []).fn, op, 'vs');
    binaryKernel(m.func(binaryKernelName(op, 'sv'), [F32, I32, I32, I32], []).fn, op, 'sv');
  }
}
