import { addBinaryKernels } from './binary-kernels.js';
import { addMathKernels } from './math-kernels.js';
import { addNormKernels } from './norm-kernels.js';
import { gatherKernel, packAKernel, packBKernel, padRowsKernel } from './pack-kernels.js';
import { addPoolKernels } from './pool-kernels.js';
import { addReluKernels } from './relu-kernels.js';
import { MR, NR } from './tile.js';
import { addUpdateKernels } from './update-kernels.js';
import { type FunctionBuilder, I32, ModuleBuilder, V128 } from './wasm-builder.js';

export { MR, NR };

/**
 * The micro-kernel: C[MR×NR] (+)= Apanel[kc×MR] · Bpanel[kc×NR], with the
 * whole tile held in MR·NR/4 SIMD accumulators. Packed A stores MR values per
 * k (each broadcast with load32_splat); packed B stores NR values per k.
 * Signature: (a, b, c, kc, ldcBytes, accumulate).
 */
function microKernel(fn: FunctionBuilder, MR: number, NR: number, fma: boolean): void {
  const [a, b, c, kc, ldc, accumulate] = [0, 1, 2, 3, 4, 5];
  const nv = NR / 4;
  const acc = Array.from({ length: MR * nv }, () => fn.local(V128));
  const bv = Array.from({ length: nv }, () => fn.local(V128));
  const t = fn.local(V128);
  const row = fn.local(I32);
  // Load the current C tile when accumulating (later K blocks); locals start at zero otherwise.
  fn.get(accumulate).if((f) => {
    f.get(c).set(row);
    for (let r = 0; r < MR; r++) {
      for (let v = 0; v < nv; v++)
        f.get(row)
          .v128Load(v * 16)
          .set(acc[r * nv + v]!);
      if (r < MR - 1) f.get(row).get(ldc).add().set(row);
    }
  });
  fn.block((outer) =>
    outer.loop((f) => {
      for (let v = 0; v < nv; v++)
        f.get(b)
          .v128Load(v * 16)
          .set(bv[v]!);
      for (let r = 0; r < MR; r++) {
        f.get(a)
          .v128Load32Splat(r * 4)
          .set(t);
        for (let v = 0; v < nv; v++) {
          const k = acc[r * nv + v]!;
          if (fma) f.get(t).get(bv[v]!).get(k).f32x4RelaxedMadd().set(k);
          else f.get(k).get(t).get(bv[v]!).f32x4Mul().f32x4Add().set(k);
        }
      }
      f.get(a)
        .i32(MR * 4)
        .add()
        .set(a);
      f.get(b)
        .i32(NR * 4)
        .add()
        .set(b);
      f.get(kc).i32(1).sub().tee(kc).brIf(0);
    }),
  );
  fn.get(c).set(row);
  for (let r = 0; r < MR; r++) {
    for (let v = 0; v < nv; v++)
      fn.get(row)
        .get(acc[r * nv + v]!)
        .v128Store(v * 16);
    if (r < MR - 1) fn.get(row).get(ldc).add().set(row);
  }
}

/**
 * The macro-kernel: every MR×NR tile of a packed block,
 * (aPack, bPack, c, mPanels, nPanels, kc, ldcBytes, accumulate).
 */
function macroKernel(fn: FunctionBuilder, micro: number, MR: number, NR: number): void {
  const [aPack, bPack, c, mPanels, nPanels, kc, ldc, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7];
  const i = fn.local(I32);
  const j = fn.local(I32);
  const bp = fn.local(I32);
  const ct = fn.local(I32);
  fn.loop((rows) => {
    rows.i32(0).set(j);
    rows.get(bPack).set(bp);
    rows.get(c).set(ct);
    rows.loop((cols) => {
      cols.get(aPack).get(bp).get(ct).get(kc).get(ldc).get(accumulate).call(micro);
      cols
        .get(bp)
        .get(kc)
        .i32(NR * 4)
        .mul()
        .add()
        .set(bp);
      cols
        .get(ct)
        .i32(NR * 4)
        .add()
        .set(ct);
      cols.get(j).i32(1).add().tee(j).get(nPanels).ltS().brIf(0);
    });
    rows
      .get(aPack)
      .get(kc)
      .i32(MR * 4)
      .mul()
      .add()
      .set(aPack);
    rows.get(c).get(ldc).i32(MR).mul().add().set(c);
    rows.get(i).i32(1).add().tee(i).get(mPanels).ltS().brIf(0);
  });
}

/** Bytes of the GEMM module for a shared memory of `maxPages` 64 KiB pages. */
export function buildGemmModule(
  initialPages: number,
  maxPages: number,
  shared: boolean,
  tile: { mr: number; nr: number; fma: boolean } = { mr: MR, nr: NR, fma: false },
): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  const micro = m.func('micro', [I32, I32, I32, I32, I32, I32], []);
  microKernel(micro.fn, tile.mr, tile.nr, tile.fma);
  const macro = m.func('macro', [I32, I32, I32, I32, I32, I32, I32, I32], []);
  macroKernel(macro.fn, micro.index, tile.mr, tile.nr);
  packAKernel(m.func('packA', [I32, I32, I32, I32, I32, I32], []).fn);
  packBKernel(m.func('packB', [I32, I32, I32, I32, I32, I32], []).fn);
  gatherKernel(m.func('gather', [I32, I32, I32, I32, I32, I32, I32], []).fn);
  padRowsKernel(m.func('padRows', [I32, I32, I32, I32, I32, I32, I32], []).fn);
  addUpdateKernels(m);
  addNormKernels(m);
  addReluKernels(m);
  addBinaryKernels(m);
  addPoolKernels(m);
  addMathKernels(m);
  return m.build({ initial: initialPages, maximum: maxPages, shared });
}
