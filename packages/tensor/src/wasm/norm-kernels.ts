import { F64, type FunctionBuilder, I32, type ModuleBuilder, V128 } from './wasm-builder.js';

/**
 * SIMD kernels of the batch-norm loops (batch-norm-loops.ts): one channel of
 * an [N, C, S] float32 array is N runs of S floats, `stride` bytes apart. All
 * arithmetic is float64 (two lanes at a time: each four floats are loaded as
 * two pairs and promoted exactly), in the order the reference loops of
 * batch-norm.ts use, so results match them up to the order of the sums.
 * Addresses and strides are in bytes.
 */

/**
 * Emits, for r < runs and each run's floats, `vec(f, at)` per group of four
 * (at(f, base, half) pushes the byte address of the group's pair `half` in
 * the run of array `base`) and `one(f, at)` per float of a run's tail.
 */
function runLoop(
  fn: FunctionBuilder,
  p: { runs: number; stride: number; len: number },
  vec: (f: FunctionBuilder, at: (f: FunctionBuilder, base: number) => FunctionBuilder) => void,
  one: (f: FunctionBuilder, at: (f: FunctionBuilder, base: number) => FunctionBuilder) => void,
): void {
  const r = fn.local(I32);
  const off = fn.local(I32);
  const i = fn.local(I32);
  const end4 = fn.local(I32);
  const end = fn.local(I32);
  fn.get(p.len).i32(-4).and().i32(2).shl().set(end4);
  fn.get(p.len).i32(2).shl().set(end);
  const at = (f: FunctionBuilder, base: number) => f.get(base).get(off).add().get(i).add();
  fn.block((exit) => {
    exit.get(p.runs).i32(0).gtS().eqz().brIf(0);
    exit.get(p.len).i32(0).gtS().eqz().brIf(0);
    exit.loop((runs) => {
      runs.get(r).get(p.stride).mul().set(off);
      runs.i32(0).set(i);
      runs.block((skip) => {
        skip.get(end4).i32(0).gtS().eqz().brIf(0);
        skip.loop((v) => {
          vec(v, at);
          v.get(i).i32(16).add().tee(i).get(end4).ltS().brIf(0);
        });
      });
      runs.block((skip) => {
        skip.get(i).get(end).ltS().eqz().brIf(0);
        skip.loop((t) => {
          one(t, at);
          t.get(i).i32(4).add().tee(i).get(end).ltS().brIf(0);
        });
      });
      runs.get(r).i32(1).add().tee(r).get(p.runs).ltS().brIf(0);
    });
  });
}

/** Pushes the f64x2 of the two floats at the address `at` pushes, plus `offset`. */
const pair = (f: FunctionBuilder, offset: number) =>
  f.v128Load64Zero(offset).f64x2PromoteLowF32x4();

/** Stores lanes 0 + 1 of `lo` plus lanes 0 + 1 of `hi` plus `tail` as f64 at `out`. */
function storeSum(
  fn: FunctionBuilder,
  out: number,
  offset: number,
  lo: number,
  hi: number,
  tail: number,
) {
  fn.get(out);
  fn.get(lo).f64x2ExtractLane(0).get(lo).f64x2ExtractLane(1).f64Add();
  fn.get(hi).f64x2ExtractLane(0).get(hi).f64x2ExtractLane(1).f64Add().f64Add();
  fn.get(tail).f64Add().f64Store(offset);
}

/**
 * Two sums over the channel, each kept in two f64x2 accumulators (one per
 * pair of a group of four) and a scalar for the tail, written as two f64 at
 * `out`: Σ u and Σ u·w with u, w from `terms`.
 */
function twoSums(
  fn: FunctionBuilder,
  p: { runs: number; stride: number; len: number; out: number },
  terms: {
    /** Pushes (u, w) for the pair at `at` + offset, as f64x2, into locals u and w. */
    vec: (
      f: FunctionBuilder,
      at: (f: FunctionBuilder) => FunctionBuilder,
      offset: number,
      u: number,
      w: number,
    ) => void;
    /** The same for one float, as f64. */
    one: (
      f: FunctionBuilder,
      at: (f: FunctionBuilder) => FunctionBuilder,
      u: number,
      w: number,
    ) => void;
  },
  /** The parameter holding the base address of the array the run addresses follow. */
  base: number,
): void {
  const [s0, s1, q0, q1, u, w] = Array.from({ length: 6 }, () => fn.local(V128));
  const [ts, tq, su, sw] = Array.from({ length: 4 }, () => fn.local(F64));
  runLoop(
    fn,
    p,
    (f, at) => {
      const addr = (g: FunctionBuilder) => at(g, base);
      terms.vec(f, addr, 0, u, w);
      f.get(s0).get(u).f64x2Add().set(s0);
      f.get(q0).get(u).get(w).f64x2Mul().f64x2Add().set(q0);
      terms.vec(f, addr, 8, u, w);
      f.get(s1).get(u).f64x2Add().set(s1);
      f.get(q1).get(u).get(w).f64x2Mul().f64x2Add().set(q1);
    },
    (f, at) => {
      terms.one(f, (g) => at(g, base), su, sw);
      f.get(ts).get(su).f64Add().set(ts);
      f.get(tq).get(su).get(sw).f64Mul().f64Add().set(tq);
    },
  );
  storeSum(fn, p.out, 0, s0, s1, ts);
  storeSum(fn, p.out, 8, q0, q1, tq);
}

