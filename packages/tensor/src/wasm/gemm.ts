import type { View } from '../backend.js';
import { dataOf } from '../cpu/strided.js';
import { MR, NR } from './gemm-kernel.js';
import type { MacroTask } from './thread-pool.js';

/** K block (packed panels stay in L1/L2) and N block of the GotoBLAS loop nest. */
const KC = 256;
const NC = 1024;

/** What the GEMM driver needs from the backend: scratch memory and the kernels. */
export interface GemmEngine {
  /** A Float32Array over the wasm memory with at least `floats` elements (grows the memory). */
  scratch(floats: number): Float32Array;
  macro(...args: MacroTask): void;
  /** Runs the tasks across threads (the first on the caller); single-threaded engines run them in turn. */
  parallel(tasks: MacroTask[]): void;
  threads: number;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/** Packs A[rows, k0:k0+kc] (strided) into MR-row panels: kc×MR floats each, zero-padded. */
function packA(
  dst: Float32Array,
  at: number,
  src: ArrayLike<number>,
  off: number,
  sm: number,
  sk: number,
  M: number,
  k0: number,
  kc: number,
) {
  for (let p = 0; p < M; p += MR) {
    const rows = Math.min(MR, M - p);
    for (let k = 0; k < kc; k++) {
      const base = off + (k0 + k) * sk + p * sm;
      for (let r = 0; r < rows; r++) dst[at + r] = src[base + r * sm]!;
      for (let r = rows; r < MR; r++) dst[at + r] = 0;
      at += MR;
    }
  }
}

/** Packs B[k0:k0+kc, n0:n0+nc] (strided) into NR-column panels: kc×NR floats each, zero-padded. */
function packB(
  dst: Float32Array,
  at: number,
  src: ArrayLike<number>,
  off: number,
  sk: number,
  sn: number,
  n0: number,
  nc: number,
  k0: number,
  kc: number,
) {
  for (let p = 0; p < nc; p += NR) {
    const cols = Math.min(NR, nc - p);
    for (let k = 0; k < kc; k++) {
      const base = off + (k0 + k) * sk + (n0 + p) * sn;
      if (sn === 1 && cols === NR) {
        for (let c = 0; c < NR; c++) dst[at + c] = src[base + c]!;
      } else {
        for (let c = 0; c < cols; c++) dst[at + c] = src[base + c * sn]!;
        for (let c = cols; c < NR; c++) dst[at + c] = 0;
      }
      at += NR;
    }
  }
}

/**
 * Batched float32 GEMM on the wasm kernels: out[b] = a[b] · b[b] for views
 * a [B, M, K] and b [B, K, N] with any strides, out contiguous [B, M, N].
 * The GotoBLAS loop nest: for each N block and K block, B is packed into
 * NR-wide panels and A into MR-high panels in wasm memory, then the
 * macro-kernel runs every MR×NR tile, its rows split across threads. C is
 * accumulated in a padded scratch tile and copied out at the end.
 */
export function gemm(engine: GemmEngine, a: View, b: View, out: View): void {
  const [batches, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const A = dataOf(a);
  const B = dataOf(b);
  const R = dataOf(out);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const Mp = roundUp(M, MR);
  const kcMax = Math.min(KC, K);
  const ncMax = Math.min(NC, roundUp(N, NR));
  // scratch layout (floats): [A panels: Mp×kc][B panels: kc×nc][C: Mp×ncMax]
  const aAt = 0;
  const bAt = aAt + Mp * kcMax;
  const cAt = bAt + kcMax * ncMax;
  const mem = engine.scratch(cAt + Mp * ncMax);
  const mPanels = Mp / MR;
  for (let batch = 0; batch < batches; batch++) {
    const aOff = a.offset + batch * sab;
    const bOff = b.offset + batch * sbb;
    for (let n0 = 0; n0 < N; n0 += ncMax) {
      const nc = Math.min(ncMax, N - n0);
      const ncp = roundUp(nc, NR);
      const ldc = ncp * 4;
      if (K === 0) mem.fill(0, cAt, cAt + Mp * ncp);
      for (let k0 = 0; k0 < K; k0 += kcMax) {
        const kc = Math.min(kcMax, K - k0);
        packB(mem, bAt, B, bOff, sbk, sbn, n0, nc, k0, kc);
        packA(mem, aAt, A, aOff, sam, sak, M, k0, kc);
        const acc = k0 > 0 ? 1 : 0;
        const threads = Math.min(
          engine.threads,
          mPanels,
          Math.max(1, Math.floor((M * nc * kc) / 65536)),
        );
        if (threads <= 1) {
          engine.macro(aAt * 4, bAt * 4, cAt * 4, mPanels, ncp / NR, kc, ldc, acc);
        } else {
          const tasks: MacroTask[] = [];
          for (let t = 0; t < threads; t++) {
            const p0 = Math.floor((mPanels * t) / threads);
            const p1 = Math.floor((mPanels * (t + 1)) / threads);
            if (p1 > p0) {
              tasks.push([
                (aAt + p0 * MR * kc) * 4,
                bAt * 4,
                (cAt + p0 * MR * ncp) * 4,
                p1 - p0,
                ncp / NR,
                kc,
                ldc,
                acc,
              ]);
            }
          }
          engine.parallel(tasks);
        }
      }
      // copy the valid part of the padded C tile out
      const rowBase = out.offset + batch * M * N + n0;
      for (let i = 0; i < M; i++) {
        const src = cAt + i * ncp;
        R.set(mem.subarray(src, src + nc), rowBase + i * N);
      }
    }
  }
}
