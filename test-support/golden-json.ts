import { readFileSync } from 'node:fs';

/**
 * The JSON the PyTorch golden scripts (scripts/golden/*.py) write: numbers,
 * with non-finite values as strings, and tensors as shape + dtype + flat data.
 * Shared by every package's golden tests.
 */
export type GoldenValue = number | 'NaN' | 'Infinity' | '-Infinity';

export interface EncodedTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int32' | 'bool';
  data: GoldenValue[];
  /** Dims to permute the decoded array by (cases that test non-contiguous views). */
  permute?: number[];
}

export function decodeValue(v: GoldenValue): number {
  return typeof v === 'number' ? v : Number(v);
}

/** The flat values of an encoded tensor as the typed array of its dtype. */
export function decodeData(
  t: EncodedTensor,
): Float32Array | Float64Array | Int32Array | Uint8Array {
  const values = t.data.map(decodeValue);
  switch (t.dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int32':
      return Int32Array.from(values);
    case 'bool':
      return Uint8Array.from(values);
  }
}

/** Parses a golden JSON file (given relative to the calling test via `new URL(…, import.meta.url)`). */
export function readGolden<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
