import { type Backend, nextStorageSerial, type Storage } from '../backend.js';
import type { DType, TypedArray } from '../dtype.js';

/** Storage of the CPU backends: one host typed array. */
export class CpuStorage implements Storage {
  readonly dtype: DType;
  readonly length: number;
  readonly serial = nextStorageSerial();
  constructor(
    readonly backend: Backend,
    readonly data: TypedArray,
    dtype: DType,
  ) {
    this.dtype = dtype;
    this.length = data.length;
  }
}
