import type { Backend, Storage } from '../backend.js';
import type { DType, TypedArray } from '../dtype.js';

/** Storage of the CPU backends: one host typed array. */
export class CpuStorage implements Storage {
  readonly dtype: DType;
  readonly length: number;
  constructor(
    readonly backend: Backend,
    readonly data: TypedArray,
    dtype: DType,
  ) {
    this.dtype = dtype;
    this.length = data.length;
  }
}
