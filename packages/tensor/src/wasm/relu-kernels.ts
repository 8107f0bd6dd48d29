import { splatI32, vectorLoop } from './update-kernels.js';
import { type FunctionBuilder, I32, type ModuleBuilder, V128 } from './wasm-builder.js';

/**
 * relu and its gradient on float32, four at a time, by the sign of each
 * float's bit pattern read as an int32 — the rule of the reference loops in
 * cpu/relu-float32.ts, NaNs included. Addresses in bytes; `n4` counts
 * 4-float vectors.
 */

/** relu(x, r, n4): r = x where x > 0 or x is NaN (either sign), else +0. */
function reluKernel(fn: FunctionBuilder): void {
  const [x, r, n4] = [0, 1, 2];
  const zero = splatI32(fn, 0);
  const abs = splatI32(fn, 0x7fffffff);
  const inf = splatI32(fn, 0x7f800000);
  const b = fn.local(V128);
  vectorLoop(fn, n4, (f, at) => {
    at(f, r);
    at(f, x).v128Load().set(b);
    // keep = (b > 0) | ((b & 0x7fffffff) > 0x7f800000); r = b & keep
    f.get(b).get(b).get(zero).i32x4GtS();
    f.get(b).get(abs).v128And().get(inf).i32x4GtS().v128Or();
    f.v128And().v128Store();
  });
}

/** reluBackward(g, y, r, n4): r = g where the relu output y > 0 (a positive float below NaN), else 0. */
function reluBackwardKernel(fn: FunctionBuilder): void {
  const [g, y, r, n4] = [0, 1, 2, 3];
  const zero = splatI32(fn, 0);
  const inf = splatI32(fn, 0x7f800000);
  const b = fn.local(V128);
  vectorLoop(fn, n4, (f, at) => {
    at(f, r);
    at(f, g).v128Load();
    at(f, y).v128Load().set(b);
    f.get(b).get(zero).i32x4GtS();
    f.get(b).get(inf).i32x4LeS().v128And();
    f.v128And().v128Store();
  });
}

/** Adds the relu kernels to the module (exports relu, reluBackward). */
export function addReluKernels(m: ModuleBuilder): void {
  reluKernel(m.func('relu', [I32, I32, I32], []).fn);
  reluBackwardKernel(m.func('reluBackward', [I32, I32, I32, I32], []).fn);
}
