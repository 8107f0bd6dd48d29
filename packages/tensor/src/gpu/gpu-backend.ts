import {
  type Backend,
  type BinaryOp,
  type ReduceOp,
  type Storage,
  type UnaryOp,
  type View,
  type Window2d,
  wholeView,
} from '../backend.js';
import { allocArray, castScalar, type DType, dtypeOfArray, type TypedArray } from '../dtype.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { type Deferred, isPending } from './deferred.js';
import * as ew from './elementwise-kernels.js';
import { GpuStorage } from './gpu-storage.js';
import { gatherBody, scatterAddBody } from './index-kernels.js';
import type { KernelBody } from './kernel-body.js';
import type { DeviceArray, KernelRunner } from './kernel-runner.js';
import type { WebGpuAdapterInfo } from './load-gpu-backend.js';
import { cumsumBody, matmulBody, reduceBody } from './reduce-kernels.js';
import * as win from './window-kernels.js';

/**
 * The gpu backend: every kernel is a gpu.js kernel, and arrays stay in device
 * memory (textures or storage buffers) between ops. Values are float32 on the
 * device; int32 and bool arrays are stored as exact floats and converted on
 * read-back; float64 is not computed on the GPU (see `allocate`).
 *
 * Read-back: `readSync` works in gpu.js's synchronous modes (WebGL, headless
 * GL, webasm, cpu); under WebGPU every result arrives through a promise, so
 * only `read` (NDArray's `data()`) is available and `readSync` explains that —
 * except for arrays read back whole since their last write (`prefetch`),
 * whose host copy it serves.
 */
export class GpuBackend implements Backend {
  readonly name: string = 'gpu';
  readonly family: string = 'gpu';

  constructor(
    private readonly runner: KernelRunner,
    /** The gpu.js mode the kernels run in ('webgpu', 'webgl2', 'headlessgl', 'webasm', 'cpu', …). */
    readonly mode: string,
    /** The WebGPU adapter the kernels run on (mode 'webgpu'), else null. */
    readonly adapter: WebGpuAdapterInfo | null = null,
    /** Called once by `dispose`: lets go of the device (see `dispose`). */
    private readonly release?: () => Promise<void>,
  ) {}

  private isDisposed = false;

  /** True after `dispose()`: the backend runs nothing more. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * True when results arrive only through promises (WebGPU, or `asyncMode`):
   * values are then read with `await x.data()` or after `prefetch`.
   */
  get readsAsync(): boolean {
    return this.mode === 'webgpu' || this.runner.asyncMode;
  }

  /**
   * Device memory held by kernel outputs not yet freed, and how many garbage
   * collections the backend asked for to free them (see `memoryBudget`).
   */
  get memory(): { liveBytes: number; collections: number } {
    return { liveBytes: this.runner.liveBytes, collections: this.runner.collections };
  }

  /** Kernels compiled so far (one per distinct op and geometry). */
  get kernelsCompiled(): number {
    return this.runner.compiled;
  }

  allocate(dtype: DType, length: number): Storage {
    if (dtype === 'float64') {
      throw new Error(
        "gpu backend: float64 arrays cannot be computed on the GPU (it works in float32); use .float() / dtype 'float32', or keep float64 work on the cpu backend",
      );
    }
    return new GpuStorage(this, dtype, length, new Float32Array(length), this.runner);
  }

  fromTypedArray(data: TypedArray): Storage {
    const dtype = dtypeOfArray(data);
    const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
    const host64 = data instanceof Float64Array ? data : undefined;
    return new GpuStorage(this, dtype, data.length, f32, this.runner, host64);
  }

  readSync(x: View): TypedArray {
    const host = this.readFloats(x);
    if (isPending(host)) {
      throw new Error(
        `gpu backend (${this.mode}): this mode reads results back asynchronously; use \`await x.data()\` instead of dataSync()/item()/toArray(), or \`await prefetch([x])\` first to read it back once for later synchronous reads`,
      );
    }
    return this.typed(x, host);
  }

  async read(x: View): Promise<TypedArray> {
    return this.typed(x, await this.readFloats(x));
  }

