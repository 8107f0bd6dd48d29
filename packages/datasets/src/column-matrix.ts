import { NDArray, shapeStr } from '@gradlab/tensor';

/** A 1-d or n-d array seen as rows (dim 0) × columns (everything else). */
export interface ColumnMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
  shape: readonly number[];
}

/** Reads `x` as a row × column matrix of float64 values. */
export function toColumnMatrix(op: string, x: NDArray): ColumnMatrix {
  if (x.ndim === 0) throw new Error(`${op}: expected an array with a row dimension, got a scalar`);
  const rows = x.shape[0]!;
  const cols = rows === 0 ? sizeAfterFirst(x.shape) : x.size / rows;
  const src = x.dataSync();
  return { rows, cols, data: Float64Array.from(src), shape: x.shape };
}

function sizeAfterFirst(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

/** Checks that `x` has the column count a transformer was fitted on. */
export function checkColumns(op: string, m: ColumnMatrix, expected: number): void {
  if (m.cols !== expected) {
    throw new Error(
      `${op}: fitted on ${expected} column${expected === 1 ? '' : 's'}, got shape ${shapeStr(m.shape)} (${m.cols} columns)`,
    );
  }
}

/** The non-NaN values of column `c`. */
export function columnValues(m: ColumnMatrix, c: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    const v = m.data[r * m.cols + c]!;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

/** A new array of `x`'s shape (float32, or float64 when `x` is float64) with `fn` applied per element and column. */
export function mapColumns(
  x: NDArray,
  m: ColumnMatrix,
  fn: (value: number, column: number) => number,
): NDArray {
  const out =
    x.dtype === 'float64' ? new Float64Array(m.data.length) : new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const i = r * m.cols + c;
      out[i] = fn(m.data[i]!, c);
    }
  }
  return NDArray.fromTypedArray(out, [...m.shape], x.backend);
}

/** Throws the error of a transformer used before `fit`. */
export function notFitted(op: string): never {
  throw new Error(
    `${op}: not fitted yet; call fit() (or fitTransform()) on the training data first`,
  );
}
