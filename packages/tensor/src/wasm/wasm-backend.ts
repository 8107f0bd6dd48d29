/// <reference path="./webassembly.d.ts" />
import type { BinaryOp, Storage, UnaryOp, View, Window2d } from '../backend.js';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { CpuStorage } from '../cpu/cpu-storage.js';
import { isPool2x2, unpadded } from '../cpu/cpu-window.js';
import { dataOf, isContiguousView } from '../cpu/strided.js';
import type { DType } from '../dtype.js';
import {
  type AdamStepParams,
  adamStepConstants,
  type SgdStepParams,
  sgdStepConstants,
} from '../optimizer-steps.js';
import { sizeOf } from '../shape.js';
import {
  contiguousFloat32,
  type NormKernels,
  wasmBatchNormBackward,
  wasmBatchNormForward,
} from './batch-norm-loops.js';
import {
  type ArithmeticOp,
  binaryKernelName,
  isArithmetic,
  operandForm,
} from './binary-kernels.js';
import { convForwardGemm, convWeightGemm } from './conv-gemm.js';
import { type GemmEngine, gemm } from './gemm.js';
import { buildGemmModule, MR, NR } from './gemm-kernel.js';
import { MATH_KERNELS, type MathKernel } from './math-kernels.js';
import { isNode, nodeRequire } from './node-require.js';
import { GATHER, MAX_LISTS, PACK_B, TASK_INTS, type Task, ThreadPool } from './thread-pool.js';
import { sgdKernelName } from './update-kernels.js';

const PAGE = 65536;
const TASK_AREA_BYTES = 65536;
/** Below this many multiply-adds a product runs on the reference loop. */
const TINY_MACS = 4096;
const INITIAL_PAGES = 64; // 4 MiB
const MAX_PAGES = 32768; // 2 GiB
/** Floats of each array an optimiser step stages in wasm memory at a time (16 KiB: all stay in L1/L2). */
const STEP_CHUNK = 4096;
/** Arrays below this many floats are not worth keeping for reuse. */
const RECYCLE_MIN = 16384;
/** At most this many floats (128 MiB) wait in the recycled arrays. */
const RECYCLE_MAX_FLOATS = 32 * 2 ** 20;
/** Below this many values an elementwise op runs the reference loop (staging costs more than it saves). */
const MAP_MIN = 4096;
/** Input floats of 2×2 max pooling staged in wasm memory at a time (256 KiB: planes stay in L2). */
const POOL_CHUNK = 65536;
/** Below this many values an optimiser step runs the plain loop (staging costs more than it saves). */
const STEP_MIN = 512;

export interface WasmBackendOptions {
  /**
   * Threads for large matrix products, the calling thread included (default:
   * the number of CPU cores, at most 8). 1 disables worker threads.
   */
  threads?: number;
  /** Use fused multiply-add from relaxed SIMD when the engine has it (default true). */
  fma?: boolean;
}

let relaxedTried = false;

/** Whether this JavaScript engine runs WebAssembly SIMD (the wasm backend needs it). */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(buildGemmModule(1, 1, false));
  } catch {
    return false;
  }
}

function relaxedSimdModule(shared: boolean): Uint8Array<ArrayBuffer> | null {
  const bytes = buildGemmModule(INITIAL_PAGES, MAX_PAGES, shared, { mr: MR, nr: NR, fma: true });
  if (WebAssembly.validate(bytes)) return bytes;
  if (!relaxedTried && isNode) {
    // Node 20 compiles relaxed SIMD behind a flag (on by default from Node 22); it must be set
    // before the module is compiled. Feature-detected: nothing changes where it is unsupported.
    relaxedTried = true;
    try {
      (nodeRequire('node:v8') as typeof import('node:v8')).setFlagsFromString(
        '--experimental-wasm-relaxed-simd',
      );
    } catch {
      /* no flag support: fall through */
    }
    if (WebAssembly.validate(bytes)) return bytes;
  }
  return null;
}

/**
 * The fast CPU backend: the reference backend's storage and kernels, with
 * float32 matrix products (and so convolutions, which are im2col + GEMM) run
 * by WebAssembly SIMD kernels generated at start-up, blocked for the caches
 * and split across worker threads. Results match the `cpu` backend within
 * float32 rounding.
 */
