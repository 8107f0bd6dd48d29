import { splatF32, splatI32, vectorLoop } from './update-kernels.js';
import { type FunctionBuilder, I32, type ModuleBuilder, V128 } from './wasm-builder.js';

/**
 * exp, sigmoid and tanh on float32, four at a time: exp(x, r, n4),
 * sigmoid(x, r, n4), tanh(x, r, n4) with byte addresses and `n4` 4-float
 * vectors. The JavaScript engine's Math.exp and Math.tanh cost 10–25 ns a
 * value; these cost well under 1 ns, and are accurate to about an ulp of
 * float32 (the reference rounds the double-precision functions: the two
 * agree to a few ulp, as any two float32 libraries do — tests measure it).
 *
 * exp(x) = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2 (|r| ≤ ½ln 2,
 * ln 2 split in two so n·ln2Hi is exact); eʳ by its Taylor polynomial to r⁷
 * (truncation below 10⁻⁸); 2ⁿ built from exponent bits in two halves, so
 * results that overflow to ∞ or fall into the subnormals round once, as they
 * should. x is first clamped to [−104, 89], beyond which float32 exp is 0 or
 * ∞ (a NaN stays NaN).
 *
 * sigmoid(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) below, with e = exp(−|x|)
 * (the reference's stable form). tanh(x) = x + x³·Q(x²) for |x| < 0.625 (Q
 * of degree 5, fitted to tanh on that interval by least squares at Chebyshev
 * nodes by scripts/math/fit-tanh.py: 0.77 ulp worst in float32), else
 * sign(x)·(1 − t)/(1 + t) with t = exp(−2|x|), where no cancellation remains.
 */

const LOG2E = Math.LOG2E;
const LN2_HI = 0.693359375; // 9 significant bits: n·LN2_HI is exact for |n| ≤ 150
const LN2_LO = Math.LN2 - LN2_HI;
/** 1/k! for k = 7 … 2: eʳ ≈ 1 + r + r²·(½ + r·(⅙ + …)). */
const EXP_TAYLOR = [7, 6, 5, 4, 3, 2].map((k) => 1 / [1, 1, 2, 6, 24, 120, 720, 5040][k]!);
/** Q(z) coefficients, highest first: tanh(x) ≈ x + x³·Q(x²) on |x| < 0.625. */
const TANH_Q = [
  0.002138226293027401, -0.008171788416802883, 0.021698210388422012, -0.053946252912282944,
  0.1333320140838623, -0.3333333134651184,
];
const TANH_SMALL = 0.625;

/** Constants and scratch locals the exp code needs, made once per kernel (before its loop). */
function expContext(fn: FunctionBuilder) {
  return {
    lo: splatF32(fn, -104),
    hi: splatF32(fn, 89),
    log2e: splatF32(fn, LOG2E),
    ln2hi: splatF32(fn, LN2_HI),
    ln2lo: splatF32(fn, LN2_LO),
    taylor: EXP_TAYLOR.map((c) => splatF32(fn, c)),
    one: splatF32(fn, 1),
    n: fn.local(V128),
    r: fn.local(V128),
    p: fn.local(V128),
    k: fn.local(V128),
    half: fn.local(V128),
  };
}

/** Pushes exp of the v128 local `x` (see the file's comment). */
function emitExp(f: FunctionBuilder, x: number, c: ReturnType<typeof expContext>): void {
  // clamp, then n = round(x·log₂e), r = (x − n·ln2Hi) − n·ln2Lo
  f.get(x).get(c.lo).f32x4Max().get(c.hi).f32x4Min().set(c.r);
  f.get(c.r).get(c.log2e).f32x4Mul().f32x4Nearest().set(c.n);
  f.get(c.r).get(c.n).get(c.ln2hi).f32x4Mul().f32x4Sub();
  f.get(c.n).get(c.ln2lo).f32x4Mul().f32x4Sub().set(c.r);
  // p = 1 + r + r²·(1/2 + r·(1/6 + … r·1/7!))
  f.get(c.taylor[0]!);
  for (const t of c.taylor.slice(1)) f.get(c.r).f32x4Mul().get(t).f32x4Add();
  f.get(c.r).get(c.r).f32x4Mul().f32x4Mul().get(c.r).f32x4Add().get(c.one).f32x4Add().set(c.p);
  // 2ⁿ as 2^(n>>1) · 2^(n − (n>>1)), each a normal float built from exponent bits
  f.get(c.n).i32x4TruncSatF32x4S().set(c.k);
  f.get(c.k).i32(1).i32x4ShrS().set(c.half);
  f.get(c.p);
  f.get(c.half).i32(127).i32x4Splat().i32x4Add().i32(23).i32x4Shl().f32x4Mul();
  f.get(c.k).get(c.half).i32x4Sub().i32(127).i32x4Splat().i32x4Add().i32(23).i32x4Shl();
  f.f32x4Mul();
}