  /** Reads the view back (a whole storage keeps the copy for `readSync`), without typing a copy. */
  async prefetch(x: View): Promise<void> {
    await this.readFloats(x);
  }

  copy(x: View, out: View): void {
    this.write(out, ew.packBody(x, out.dtype));
  }
  fill(out: View, value: number): void {
    this.write(out, ew.fillBody(castScalar(value, out.dtype)));
  }
  unary(op: UnaryOp, x: View, out: View, alpha?: number, beta?: number): void {
    this.write(out, ew.unaryBody(op, x, out.dtype, alpha, beta));
  }
  binary(op: BinaryOp, a: View, b: View, out: View): void {
    this.write(out, ew.binaryBody(op, a, b, out));
  }
  where(cond: View, a: View, b: View, out: View): void {
    this.write(out, ew.whereBody(cond, a, b, out));
  }
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: View): void {
    this.write(out, reduceBody(op, x, dims, out));
  }
  cumsum(x: View, dim: number, out: View): void {
    this.write(out, cumsumBody(x, dim));
  }
  matmul(a: View, b: View, out: View): void {
    this.write(out, matmulBody(a, b));
  }
  im2col(x: View, g: Window2d, out: View): void {
    this.write(out, win.im2colBody(x, g));
  }
  col2im(cols: View, g: Window2d, out: View): void {
    this.write(out, win.col2imBody(cols, g, out));
  }
  maxPool2d(x: View, g: Window2d, out: View, indices: View): void {
    this.write(out, win.maxPoolBody(x, g, false));
    this.write(indices, win.maxPoolBody(x, g, true));
  }
  maxPool2dBackward(gradOut: View, indices: View, g: Window2d, out: View): void {
    this.write(out, win.maxPoolBackwardBody(gradOut, indices, g, out));
  }
  avgPool2d(x: View, g: Window2d, countIncludePad: boolean, out: View): void {
    this.write(out, win.avgPoolBody(x, g, countIncludePad));
  }
  avgPool2dBackward(gradOut: View, g: Window2d, countIncludePad: boolean, out: View): void {
    this.write(out, win.avgPoolBackwardBody(gradOut, g, countIncludePad, out));
  }
  gather(x: View, dim: number, index: View, out: View): void {
    this.write(out, gatherBody(x, dim, index));
  }
  scatterAdd(out: View, dim: number, index: View, src: View): void {
    this.write(out, scatterAddBody(out, dim, index, src));
  }

  /**
   * Frees the compiled kernels and the gpu.js instance; under WebGPU, once no
   * other gpu backend uses it, also destroys the device. **Call it when done
   * in Node**: Dawn keeps the process alive (polling for device events) as
   * long as a device exists, so a program that never disposes never exits.
   * Arrays already made stay readable in gpu.js's cpu modes only.
   */
  async dispose(): Promise<void> {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.runner.destroy();
    await this.release?.();
  }

  /** Runs a body whose thread i computes element i (row-major) of `out`, and stores the result there. */
  private write(out: View, body: KernelBody): void {
    const n = sizeOf(out.shape);
    if (n === 0) return;
    const storage = this.own('write', out);
    if (storage.host64) {
      throw new Error(
        'gpu backend: float64 arrays are read-only on the GPU; convert with .float() first',
      );
    }
    const values = this.launch(body, n);
    if (out.offset === 0 && n === storage.length && isRowMajor(out)) {
      storage.replace(values);
      return;
    }
    // A strided or partial view: merge the new values into the whole storage.
    const staged: View = {
      storage: new GpuStorage(this, out.dtype, n, values, this.runner),
      dtype: out.dtype,
      shape: out.shape,
      strides: contiguousStrides(out.shape),
      offset: 0,
    };
    const whole = wholeView(storage, out.dtype);
    storage.replace(this.launch(ew.writeViewBody(out, staged, whole), storage.length));
  }

  private launch(body: KernelBody, n: number): Deferred<DeviceArray> {
    const inputs = body.views.map((v) => this.deviceValue(v));
    const result = this.runner.run(body.source(), n, inputs, body.scalars);
    for (const v of body.views) if (v.storage instanceof GpuStorage) v.storage.readBy(result);
    return result;
  }

  /**
   * Whether host data is moved into device memory once, at its first use:
   * on a GPU (and with `asyncMode`, which stands in for one in tests). In
   * gpu.js's cpu and webasm modes device arrays are host arrays anyway.
   */
  private get uploadsOnce(): boolean {
    return this.readsAsync || (this.mode !== 'cpu' && this.mode !== 'webasm');
  }

  /** The device array behind a view; host arrays of the cpu backends are accepted and uploaded. */
  private deviceValue(v: View): Deferred<DeviceArray> {
    if (v.storage instanceof GpuStorage) {
      const s = v.storage;
      const host = s.value;
      if (host instanceof Float32Array && !s.host64 && s.length > 0 && this.uploadsOnce) {
        // Host data (a dataset, weights initialised on the host) would otherwise go to the
        // device with every kernel that reads it. The host array stays as the host copy, so
        // synchronous reads of it keep working under WebGPU.
        const body = ew.packBody(wholeView(s, 'float32'), 'float32');
        const device = this.runner.run(body.source(), s.length, [host], body.scalars);
        s.replace(device);
        s.hostCopy = host;
        return device;
      }
      return s.value;
    }
    const data = (v.storage as { data?: TypedArray }).data;
    if (!data) {
      throw new Error(
        `gpu backend: cannot read an array of the '${v.storage.backend.name}' backend; move it with .to(backend)`,
      );
    }
    return data instanceof Float32Array ? data : Float32Array.from(data);
  }

  private own(op: string, v: View): GpuStorage {
    if (!(v.storage instanceof GpuStorage)) {
      throw new Error(
        `gpu backend: ${op} into an array of the '${v.storage.backend.name}' backend`,
      );
    }
    return v.storage;
  }

  /** The view's elements in row-major order as float32 on the host. */
  private readFloats(x: View): Deferred<Float32Array> {
    const n = sizeOf(x.shape);
    if (n === 0) return new Float32Array(0);
    const storage = x.storage;
    if (storage instanceof GpuStorage && storage.host64)
      return Float32Array.from(this.pack64(x, storage.host64));
    const whole = x.offset === 0 && n === x.storage.length && isRowMajor(x);
    // Values already on the host: a copy kept since the last write, or host data not yet uploaded
    // (and, in gpu.js's cpu and webasm modes, every result).
    const onHost =
      storage instanceof GpuStorage
        ? (storage.hostCopy ?? (storage.value instanceof Float32Array ? storage.value : null))
        : null;
    if (onHost) return whole ? onHost : packView(x, onHost, new Float32Array(n));
    const value = whole ? this.deviceValue(x) : this.launch(ew.packBody(x, x.dtype), n);
    const host = this.runner.toHost(value, n);
    if (whole && storage instanceof GpuStorage && isPending(host)) {
      // Keep what an asynchronous read of the whole storage brought back, unless a write came first.
      const read = storage.value;
      void host.then(
        (h) => {
          if (storage.value === read) storage.hostCopy = h;
        },
        () => {},
      );
    }
    return host;
  }

  private typed(x: View, host: Float32Array): TypedArray {
    const storage = x.storage;
    if (storage instanceof GpuStorage && storage.host64) return this.pack64(x, storage.host64);
    const out = allocArray(x.dtype, host.length);
    out.set(host);
    return out;
  }

  /** Row-major elements of a view over a host float64 array. */
  private pack64(x: View, data: Float64Array): Float64Array {
    return packView(x, data, new Float64Array(sizeOf(x.shape)));
  }
}

/** Fills `out` with the row-major elements of view `x` over the host array `data`. */
function packView<T extends Float32Array | Float64Array>(x: View, data: T, out: T): T {
  const rm = contiguousStrides(x.shape);
  for (let i = 0; i < out.length; i++) {
    let p = x.offset;
    for (let d = 0; d < x.shape.length; d++)
      p += (Math.floor(i / rm[d]!) % x.shape[d]!) * x.strides[d]!;
    out[i] = data[p]!;
  }
  return out;
}

function isRowMajor(v: View): boolean {
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    if (v.shape[i] !== 1 && v.strides[i] !== expected) return false;
    expected *= v.shape[i]!;
  }
  return true;
}