export class WasmBackend extends CpuBackend implements GemmEngine {
  override readonly name: string = 'wasm';
  /** Threads used for large products (drops to 1 if a worker ever fails). */
  threads: number;
  /** True when the kernels use fused multiply-add (relaxed SIMD). */
  readonly fma: boolean;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: {
    macro: (...args: number[]) => void;
    packA: GemmEngine['packA'];
    packB: GemmEngine['packB'];
    gather: (...args: number[]) => void;
    padRows: GemmEngine['padRows'];
  } & NormKernels &
    Record<string, (...args: number[]) => void>;
  private pool: ThreadPool | null;
  private readonly module: WebAssembly.Module;
  /** Memory size the current workers were started with (they are restarted after it grows). */
  private poolMemoryBytes = 0;
  private view: Float32Array;

  constructor(options: WasmBackendOptions = {}) {
    super();
    if (!wasmSimdSupported()) {
      throw new Error(
        'WasmBackend: this JavaScript engine has no WebAssembly SIMD; use the cpu backend',
      );
    }
    const shared = typeof SharedArrayBuffer === 'function';
    const relaxed = options.fma === false ? null : relaxedSimdModule(shared);
    const bytes = relaxed ?? buildGemmModule(INITIAL_PAGES, MAX_PAGES, shared);
    this.fma = relaxed !== null;
    const module = new WebAssembly.Module(bytes);
    this.memory = new WebAssembly.Memory({
      initial: INITIAL_PAGES,
      maximum: MAX_PAGES,
      shared,
    } as WebAssembly.MemoryDescriptor);
    this.kernels = new WebAssembly.Instance(module, { env: { memory: this.memory } })
      .exports as never;
    this.view = new Float32Array(this.memory.buffer);
    this.module = module;
    const cores = defaultThreads();
    const threads = Math.max(1, Math.floor(options.threads ?? cores));
    this.pool = threads > 1 && shared && isNode ? this.startPool(threads - 1) : null;
    this.threads = this.pool ? threads : 1;
  }

  /** Task lists for the workers live in the first 64 KiB of wasm memory; kernels use the rest. */
  readonly scratchBase = TASK_AREA_BYTES / 4;

  private startPool(size: number): ThreadPool {
    this.poolMemoryBytes = this.memory.buffer.byteLength;
    return new ThreadPool(size, this.module, this.memory);
  }

