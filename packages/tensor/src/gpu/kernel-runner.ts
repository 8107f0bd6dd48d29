import { after, afterAll, type Deferred, isPending } from './deferred.js';

/**
 * What a kernel returns in pipeline mode: a gpu.js `Texture` (WebGL), a
 * `WebGPUBufferResult` (WebGPU), or a plain Float32Array (its cpu and webasm
 * modes, which have no device memory).
 */
export type DeviceArray =
  | Float32Array
  | { toArray(): Deferred<ArrayLike<number>>; delete?(): void; readonly output?: number[] };

/** The part of a gpu.js kernel function we use. */
interface GpuJsKernel {
  (...args: unknown[]): unknown;
  destroy?(removeCanvasReferences?: boolean): void;
}

/** The part of a gpu.js `GPU` instance we use. */
export interface GpuJsInstance {
  createKernel(source: string, settings: Record<string, unknown>): GpuJsKernel;
  destroy(): unknown;
}

/**
 * When to ask for a garbage collection: device arrays are freed when their
 * storages are collected (a FinalizationRegistry), but V8 runs the
 * finalizers only after a full collection and cannot see device memory, so
 * without a nudge a training loop could fill the GPU long before the JS heap
 * grows enough to trigger one.
 */
export interface MemoryValve {
  /** Bytes of kernel outputs between two collections. */
  budget: number;
  /** A full garbage collection. */
  collect: () => void;
}

/** Kernels compiled and kept; past this many, the least recently used is destroyed. */
const CACHE_LIMIT = 2000;

/**
 * Compiles kernel bodies into gpu.js kernels (once per distinct source) and
 * runs them. Every kernel has a 1-d output of `n` float32 values, array
 * parameters `a0, a1, …` and float parameters `s0, s1, …`; it runs in
 * pipeline mode with immutable outputs, so results stay on the device and
 * each call gets a fresh output.
 */
export class KernelRunner {
  private readonly cache = new Map<string, GpuJsKernel>();
  /** Kernels compiled so far (for tests and diagnostics). */
  compiled = 0;
  /** Bytes of kernel outputs made and not yet released. */
  liveBytes = 0;
  /** Collections asked for by the valve. */
  collections = 0;
  private madeSinceCollection = 0;
  private readonly sizes = new WeakMap<object, number>();

  constructor(
    private readonly gpu: GpuJsInstance,
    /** Make every kernel call return a promise (gpu.js's asyncMode), as WebGPU always does. */
    readonly asyncMode = false,
    private readonly valve?: MemoryValve,
  ) {}

  run(
    body: string,
    n: number,
    arrays: readonly Deferred<DeviceArray>[],
    scalars: readonly number[] = [],
  ): Deferred<DeviceArray> {
    const names = arrays.map((_, i) => `a${i}`);
    const scalarNames = scalars.map((_, i) => `s${i}`);
    const source = `function(${[...names, ...scalarNames].join(', ')}) {\n${body}\n}`;
    const kernel = this.kernel(source, n, names, scalarNames);
    const result = afterAll(
      arrays,
      (inputs) => kernel(...inputs, ...scalars) as Deferred<DeviceArray>,
    );
    this.account(result, n * 4);
    return result;
  }

  /** Counts a new output until its release, and asks for a collection past the budget. */
  private account(result: Deferred<DeviceArray>, bytes: number): void {
    this.liveBytes += bytes;
    // Registered before any release's `then`, so the size is known when the release runs.
    const note = (h: DeviceArray) => {
      this.sizes.set(h, bytes);
    };
    if (isPending(result)) result.then(note, () => {});
    else note(result);
    this.madeSinceCollection += bytes;
    if (this.valve && this.madeSinceCollection > this.valve.budget) {
      this.madeSinceCollection = 0;
      this.collections++;
      this.valve.collect();
    }
  }

  /** The values of a device array as host float32 (at once where the mode allows). */
  toHost(value: Deferred<DeviceArray>, length: number): Deferred<Float32Array> {
    return after(value, (h) => {
      if (h instanceof Float32Array) return h;
      return after(h.toArray(), (a) => flat(a, length));
    });
  }

  /** Frees a device array once it is computed (a no-op for host arrays). */
  release(value: Deferred<DeviceArray>): void {
    const free = (h: DeviceArray) => {
      const bytes = this.sizes.get(h);
      if (bytes !== undefined) {
        this.sizes.delete(h);
        this.liveBytes -= bytes;
      }
      if (!(h instanceof Float32Array)) h.delete?.();
    };
    if (isPending(value)) value.then(free, () => {});
    else free(value);
  }

  destroy(): void {
    for (const k of this.cache.values()) k.destroy?.();
    this.cache.clear();
    this.gpu.destroy();
  }

  private kernel(source: string, n: number, arrays: string[], scalars: string[]): GpuJsKernel {
    const key = `${n}|${source}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const argumentTypes: Record<string, string> = {};
    for (const a of arrays) argumentTypes[a] = 'Array';
    for (const s of scalars) argumentTypes[s] = 'Float';
    const kernel = this.gpu.createKernel(source, {
      output: [n],
      pipeline: true,
      immutable: true,
      dynamicArguments: true,
      argumentTypes,
      precision: 'single',
      tactic: 'precision',
      loopMaxIterations: 1 << 30,
      ...(this.asyncMode ? { asyncMode: true } : {}),
    });
    this.compiled++;
    this.cache.set(key, kernel);
    if (this.cache.size > CACHE_LIMIT) {
      const [oldest, k] = this.cache.entries().next().value as [string, GpuJsKernel];
      this.cache.delete(oldest);
      k.destroy?.();
    }
    return kernel;
  }
}

/** A kernel's result as one flat Float32Array of `length` values. */
function flat(a: ArrayLike<number>, length: number): Float32Array {
  if (a instanceof Float32Array) return a.length === length ? a : a.subarray(0, length);
  return Float32Array.from(a as ArrayLike<number>).subarray(0, length);
}
