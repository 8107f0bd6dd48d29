import { MACRO, type Task } from './thread-pool.js';
import { MR, NR } from './tile.js';

/** K block (a packed B panel, kc×NR floats, stays in L1) and N block of the loop nest. */
export const KC = 256;
const NC = 1024;
/**
 * Floats of B one N block may hold (KC × NC): a product with a short K (a
 * convolution over few taps) takes wider N blocks, so fewer blocks — each a
 * wake-up of the workers and a store — cover it.
 */
const B_BLOCK_FLOATS = KC * NC;
/** Below this many multiply-adds a product stays on one thread (waking workers costs more). */
const PARALLEL_MIN_MACS = 1 << 21;

export const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * Lists a parallel step is cut into per thread: the threads claim them one at
 * a time (thread-pool.ts), so a thread that starts late or runs slow leaves
 * its share to the others instead of holding everyone up.
 */
const LISTS_PER_THREAD = 4;

/** How many independent lists to cut `units` of work into on `threads` threads. */
export function listCount(threads: number, units: number): number {
  return Math.max(1, Math.min(units, threads > 1 ? threads * LISTS_PER_THREAD : 1));
}

/** What the GEMM driver needs from the backend: scratch memory and the kernels. */
export interface GemmEngine {
  /** First float index of wasm memory the driver may use (below it the engine keeps task lists). */
  readonly scratchBase: number;
  /** A Float32Array over the wasm memory with at least `floats` elements (grows the memory). */
  scratch(floats: number): Float32Array;
  /** A heads-up that parallel work is coming (wakes sleeping worker threads early). */
  prepare(): void;
  /** Runs independent task lists on the caller and the worker threads (each list in order); one list runs on the caller alone. */
  parallel(lists: Task[][]): void;
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
  /** The wasm row-padding copy (byte addresses): see pack-kernels.ts. */
  padRows(
    src: number,
    dst: number,
    planes: number,
    h: number,
    w: number,
    wp: number,
    hp: number,
  ): void;
  threads: number;
}

/**
 * The two operands and the result of one product C[m, n] = A[m, k] · B[k, n],
 * described by how to pack them rather than by where they are: a strided
 * matrix, or a matrix that exists only implicitly (the im2col columns of an
 * image), is packed straight into the kernels' panel layout.
 */
export interface GemmOperands {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** Floats of scratch the operands stage data in (placed after the panels). */
  readonly stageFloats: number;
  /** Called once scratch exists, with the float index of the staging area. */
  begin(mem: Float32Array, stageAt: number): void;
  /** Packs A[0:m, k0:k0+kc] at float index `at` into MR-row panels of kc×MR floats, zero-padded. */
  packA(mem: Float32Array, at: number, k0: number, kc: number): void;
  /**
   * Packs B[k0:k0+kc, n0:n0+nc] at `at` into NR-column panels of kc×NR floats,
   * zero-padded — directly, or partly by pushing independent kernel tasks onto
   * `tasks`, which the driver spreads over the threads before the product.
   */
  packB(
    mem: Float32Array,
    at: number,
    k0: number,
    kc: number,
    n0: number,
    nc: number,
    tasks: Task[],
  ): void;
  /**
   * Optional: packing B[k0:k0+kc, n0:n0+nc] at `at` as one kernel task (null
   * when it cannot be). With it, a parallel product splits the columns: each
   * thread packs the B panels it uses itself, right before using them.
   */
  packBTask?(at: number, k0: number, kc: number, n0: number, nc: number): Task | null;
  /** Optional: fills the C tile for columns [n0, n0 + nc) before the product is added onto it (a bias). */
  initC?(mem: Float32Array, cAt: number, ldc: number, n0: number, nc: number): void;
  /** Takes the result C[0:m, n0:n0+nc] from the padded tile at `cAt` (row stride `ldc` floats). */
  store(mem: Float32Array, cAt: number, ldc: number, n0: number, nc: number): void;
}

/**
 * Runs one product on the wasm kernels with the GotoBLAS loop nest: A is
 * packed once into MR-high panels for every K block; for each N block, B is
 * packed into NR-wide panels, then the macro-kernel runs every MR×NR tile,
 * the row panels split into lists the threads claim (one wake-up per N block). C is
 * accumulated in a padded scratch tile and handed to `store`.
 */