  scratch(floats: number): Float32Array {
    const bytes = floats * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      // Grow by at least half again, so a slowly growing workload grows rarely.
      const want = Math.max(bytes, Math.floor(have * 1.5));
      const pages = Math.min(Math.ceil((want - have) / PAGE), MAX_PAGES - have / PAGE);
      if (have + pages * PAGE < bytes) {
        throw new Error(
          `WasmBackend: a matrix product needs ${Math.round(bytes / 2 ** 20)} MiB of scratch, above the 2 GiB limit`,
        );
      }
      this.memory.grow(pages);
    }
    if (
      this.view.buffer !== this.memory.buffer ||
      this.view.length * 4 < this.memory.buffer.byteLength
    ) {
      this.view = new Float32Array(this.memory.buffer);
    }
    return this.view;
  }

  packA(
    src: number,
    rowStride: number,
    colStride: number,
    rows: number,
    kc: number,
    dst: number,
  ): void {
    this.kernels.packA(src, rowStride, colStride, rows, kc, dst);
  }

  packB(
    src: number,
    rowStride: number,
    colStride: number,
    cols: number,
    kc: number,
    dst: number,
  ): void {
    this.kernels.packB(src, rowStride, colStride, cols, kc, dst);
  }

  padRows(
    src: number,
    dst: number,
    planes: number,
    h: number,
    w: number,
    wp: number,
    hp: number,
  ): void {
    this.kernels.padRows(src, dst, planes, h, w, wp, hp);
  }

  /** Recycled float32 arrays by length (see `recycle`). */
  private readonly spare = new Map<number, Float32Array[]>();
  private spareFloats = 0;

  /** The arrays this backend allocated (only those are ever recycled: nobody else can hold them). */
  private readonly allocated = new WeakSet<Float32Array>();

  override allocate(dtype: DType, length: number): Storage {
    if (dtype !== 'float32' || length < RECYCLE_MIN) return super.allocate(dtype, length);
    let data = this.spare.get(length)?.pop();
    if (data) {
      this.spareFloats -= length;
      data.fill(0);
    } else {
      data = new Float32Array(length);
      this.allocated.add(data);
    }
    return new CpuStorage(this, data, dtype);
  }

  /**
   * Keeps a large float32 array for the next allocation of its size (the
   * gradients of one training step are the same sizes at the next): reused
   * memory is already mapped and cached, where a fresh array costs a zeroing
   * allocation, page faults and garbage-collector work.
   */
  recycle(storage: Storage): void {
    const data = (storage as CpuStorage).data;
    if (!(data instanceof Float32Array) || !this.allocated.has(data)) return;
    if (this.spareFloats + data.length > RECYCLE_MAX_FLOATS) return;
    const list = this.spare.get(data.length) ?? [];
    if (list.includes(data)) return; // (handed back twice)
    list.push(data);
    this.spare.set(data.length, list);
    this.spareFloats += data.length;
  }

  prepare(): void {
    this.pool?.prepare();
  }

  parallel(lists: Task[][]): void {
    const { macro, gather, packB } = this.kernels;
    const runList = (list: readonly Task[]) => {
      for (const t of list) {
        if (t[0] === GATHER) gather(t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
        else if (t[0] === PACK_B) packB(t[1], t[2], t[3], t[4], t[5], t[6]);
        else macro(t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]);
      }
    };
    if (!this.pool || lists.length <= 1) {
      for (const l of lists) runList(l);
      return;
    }
    for (let g0 = 0; g0 < lists.length; g0 += MAX_LISTS) {
      const group = lists.slice(g0, g0 + MAX_LISTS);
      // Every list lives in the first 64 KiB of wasm memory (any thread may claim it); longer
      // lists run in rounds (each list keeps its order, so its K blocks still accumulate in sequence).
      const perRound = Math.floor(TASK_AREA_BYTES / 4 / TASK_INTS / group.length);
      const longest = Math.max(...group.map((l) => l.length));
      for (let r0 = 0; r0 < longest; r0 += perRound) {
        const round = group.map((l) => l.slice(r0, r0 + perRound));
        this.runRound(round, (i) => runList(round[i]!));
      }
    }
  }

  /** Places the lists in wasm memory and runs them on the pool (`runList(i)` runs list i here). */
  private runRound(lists: Task[][], runList: (index: number) => void): void {
    const ints = new Int32Array(this.memory.buffer, 0, TASK_AREA_BYTES / 4);
    const placed: { address: number; count: number }[] = [];
    let at = 0;
    for (const list of lists) {
      placed.push({ address: at * 4, count: list.length });
      for (const t of list) for (let k = 0; k < TASK_INTS; k++) ints[at++] = t[k]!;
    }
    let pool = this.pool!;
    if (this.memory.buffer.byteLength !== this.poolMemoryBytes) {
      // Workers instantiated before the memory grew are restarted, so every thread's
      // instance sees the current size (robust against engines that propagate it lazily).
      void pool.close();
      pool = this.pool = this.startPool(pool.size);
    }
    if (!pool.run(placed, runList)) {
      // A worker's kernel failed: stop using threads; the caller redoes the product on one thread.
      void pool.close();
      this.pool = null;
      throw new RetrySingleThreaded();
    }
  }

  override matmul(a: View, b: View, out: View): void {
    const [batches, m, k] = a.shape as [number, number, number];
    // Tiny products (XOR-sized layers) cost less in the plain loop than in packing for the kernels.
    const tiny = batches * m * k * b.shape[2]! < TINY_MACS;
    if (tiny || a.dtype !== 'float32' || b.dtype !== 'float32' || out.dtype !== 'float32') {
      super.matmul(a, b, out);
      return;
    }
    this.withRetry(() => gemm(this, a, b, out));
  }

  conv2d(x: View, weight: View, bias: View | null, g: Window2d, out: View): boolean {
    if (!allFloat32(x, weight, out) || (bias && bias.dtype !== 'float32')) return false;
    if (g.padTop < 0 || g.padLeft < 0) return false; // (the flipped convolution of a strange geometry)
    this.withRetry(() => convForwardGemm(this, x, weight, bias, g, out));
    return true;
  }

  conv2dBackwardWeight(x: View, gradOut: View, g: Window2d, out: View): boolean {
    if (!allFloat32(x, gradOut, out) || g.padTop < 0 || g.padLeft < 0) return false;
    this.withRetry(() => convWeightGemm(this, x, gradOut, g, out));
    return true;
  }

  get normKernels(): NormKernels {
    return this.kernels;
  }

  batchNormForwardLoops(x: View, out: View, shape: [number, number, number]) {
    return wasmBatchNormForward(this, x, out, shape);
  }

  batchNormBackwardLoops(grad: View, x: View, gradInput: View, shape: [number, number, number]) {
    return wasmBatchNormBackward(this, grad, x, gradInput, shape);
  }

  /**
   * Adam on float32 arrays by the SIMD kernel: the arrays pass through wasm
   * memory in chunks of STEP_CHUNK floats (copied in, updated, copied back).
   */
  override adamStep(
    p: View,
    g: View,
    m: View,
    v: View,
    vMax: View | null,
    h: AdamStepParams,
  ): boolean {
    if (sizeOf(p.shape) < STEP_MIN || !allFloat32(p, g, m, v, ...(vMax ? [vMax] : [])))
      return super.adamStep(p, g, m, v, vMax, h);
    const kernel = this.kernels[vMax ? 'adam_amsgrad' : 'adam']!;
    const { beta1, beta2 } = h;
    const { c1, c2, s, e } = adamStepConstants(h);
    this.stepInChunks([p, m, v, ...(vMax ? [vMax] : [])], [g], (at, n4) =>
      kernel(
        at[0]!,
        at[at.length - 1]!,
        at[1]!,
        at[2]!,
        vMax ? at[3]! : 0,
        n4,
        beta1,
        c1,
        beta2,
        c2,
        s,
        e,
      ),
    );
    return true;
  }

  /** SGD on float32 arrays by the SIMD kernels, staged like {@link adamStep}. */
  override sgdStep(p: View, g: View, buf: View | null, h: SgdStepParams): boolean {
    if (sizeOf(p.shape) < STEP_MIN || !allFloat32(p, g, ...(buf ? [buf] : [])))
      return super.sgdStep(p, g, buf, h);
    const mode = !buf ? 'plain' : h.nesterov ? 'nesterov' : 'momentum';
    const kernel = this.kernels[sgdKernelName(mode, h.weightDecay !== 0)]!;
    const { sign, keep, add } = sgdStepConstants(h);
    this.stepInChunks(buf ? [p, buf] : [p], [g], (at, n4) =>
      kernel(
        at[0]!,
        at[at.length - 1]!,
        buf ? at[1]! : 0,
        n4,
        sign,
        h.weightDecay,
        h.lr,
        keep,
        add,
        h.momentum,
      ),
    );
    return true;
  }

  /**
   * Runs a kernel over contiguous float32 arrays of one length, STEP_CHUNK
   * floats at a time: `written` and then `read` are copied into consecutive
   * areas of wasm memory (`written` only when `update`: an in-place update
   * reads them; a fresh output need not be), `run(addresses, n4)` called with
   * their byte addresses (same order) and the 4-float vector count (the last
   * vector may run past the chunk into unused floats), and `written` copied
   * back.
   */
  private stepInChunks(
    written: View[],
    read: View[],
    run: (addresses: number[], n4: number) => void,
    update = true,
  ): void {
    const views = [...written, ...read];
    const data = views.map((x) => dataOf(x) as Float32Array);
    const n = sizeOf(written[0]!.shape);
    const base = this.scratchBase;
    const mem = this.scratch(base + views.length * STEP_CHUNK);
    const addresses = views.map((_, j) => (base + j * STEP_CHUNK) * 4);
    const first = update ? 0 : written.length;
    for (let i0 = 0; i0 < n; i0 += STEP_CHUNK) {
      const len = Math.min(STEP_CHUNK, n - i0);
      for (let j = first; j < views.length; j++) {
        const x = views[j]!;
        mem.set(data[j]!.subarray(x.offset + i0, x.offset + i0 + len), base + j * STEP_CHUNK);
      }
      run(addresses, Math.ceil(len / 4));
      written.forEach((x, j) => {
        const at = base + j * STEP_CHUNK;
        data[j]!.set(mem.subarray(at, at + len), x.offset + i0);
      });
    }
  }

  /** relu on float32 by the SIMD kernel (large contiguous arrays); other ops as the reference. */
  override unary(op: UnaryOp, x: View, out: View, alpha?: number, beta?: number): void {
    if ((op === 'relu' || isMathKernel(op)) && this.mapsInChunks(x, out)) {
      const kernel = this.kernels[op]!;
      this.stepInChunks([out], [x], (at, n4) => kernel(at[1]!, at[0]!, n4), false);
      return;
    }
    super.unary(op, x, out, alpha, beta);
  }

  /**
   * add, sub, mul and div on float32 by the SIMD kernels when the output is
   * large and contiguous and each operand is contiguous, one value spread over
   * the output (a scalar: `grad.mul(lr)`) or a repeated contiguous period (a
   * bias row); other cases as the reference. Bit for bit the reference's
   * results (see binary-kernels.ts).
   */
  override binary(op: BinaryOp, a: View, b: View, out: View): void {
    const n = sizeOf(out.shape);
    const fit = isArithmetic(op) && this.mapsInChunks(out) ? operandForm(a, b, n) : null;
    if (!fit) {
      super.binary(op, a, b, out);
      return;
    }
    const { form, period } = fit;
    const kernel = this.kernels[binaryKernelName(op as ArithmeticOp, form)]!;
    if (form === 'vv') {
      this.stepInChunks([out], [a, b], (at, n4) => kernel(at[1]!, at[2]!, at[0]!, n4), false);
    } else if (form === 'vs' || form === 'sv') {
      const [full, one] = form === 'vs' ? [a, b] : [b, a];
      const value = dataOf(one)[one.offset]!;
      const run =
        form === 'vs'
          ? (at: number[], n4: number) => kernel(at[1]!, value, at[0]!, n4)
          : (at: number[], n4: number) => kernel(value, at[1]!, at[0]!, n4);
      this.stepInChunks([out], [full], run, false);
    } else {
      const [full, periodic] = form === 'vp' ? [a, b] : [b, a];
      this.periodicInChunks(out, full, periodic, period, (f, p, r, n4) =>
        form === 'vp' ? kernel(f, p, r, n4) : kernel(p, f, r, n4),
      );
    }
  }

  /**
   * out = full op periodic, where `periodic` repeats its first `period`
   * values: the period is staged in wasm memory once, tiled to fill a chunk
   * when it is short (a bias row of 128 → 32 copies), and `full` is walked in
   * chunks that start on a tile boundary or within one long period.
   * `run(fullAddress, periodicAddress, outAddress, n4)` in bytes.
   */
  private periodicInChunks(
    out: View,
    full: View,
    periodic: View,
    period: number,
    run: (f: number, p: number, r: number, n4: number) => void,
  ): void {
    const n = sizeOf(out.shape);
    const tile = period <= STEP_CHUNK ? period * Math.floor(STEP_CHUNK / period) : period;
    const base = this.scratchBase;
    // areas: the tiled period (+4 floats: a last vector may read past it), the chunk of full, the result
    const fAt = base + tile + 4;
    const rAt = fAt + STEP_CHUNK;
    const mem = this.scratch(rAt + STEP_CHUNK);
    const P = dataOf(periodic) as Float32Array;
    const row = P.subarray(periodic.offset, periodic.offset + period);
    for (let t = 0; t < tile; t += period) mem.set(row, base + t);
    const F = dataOf(full) as Float32Array;
    const R = dataOf(out) as Float32Array;
    for (let i0 = 0; i0 < n; ) {
      const off = i0 % tile;
      const len = Math.min(STEP_CHUNK, tile - off, n - i0);
      mem.set(F.subarray(full.offset + i0, full.offset + i0 + len), fAt);
      run(fAt * 4, (base + off) * 4, rAt * 4, Math.ceil(len / 4));
      R.set(mem.subarray(rAt, rAt + len), out.offset + i0);
      i0 += len;
    }
  }

  /**
   * 2×2 max pooling with stride 2 on float32 by the SIMD kernel (the
   * reference's values and indices, bit for bit), the planes staged through
   * wasm memory POOL_CHUNK floats at a time; other geometries as the reference.
   */
  override maxPool2d(x: View, g: Window2d, out: View, indices: View): void {
    const fits =
      isPool2x2(g) &&
      unpadded(g) &&
      contiguousFloat32([x, out]) &&
      indices.dtype === 'int32' &&
      isContiguousView(indices) &&
      g.n * g.c * g.outH * g.outW > 0;
    if (!fits) {
      super.maxPool2d(x, g, out, indices);
      return;
    }
    const planeIn = g.h * g.w;
    const planeOut = g.outH * g.outW;
    const planes = g.n * g.c;
    const step = Math.max(1, Math.floor(POOL_CHUNK / planeIn));
    const base = this.scratchBase;
    // areas: input planes (+8 floats the last group may read), values out (+4), indices out (+4)
    const outAt = base + step * planeIn + 8;
    const idxAt = outAt + step * planeOut + 4;
    const mem = this.scratch(idxAt + step * planeOut + 4);
    const ints = new Int32Array(mem.buffer, mem.byteOffset, mem.length);
    const X = dataOf(x) as Float32Array;
    const R = dataOf(out) as Float32Array;
    const I = dataOf(indices) as Int32Array;
    const kernel = this.kernels.maxPool2x2!;
    for (let p0 = 0; p0 < planes; p0 += step) {
      const k = Math.min(step, planes - p0);
      mem.set(X.subarray(x.offset + p0 * planeIn, x.offset + (p0 + k) * planeIn), base);
      kernel(base * 4, outAt * 4, idxAt * 4, k, g.h, g.w, g.outH, g.outW);
      R.set(mem.subarray(outAt, outAt + k * planeOut), out.offset + p0 * planeOut);
      I.set(ints.subarray(idxAt, idxAt + k * planeOut), indices.offset + p0 * planeOut);
    }
  }

  /** relu's gradient given its output, by the SIMD kernel (large contiguous float32 arrays). */
  reluBackward(grad: View, output: View, out: View): boolean {
    if (!this.mapsInChunks(grad, output, out)) return false;
    const kernel = this.kernels.reluBackward!;
    this.stepInChunks([out], [grad, output], (at, n4) => kernel(at[1]!, at[2]!, at[0]!, n4), false);
    return true;
  }

  /** Whether an elementwise op over these views runs on the kernels: contiguous float32, large. */
  private mapsInChunks(...views: View[]): boolean {
    return sizeOf(views[0]!.shape) >= MAP_MIN && contiguousFloat32(views);
  }

  /** Runs a product; if a worker fails, the pool is closed and the product redone on one thread. */
  private withRetry(product: () => void): void {
    try {
      product();
    } catch (e) {
      if (!(e instanceof RetrySingleThreaded)) throw e;
      this.threads = 1;
      product();
    }
  }

  /** Stops the worker threads (they are unref'd, so this is only needed for a clean shutdown). */
  async dispose(): Promise<void> {
    this.spare.clear();
    this.spareFloats = 0;
    await this.pool?.close();
  }
}

const isMathKernel = (op: UnaryOp): op is MathKernel =>
  (MATH_KERNELS as readonly string[]).includes(op);

/** Thrown inside gemm when a worker failed; the product is then recomputed on one thread. */
class RetrySingleThreaded extends Error {
  constructor() {
    super('WasmBackend: a worker thread failed; retrying on one thread');
  }
}

function allFloat32(...views: View[]): boolean {
  return views.every((v) => v.dtype === 'float32');
}

/** Cores to use: under Node all (up to 8); elsewhere one (the pool runs on worker_threads). */
function defaultThreads(): number {
  if (!isNode) return 1;
  const os = nodeRequire('node:os') as typeof import('node:os');
  return Math.min(8, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
}
