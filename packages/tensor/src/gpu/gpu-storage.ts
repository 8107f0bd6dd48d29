import { type Backend, nextStorageSerial, type Storage } from '../backend.js';
import type { DType } from '../dtype.js';
import type { Deferred } from './deferred.js';
import type { DeviceArray, KernelRunner } from './kernel-runner.js';

/** The current contents of a storage, and the kernel runs still reading them. */
interface Cell {
  value: Deferred<DeviceArray>;
  readers: Promise<unknown>[];
  runner: KernelRunner;
}

const finalizer = new FinalizationRegistry<Cell>((cell) => {
  releaseAfter(cell, cell.value, []);
});

function releaseAfter(cell: Cell, old: Deferred<DeviceArray>, also: readonly unknown[]): void {
  const waits = [...cell.readers, ...also];
  cell.readers = [];
  if (waits.length === 0) cell.runner.release(old);
  else void Promise.allSettled(waits).then(() => cell.runner.release(old));
}

/**
 * Storage of the gpu backend: one device array of float32 values whatever the
 * dtype (int32 and bool values are exact in float32 up to 2^24). Writes never
 * mutate a device array: a kernel computes the new contents and the storage
 * swaps to them, freeing the old array once nothing reads it.
 */
export class GpuStorage implements Storage {
  readonly length: number;
  readonly serial = nextStorageSerial();
  private readonly cell: Cell;

  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    length: number,
    value: Deferred<DeviceArray>,
    runner: KernelRunner,
    /** Exact values of a float64 array (kept on the host: the GPU computes in float32). */
    readonly host64?: Float64Array,
  ) {
    this.length = length;
    this.cell = { value, readers: [], runner };
    finalizer.register(this, this.cell);
  }

  /**
   * The whole contents as last read back asynchronously, until the next write:
   * lets synchronous reads work after `prefetch` under WebGPU.
   */
  hostCopy: Float32Array | undefined;

  get value(): Deferred<DeviceArray> {
    return this.cell.value;
  }

  /** Notes a pending kernel run that reads the current contents. */
  readBy(run: Deferred<unknown>): void {
    if (run instanceof Promise) this.cell.readers.push(run.catch(() => {}));
  }

  /** Replaces the contents; the old device array is freed once it is no longer read. */
  replace(value: Deferred<DeviceArray>): void {
    const old = this.cell.value;
    this.cell.value = value;
    this.hostCopy = undefined;
    releaseAfter(this.cell, old, value instanceof Promise ? [value] : []);
  }
}
