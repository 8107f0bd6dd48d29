import { CpuStorage, type NDArray } from '@gradlab/tensor';

/** A floating-point array's own host memory: the typed array and the index of its first element. */
export interface HostFloats {
  data: Float32Array | Float64Array;
  offset: number;
}

/**
 * The memory behind a contiguous float32/float64 array on a host backend
 * (`cpu`, `wasm`), so an optimiser can update it in place with one fused loop;
 * null for any other array (a GPU's, a strided view), which then takes the
 * composed tensor ops.
 */
export function hostFloats(x: NDArray): HostFloats | null {
  const s = x.storage;
  if (!(s instanceof CpuStorage) || !x.isContiguous()) return null;
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return null;
  return { data: s.data as Float32Array | Float64Array, offset: x.offset };
}