function expKernel(fn: FunctionBuilder): void {
  const [x, r, n4] = [0, 1, 2];
  const c = expContext(fn);
  const v = fn.local(V128);
  vectorLoop(fn, n4, (f, at) => {
    at(f, r);
    at(f, x).v128Load().set(v);
    emitExp(f, v, c);
    f.v128Store();
  });
}

function sigmoidKernel(fn: FunctionBuilder): void {
  const [x, r, n4] = [0, 1, 2];
  const c = expContext(fn);
  const zero = splatF32(fn, 0);
  const [v, e, d] = [fn.local(V128), fn.local(V128), fn.local(V128)];
  vectorLoop(fn, n4, (f, at) => {
    at(f, x).v128Load().tee(v).f32x4Abs().f32x4Neg().set(e);
    emitExp(f, e, c);
    f.set(e);
    f.get(e).get(c.one).f32x4Add().set(d);
    at(f, r);
    // x ≥ 0: 1/(1 + e); else e/(1 + e)
    f.get(c.one).get(d).f32x4Div();
    f.get(e).get(d).f32x4Div();
    f.get(v).get(zero).f32x4Ge().v128Bitselect();
    f.v128Store();
  });
}

function tanhKernel(fn: FunctionBuilder): void {
  const [x, r, n4] = [0, 1, 2];
  const c = expContext(fn);
  const q = TANH_Q.map((k) => splatF32(fn, k));
  const minusTwo = splatF32(fn, -2);
  const small = splatF32(fn, TANH_SMALL);
  const sign = splatI32(fn, -0x80000000);
  const [v, a, z, t, poly] = [
    fn.local(V128),
    fn.local(V128),
    fn.local(V128),
    fn.local(V128),
    fn.local(V128),
  ];
  vectorLoop(fn, n4, (f, at) => {
    at(f, x).v128Load().tee(v).f32x4Abs().set(a);
    // small |x|: |x| + |x|·z·Q(z), z = x² (on |x|: the sign, −0's included, goes on at the end)
    f.get(a).get(a).f32x4Mul().set(z);
    f.get(q[0]!);
    for (const k of q.slice(1)) f.get(z).f32x4Mul().get(k).f32x4Add();
    f.get(z).f32x4Mul().get(a).f32x4Mul().get(a).f32x4Add().set(poly);
    // large |x|: (1 − t)/(1 + t), t = exp(−2|x|)
    f.get(a).get(minusTwo).f32x4Mul().set(t);
    emitExp(f, t, c);
    f.set(t);
    at(f, r);
    f.get(poly);
    f.get(c.one).get(t).f32x4Sub().get(c.one).get(t).f32x4Add().f32x4Div();
    f.get(a).get(small).f32x4Lt().v128Bitselect();
    f.get(v).get(sign).v128And().v128Or();
    f.v128Store();
  });
}

/** The unary ops with a kernel, by the name of their export. */
export const MATH_KERNELS = ['exp', 'sigmoid', 'tanh'] as const;
export type MathKernel = (typeof MATH_KERNELS)[number];

/** Adds exp, sigmoid and tanh to the module. */
export function addMathKernels(m: ModuleBuilder): void {
  expKernel(m.func('exp', [I32, I32, I32], []).fn);
  sigmoidKernel(m.func('sigmoid', [I32, I32, I32], []).fn);
  tanhKernel(m.func('tanh', [I32, I32, I32], []).fn);
}
