import { promoteTypes } from './dtype.js';
import { NDArray } from './ndarray.js';
import { commonBackend } from './operand.js';
import { normalizeDim, shapeStr } from './shape.js';

/** Joins arrays along an existing dim; all other dims must match. */
export function concat(arrays: readonly NDArray[], dim = 0): NDArray {
  if (arrays.length === 0) throw new Error('concat: expected at least one array');
  const first = arrays[0]!;
  const backend = commonBackend('concat', ...arrays);
  const d = normalizeDim('concat', dim, first.ndim);
  let dtype = first.dtype;
  let total = 0;
  arrays.forEach((a, i) => {
    const ok = a.ndim === first.ndim && a.shape.every((s, k) => k === d || s === first.shape[k]);
    if (!ok) {
      throw new Error(
        `concat: array ${i} has shape ${shapeStr(a.shape)}, which does not match ${shapeStr(first.shape)} outside dim ${dim}`,
      );
    }
    dtype = promoteTypes(dtype, a.dtype);
    total += a.shape[d]!;
  });
  const shape = [...first.shape];
  shape[d] = total;
  const out = NDArray.empty(shape, dtype, backend);
  let at = 0;
  for (const a of arrays) {
    if (a.shape[d]! > 0) backend.copy(a, out.narrow(d, at, a.shape[d]!));
    at += a.shape[d]!;
  }
  return out;
}

/** Joins arrays of equal shape along a new dim. */
export function stack(arrays: readonly NDArray[], dim = 0): NDArray {
  if (arrays.length === 0) throw new Error('stack: expected at least one array');
  const first = arrays[0]!;
  arrays.forEach((a, i) => {
    if (a.shape.join() !== first.shape.join()) {
      throw new Error(
        `stack: array ${i} has shape ${shapeStr(a.shape)}, expected ${shapeStr(first.shape)}`,
      );
    }
  });
  const d = normalizeDim('stack', dim, first.ndim + 1);
  return concat(
    arrays.map((a) => a.unsqueeze(d)),
    d,
  );
}
