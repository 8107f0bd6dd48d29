import { CpuStorage, NDArray, shapeStr, type TypedArray } from '@gradlab/tensor';

/**
 * A dataset of arrays that share their first dimension, like PyTorch's
 * `TensorDataset`: item `i` is `[t[i] for t in tensors]`. A subset keeps the
 * same arrays and only an index list, so splitting never copies the data.
 */
export class TensorDataset {
  readonly tensors: readonly NDArray[];
  /** Row indices into `tensors` when this is a subset; undefined for all rows in order. */
  readonly indices: Int32Array | undefined;

  constructor(...tensors: NDArray[]) {
    this.tensors = checkTensors('TensorDataset', tensors);
    this.indices = undefined;
  }

  /** A dataset over rows `indices` of `tensors` (no copy). */
  static subset(dataset: TensorDataset, indices: ArrayLike<number>): TensorDataset {
    const n = dataset.length;
    const mapped = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= n) {
        throw new Error(`TensorDataset.subset: index ${k} out of range for a dataset of ${n} rows`);
      }
      mapped[i] = dataset.indices ? dataset.indices[k]! : k;
    }
    const ds = Object.create(TensorDataset.prototype) as TensorDataset;
    Object.assign(ds, { tensors: dataset.tensors, indices: mapped });
    return ds;
  }

  /** Number of rows. */
  get length(): number {
    return this.indices ? this.indices.length : this.tensors[0]!.shape[0]!;
  }

  /** The row index in the underlying arrays of item `i`. */
  rowOf(i: number): number {
    return this.indices ? this.indices[i]! : i;
  }

  /** Item `i`: one array (a view) per tensor, with the first dimension removed. */
  get(i: number): NDArray[] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new Error(`TensorDataset.get: index ${i} out of range [0, ${this.length})`);
    }
    const r = this.rowOf(i);
    return this.tensors.map((t) => t.select(0, r));
  }

  /**
   * Copies rows `items` (indices into this dataset) of every tensor into new
   * arrays: on the host for host arrays, with `indexSelect` on the device for
   * arrays of a device backend (gpu), so a batch never travels through the host.
   */
  gather(items: ArrayLike<number>): NDArray[] {
    return this.tensors.map((t) => {
      if (!t.onHost)
        return t.indexSelect(
          0,
          Array.from(items, (i) => this.rowOf(i)),
        );
      const src = hostData(t);
      const rowSize = t.size / t.shape[0]!;
      const out = new (src.constructor as new (n: number) => TypedArray)(items.length * rowSize);
      for (let b = 0; b < items.length; b++) {
        const r = this.rowOf(items[b]!);
        out.set(src.subarray(r * rowSize, (r + 1) * rowSize), b * rowSize);
      }
      return NDArray.fromTypedArray(out, [items.length, ...t.shape.slice(1)], t.backend);
    });
  }
}

/** Checks that arrays share their first dimension and makes them contiguous (once). */
export function checkTensors(op: string, tensors: readonly NDArray[]): NDArray[] {
  if (tensors.length === 0) throw new Error(`${op}: needs at least one array`);
  const n = tensors[0]!.shape[0];
  return tensors.map((t, i) => {
    if (t.ndim === 0 || t.shape[0] !== n) {
      throw new Error(
        `${op}: all arrays need the same first dimension; array 0 has shape ${shapeStr(tensors[0]!.shape)}, array ${i} has ${shapeStr(t.shape)}`,
      );
    }
    return t.isContiguous() && t.offset === 0 ? t : t.contiguous();
  });
}

const hostCache = new WeakMap<NDArray, TypedArray>();

/**
 * The flat row-major data of a contiguous array: the CPU storage itself when
 * possible (no copy), else one read-back cached per array.
 */
function hostData(t: NDArray): TypedArray {
  if (t.storage instanceof CpuStorage && t.isContiguous()) {
    return t.storage.data.subarray(t.offset, t.offset + t.size);
  }
  let d = hostCache.get(t);
  if (!d) {
    d = t.dataSync();
    hostCache.set(t, d);
  }
  return d;
}
