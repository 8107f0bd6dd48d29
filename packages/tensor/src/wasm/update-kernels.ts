import {
  F32,
  type FunctionBuilder,
  I32,
  type ModuleBuilder,
  V128,
  type ValType,
} from './wasm-builder.js';

/**
 * SIMD kernels of the fused optimiser steps (optimizer-steps.ts), four floats
 * at a time over arrays staged in wasm memory. All arithmetic is float32 and
 * unfused (no relaxed multiply-add), so a result depends only on its inputs.
 * Addresses are in bytes; `n4` counts 4-float vectors (the caller pads).
 */

type Six = [number, number, number, number, number, number];

/** A v128 local holding four copies of the f32 parameter `param`. */
function splat(fn: FunctionBuilder, param: number): number {
  const local = fn.local(V128);
  fn.get(param).f32x4Splat().set(local);
  return local;
}

/** A v128 local holding four copies of the f32 constant `value`. */
export function splatF32(fn: FunctionBuilder, value: number): number {
  const local = fn.local(V128);
  fn.f32(value).f32x4Splat().set(local);
  return local;
}

/** A v128 local holding four copies of the int32 constant `value`. */
export function splatI32(fn: FunctionBuilder, value: number): number {
  const local = fn.local(V128);
  fn.i32(value).i32x4Splat().set(local);
  return local;
}

/**
 * Emits `for (off = 0; n4 > 0; off += 16, n4--) body(f, at)`, where
 * `at(f, base)` pushes the byte address base + off of the current vector.
 */
export function vectorLoop(
  fn: FunctionBuilder,
  n4: number,
  body: (f: FunctionBuilder, at: (f: FunctionBuilder, base: number) => FunctionBuilder) => void,
): void {
  const off = fn.local(I32);
  const at = (f: FunctionBuilder, base: number) => f.get(base).get(off).add();
  fn.block((exit) => {
    exit.get(n4).i32(0).gtS().eqz().brIf(0);
    exit.loop((f) => {
      body(f, at);
      f.get(off).i32(16).add().set(off);
      f.get(n4).i32(1).sub().tee(n4).brIf(0);
    });
  });
}

/**
 * adam(p, g, m, v, vMax, n4, β₁, 1 − β₁, β₂, 1 − β₂, s, e):
 * m ← β₁m + (1 − β₁)g; v ← β₂v + ((1 − β₂)g)g; (AMSGrad: v̂ ← max(v̂, v));
 * p ← p − s·m / (√v + e).
 */
function adamKernel(fn: FunctionBuilder, amsgrad: boolean): void {
  const [p, g, m, v, x, n4] = [0, 1, 2, 3, 4, 5];
  const gv = fn.local(V128);
  const mv = fn.local(V128);
  const vv = fn.local(V128);
  const [b1, c1, b2, c2, s, e] = [6, 7, 8, 9, 10, 11].map((i) => splat(fn, i)) as Six;
  vectorLoop(fn, n4, (f, at) => {
    at(f, g).v128Load().set(gv);
    at(f, m);
    f.get(b1);
    at(f, m).v128Load().f32x4Mul();
    f.get(c1).get(gv).f32x4Mul().f32x4Add().tee(mv).v128Store();
    at(f, v);
    f.get(b2);
    at(f, v).v128Load().f32x4Mul();
    f.get(c2).get(gv).f32x4Mul().get(gv).f32x4Mul().f32x4Add().tee(vv).v128Store();
    if (amsgrad) {
      at(f, x);
      at(f, x).v128Load().get(vv).f32x4Max().tee(vv).v128Store();
    }
    at(f, p);
    at(f, p).v128Load();
    f.get(s).get(mv).f32x4Mul();
    f.get(vv).f32x4Sqrt().get(e).f32x4Add().f32x4Div();
    f.f32x4Sub().v128Store();
  });
}

export type SgdMode = 'plain' | 'momentum' | 'nesterov';

/**
 * sgd(p, g, buf, n4, sign, wd, lr, keep, add, momentum):
 * d = sign·g (+ wd·p); with momentum buf ← keep·buf + add·d and
 * u = buf (nesterov: d + momentum·buf), else u = d; p ← p − lr·u.
 */
function sgdKernel(fn: FunctionBuilder, mode: SgdMode, weightDecay: boolean): void {
  const [p, g, buf, n4] = [0, 1, 2, 3];
  const d = fn.local(V128);
  const u = fn.local(V128);
  const [sign, wd, lr, keep, add, mom] = [4, 5, 6, 7, 8, 9].map((i) => splat(fn, i)) as Six;
  vectorLoop(fn, n4, (f, at) => {
    f.get(sign);
    at(f, g).v128Load().f32x4Mul();
    if (weightDecay) {
      f.get(wd);
      at(f, p).v128Load().f32x4Mul().f32x4Add();
    }
    f.set(d);
    if (mode === 'plain') f.get(d).set(u);
    else {
      at(f, buf);
      f.get(keep);
      at(f, buf).v128Load().f32x4Mul();
      f.get(add).get(d).f32x4Mul().f32x4Add().tee(u).v128Store();
      if (mode === 'nesterov') f.get(d).get(mom).get(u).f32x4Mul().f32x4Add().set(u);
    }
    at(f, p);
    at(f, p).v128Load();
    f.get(lr).get(u).f32x4Mul().f32x4Sub().v128Store();
  });
}

export const SGD_MODES: readonly SgdMode[] = ['plain', 'momentum', 'nesterov'];

/** Export name of the SGD kernel for a mode, with or without the weight-decay term. */
export const sgdKernelName = (mode: SgdMode, weightDecay: boolean) =>
  `sgd_${mode}${weightDecay ? '_wd' : ''}`;

/** Adds `adam`, `adam_amsgrad` and the six `sgd_*` kernels to a module. */
export function addUpdateKernels(m: ModuleBuilder): void {
  const adamParams: ValType[] = [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32];
  adamKernel(m.func('adam', adamParams, []).fn, false);
  adamKernel(m.func('adam_amsgrad', adamParams, []).fn, true);
  const sgdParams: ValType[] = [I32, I32, I32, I32, F32, F32, F32, F32, F32, F32];
  for (const mode of SGD_MODES)
    for (const wd of [false, true])
      sgdKernel(m.func(sgdKernelName(mode, wd), sgdParams, []).fn, mode, wd);
}