export function runGemm(engine: GemmEngine, ops: GemmOperands): void {
  const { m: M, n: N, k: K } = ops;
  const Mp = roundUp(M, MR);
  const ncWide = Math.max(NC, Math.floor(B_BLOCK_FLOATS / Math.max(1, Math.min(K, KC)) / NR) * NR);
  const ncMax = Math.min(ncWide, roundUp(N, NR));
  const parallelBlock = (nc: number) => M * nc * K >= PARALLEL_MIN_MACS;
  // the first block will wake the workers: let them wake while A and B are packed
  if (engine.threads > 1 && parallelBlock(Math.min(ncMax, N))) engine.prepare();
  // scratch layout (floats): [A panels for all K blocks: Mp×K][B panels: K×ncMax][C: Mp×ncMax][stage]
  const aAt = engine.scratchBase;
  const bAt = aAt + Mp * K;
  const cAt = bAt + K * ncMax;
  const stageAt = cAt + Mp * ncMax;
  const mem = engine.scratch(stageAt + ops.stageFloats);
  ops.begin(mem, stageAt);
  for (let k0 = 0; k0 < K; k0 += KC) ops.packA(mem, aAt + k0 * Mp, k0, Math.min(KC, K - k0));
  const mPanels = Mp / MR;
  for (let n0 = 0; n0 < N; n0 += ncMax) {
    const nc = Math.min(ncMax, N - n0);
    const ncp = roundUp(nc, NR);
    if (ops.initC) ops.initC(mem, cAt, ncp, n0, nc);
    else if (K === 0) mem.fill(0, cAt, cAt + Mp * ncp);
    const big = parallelBlock(nc);
    const split =
      big && engine.threads > 1 && K > 0
        ? columnSplitLists(engine.threads, ops, { aAt, bAt, cAt, Mp, K, n0, nc, ncp })
        : null;
    if (split) {
      engine.parallel(split);
      ops.store(mem, cAt, ncp, n0, nc);
      continue;
    }
    const packing: Task[] = [];
    for (let k0 = 0; k0 < K; k0 += KC)
      ops.packB(mem, bAt + k0 * ncp, k0, Math.min(KC, K - k0), n0, nc, packing);
    if (packing.length) {
      // Packing tasks are independent: dealt round-robin to the threads, all done before the product.
      const n = big ? listCount(engine.threads, packing.length) : 1;
      engine.parallel(Array.from({ length: n }, (_, t) => packing.filter((_, i) => i % n === t)));
    }
    // Each list is a band of MR-row panels with all K blocks for it.
    const threads = big ? listCount(engine.threads, mPanels) : 1;
    const lists: Task[][] = [];
    for (let t = 0; t < threads; t++) {
      const p0 = Math.floor((mPanels * t) / threads);
      const p1 = Math.floor((mPanels * (t + 1)) / threads);
      const list: Task[] = [];
      for (let k0 = 0; k0 < K && p1 > p0; k0 += KC) {
        const kc = Math.min(KC, K - k0);
        list.push([
          MACRO,
          (aAt + k0 * Mp + p0 * MR * kc) * 4,
          (bAt + k0 * ncp) * 4,
          (cAt + p0 * MR * ncp) * 4,
          p1 - p0,
          ncp / NR,
          kc,
          ncp * 4,
          k0 > 0 || ops.initC ? 1 : 0,
        ]);
      }
      lists.push(list);
    }
    engine.parallel(lists);
    ops.store(mem, cAt, ncp, n0, nc);
  }
}

/**
 * Task lists of a product whose B operand packs as kernel tasks (null when it
 * does not: it is packed from JS instead): thread t owns
 * a band of NR-column panels, and for each K block packs its own B panels and
 * runs every row panel against them, so no thread reads panels another packed
 * and the packing itself is split across the threads.
 */
function columnSplitLists(
  threads: number,
  ops: GemmOperands,
  g: {
    aAt: number;
    bAt: number;
    cAt: number;
    Mp: number;
    K: number;
    n0: number;
    nc: number;
    ncp: number;
  },
): Task[][] | null {
  const { aAt, bAt, cAt, Mp, K, n0, nc, ncp } = g;
  if (!ops.packBTask) return null;
  const nPanels = ncp / NR;
  const used = listCount(threads, nPanels);
  const lists: Task[][] = [];
  for (let t = 0; t < used; t++) {
    const q0 = Math.floor((nPanels * t) / used);
    const q1 = Math.floor((nPanels * (t + 1)) / used);
    const cols = Math.min(nc, q1 * NR) - q0 * NR;
    const list: Task[] = [];
    for (let k0 = 0; k0 < K && cols > 0; k0 += KC) {
      const kc = Math.min(KC, K - k0);
      const bPanels = bAt + k0 * ncp + q0 * NR * kc;
      const pack = ops.packBTask(bPanels, k0, kc, n0 + q0 * NR, cols);
      if (!pack) return null; // (an operand gives tasks for all of its blocks or for none)
      list.push(pack);
      list.push([
        MACRO,
        (aAt + k0 * Mp) * 4,
        bPanels * 4,
        (cAt + q0 * NR) * 4,
        Mp / MR,
        q1 - q0,
        kc,
        ncp * 4,
        k0 > 0 || ops.initC ? 1 : 0,
      ]);
    }
    lists.push(list);
  }
  return lists;
}