/** moments(x, runs, stride, len, shift, out): out = [Σ(x − shift), Σ(x − shift)²]. */
function momentsKernel(fn: FunctionBuilder): void {
  const [x, runs, stride, len, shift, out] = [0, 1, 2, 3, 4, 5];
  const sh = fn.local(V128);
  fn.get(shift).f64x2Splat().set(sh);
  twoSums(
    fn,
    { runs, stride, len, out },
    {
      vec: (f, at, offset, u, w) => {
        pair(at(f), offset).get(sh).f64x2Sub().tee(u).set(w);
      },
      one: (f, at, u, w) => {
        at(f).f32Load().f64PromoteF32().get(shift).f64Sub().tee(u).set(w);
      },
    },
    x,
  );
}

/** gradSums(g, x, runs, stride, len, mean, out): out = [Σg, Σg·(x − mean)]. */
function gradSumsKernel(fn: FunctionBuilder): void {
  const [g, x, runs, stride, len, mean, out] = [0, 1, 2, 3, 4, 5, 6];
  const m = fn.local(V128);
  fn.get(mean).f64x2Splat().set(m);
  // g and x share the run layout: the g address plus (x − g) is the x address
  const dx = fn.local(I32);
  fn.get(x).get(g).sub().set(dx);
  twoSums(
    fn,
    { runs, stride, len, out },
    {
      vec: (f, at, offset, u, w) => {
        pair(at(f), offset).set(u);
        pair(at(f).get(dx).add(), offset).get(m).f64x2Sub().set(w);
      },
      one: (f, at, u, w) => {
        at(f).f32Load().f64PromoteF32().set(u);
        at(f).get(dx).add().f32Load().f64PromoteF32().get(mean).f64Sub().set(w);
      },
    },
    g,
  );
}

/** normalize(x, y, runs, stride, len, scale, shift): y = f32(x·scale + shift). */
function normalizeKernel(fn: FunctionBuilder): void {
  const [x, y, runs, stride, len, scale, shift] = [0, 1, 2, 3, 4, 5, 6];
  const [sc, sh] = [fn.local(V128), fn.local(V128)];
  fn.get(scale).f64x2Splat().set(sc);
  fn.get(shift).f64x2Splat().set(sh);
  runLoop(
    fn,
    { runs, stride, len },
    (f, at) => {
      for (const offset of [0, 8]) {
        at(f, y);
        pair(at(f, x), offset).get(sc).f64x2Mul().get(sh).f64x2Add();
        f.f32x4DemoteF64x2Zero().v128Store64Lane0(offset);
      }
    },
    (f, at) => {
      at(f, y);
      at(f, x).f32Load().f64PromoteF32().get(scale).f64Mul().get(shift).f64Add();
      f.f32DemoteF64().f32Store();
    },
  );
}

/** gradInput(g, x, d, runs, stride, len, k, a, b): d = f32(k·(g − x·a − b)). */
function gradInputKernel(fn: FunctionBuilder): void {
  const [g, x, d, runs, stride, len, k, a, b] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [kv, av, bv] = [fn.local(V128), fn.local(V128), fn.local(V128)];
  fn.get(k).f64x2Splat().set(kv);
  fn.get(a).f64x2Splat().set(av);
  fn.get(b).f64x2Splat().set(bv);
  runLoop(
    fn,
    { runs, stride, len },
    (f, at) => {
      for (const offset of [0, 8]) {
        at(f, d).get(kv);
        pair(at(f, g), offset);
        pair(at(f, x), offset).get(av).f64x2Mul().f64x2Sub().get(bv).f64x2Sub().f64x2Mul();
        f.f32x4DemoteF64x2Zero().v128Store64Lane0(offset);
      }
    },
    (f, at) => {
      at(f, d).get(k);
      at(f, g).f32Load().f64PromoteF32();
      at(f, x).f32Load().f64PromoteF32().get(a).f64Mul().f64Sub().get(b).f64Sub().f64Mul();
      f.f32DemoteF64().f32Store();
    },
  );
}

/** Adds the batch-norm kernels to the module (exports bnMoments, bnGradSums, bnNormalize, bnGradInput). */
export function addNormKernels(m: ModuleBuilder): void {
  momentsKernel(m.func('bnMoments', [I32, I32, I32, I32, F64, I32], []).fn);
  gradSumsKernel(m.func('bnGradSums', [I32, I32, I32, I32, I32, F64, I32], []).fn);
  normalizeKernel(m.func('bnNormalize', [I32, I32, I32, I32, I32, F64, F64], []).fn);
  gradInputKernel(m.func('bnGradInput', [I32, I32, I32, I32, I32, I32, F64, F64, F64], []).fn);
}
