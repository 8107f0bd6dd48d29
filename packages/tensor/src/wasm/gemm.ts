import type { View } from '../backend.js';
import { dataOf } from '../cpu/strided.js';
import { MR, NR } from './gemm-kernel.js';
import type { MacroTask } from './thread-pool.js';

/** K block (a packed B panel, kc×NR floats, stays in L1) and N block of the loop nest. */
const KC = 256;
const NC = 1024;

/** What the GEMM driver needs from the backend: scratch memory and the kernels. */
export interface GemmEngine {
  /** First float index of wasm memory the driver may use (below it the engine keeps task lists). */
  readonly scratchBase: number;
  /** A Float32Array over the wasm memory with at least `floats` elements (grows the memory). */
  scratch(floats: number): Float32Array;
  /** Runs list 0 on the caller and the others on worker threads; one list runs on the caller alone. */
  parallel(lists: MacroTask[][]): void;
  /** The wasm packing kernels (byte addresses and byte strides): see pack-kernels.ts. */
  packA(
    src: number,
    rowStride: number,
    colStride: number,
    rows: number,
    kc: number,
    dst: number,
  ): void;
  packB(
    src: number,
    rowStride: number,
    colStride: number,
    cols: number,
    kc: number,
    dst: number,
  ): void;
  threads: number;
}

/** Below this many multiply-adds a product stays on one thread (waking workers costs more). */
const PARALLEL_MIN_MACS = 1 << 21;

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
 * Elements of a 2-d strided view [rows, cols] counted from its first one, when
 * it is dense enough to copy into wasm memory whole (non-negative strides, at
 * most about twice its size); else 0.
 */
function stagedSpan(rows: number, cols: number, s0: number, s1: number): number {
  if (s0 < 0 || s1 < 0 || rows === 0 || cols === 0) return 0;
  const span = (rows - 1) * s0 + (cols - 1) * s1 + 1;
  return span <= 2 * rows * cols + 16 ? span : 0;
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
  const ncMax = Math.min(NC, roundUp(N, NR));
  // Operands are copied into wasm memory whole (one memcpy each) and packed there by
  // the wasm kernels; sparse or reversed views are packed from JS instead.
  const spanA = stagedSpan(M, K, sam, sak);
  const spanB = stagedSpan(K, N, sbk, sbn);
  // scratch layout (floats): [A panels for all K blocks: Mp×K][B panels: K×ncMax][C: Mp×ncMax][A staged][B staged]
  const aAt = engine.scratchBase;
  const bAt = aAt + Mp * K;
  const cAt = bAt + K * ncMax;
  const aStage = cAt + Mp * ncMax;
  const bStage = aStage + spanA;
  const mem = engine.scratch(bStage + spanB);
  const mPanels = Mp / MR;
  for (let batch = 0; batch < batches; batch++) {
    const aOff = a.offset + batch * sab;
    const bOff = b.offset + batch * sbb;
    // A is packed once per batch entry (every K block), B once per N block.
    if (spanA) {
      mem.set(A.subarray(aOff, aOff + spanA), aStage);
      for (let k0 = 0; k0 < K; k0 += KC) {
        engine.packA(
          (aStage + k0 * sak) * 4,
          sam * 4,
          sak * 4,
          M,
          Math.min(KC, K - k0),
          (aAt + k0 * Mp) * 4,
        );
      }
    } else {
      for (let k0 = 0; k0 < K; k0 += KC)
        packA(mem, aAt + k0 * Mp, A, aOff, sam, sak, M, k0, Math.min(KC, K - k0));
    }
    if (spanB) mem.set(B.subarray(bOff, bOff + spanB), bStage);
    for (let n0 = 0; n0 < N; n0 += ncMax) {
      const nc = Math.min(ncMax, N - n0);
      const ncp = roundUp(nc, NR);
      const ldc = ncp * 4;
      if (K === 0) mem.fill(0, cAt, cAt + Mp * ncp);
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0);
        if (spanB)
          engine.packB(
            (bStage + k0 * sbk + n0 * sbn) * 4,
            sbk * 4,
            sbn * 4,
            nc,
            kc,
            (bAt + k0 * ncp) * 4,
          );
        else packB(mem, bAt + k0 * ncp, B, bOff, sbk, sbn, n0, nc, k0, kc);
      }
      // Each thread owns a band of MR-row panels and runs all K blocks for it (one wake-up per product).
      const threads = M * nc * K >= PARALLEL_MIN_MACS ? Math.min(engine.threads, mPanels) : 1;
      const lists: MacroTask[][] = [];
      for (let t = 0; t < threads; t++) {
        const p0 = Math.floor((mPanels * t) / threads);
        const p1 = Math.floor((mPanels * (t + 1)) / threads);
        const list: MacroTask[] = [];
        for (let k0 = 0; k0 < K && p1 > p0; k0 += KC) {
          const kc = Math.min(KC, K - k0);
          const aPanels = aAt + k0 * Mp + p0 * MR * kc;
          list.push([
            aPanels * 4,
            (bAt + k0 * ncp) * 4,
            (cAt + p0 * MR * ncp) * 4,
            p1 - p0,
            ncp / NR,
            kc,
            ldc,
            k0 > 0 ? 1 : 0,
          ]);
        }
        lists.push(list);
      }
      engine.parallel(lists);
      // copy the valid part of the padded C tile out
      const rowBase = out.offset + batch * M * N + n0;
      for (let i = 0; i < M; i++) {
        const src = cAt + i * ncp;
        R.set(mem.subarray(src, src + nc), rowBase + i * N);
      }
    }
  }
}
