import { getBackend } from './backend-registry.js';
import { NDArray } from './ndarray.js';
import { commonBackend } from './operand.js';
import { normalizeDim, shapeStr, sizeOf } from './shape.js';

function checkIndexArray(op: string, index: NDArray): void {
  if (!(index instanceof NDArray)) throw new Error(`${op}: index must be an NDArray of int32`);
  if (index.dtype !== 'int32')
    throw new Error(`${op}: index must have dtype int32, got ${index.dtype}`);
}

function checkGatherShapes(op: string, x: NDArray, d: number, index: NDArray): void {
  if (index.ndim !== x.ndim) {
    throw new Error(
      `${op}: index ${shapeStr(index.shape)} must have as many dims as input ${shapeStr(x.shape)}`,
    );
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]!) {
      throw new Error(
        `${op}: index ${shapeStr(index.shape)} is larger than input ${shapeStr(x.shape)} in dim ${i}`,
      );
    }
  });
}

/** out[i][j] = x[index[i][j]][j] (dim 0) — PyTorch's gather; the result has index's shape. */
export function gather(x: NDArray, dim: number, index: NDArray): NDArray {
  checkIndexArray('gather', index);
  const d = normalizeDim('gather', dim, x.ndim);
  checkGatherShapes('gather', x, d, index);
  commonBackend('gather', x, index);
  const out = NDArray.empty(index.shape, x.dtype, x.backend);
  x.backend.gather(x, d, index, out);
  return out;
}

/** A copy of x with `src` added at `index` along `dim` (PyTorch's scatter_add, out of place). */
export function scatterAdd(x: NDArray, dim: number, index: NDArray, src: NDArray): NDArray {
  checkIndexArray('scatterAdd', index);
  const d = normalizeDim('scatterAdd', dim, x.ndim);
  checkGatherShapes('scatterAdd', x, d, index);
  if (src.ndim !== index.ndim || index.shape.some((s, i) => s > src.shape[i]!)) {
    throw new Error(
      `scatterAdd: src ${shapeStr(src.shape)} must cover index ${shapeStr(index.shape)}`,
    );
  }
  commonBackend('scatterAdd', x, index, src);
  const out = x.clone();
  x.backend.scatterAdd(out, d, index, src.to(x.dtype));
  return out;
}

function toIndexArray(op: string, index: NDArray | readonly number[]): NDArray {
  if (index instanceof NDArray) {
    checkIndexArray(op, index);
    if (index.ndim !== 1)
      throw new Error(`${op}: index must be 1-d, got shape ${shapeStr(index.shape)}`);
    return index;
  }
  return NDArray.fromTypedArray(Int32Array.from(index), [index.length], getBackend());
}

/** Picks the entries `index` along `dim` (index is 1-d); negative indices are not allowed. */
export function indexSelect(x: NDArray, dim: number, index: NDArray | readonly number[]): NDArray {
  const d = normalizeDim('indexSelect', dim, x.ndim);
  const idx = toIndexArray('indexSelect', index).to(x.backend);
  const shape = [...x.shape];
  shape[d] = idx.size;
  const view = [...x.shape].map((_, i) => (i === d ? idx.size : 1));
  const expanded = idx.reshape(view).expand(shape);
  return gather(x, d, expanded);
}

/** One-hot encoding of int32 class indices: shape [...indices, numClasses], float32. */
export function oneHot(indices: NDArray, numClasses: number): NDArray {
  checkIndexArray('oneHot', indices);
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new Error(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  }
  if (!indices.onHost) {
    // On a device the encoding is a comparison with 0..C−1, so nothing is read back (an
    // index outside [0, C) gives a row of zeros there instead of an error).
    const classes = Int32Array.from({ length: numClasses }, (_, c) => c);
    return indices
      .unsqueeze(-1)
      .eq(NDArray.fromTypedArray(classes, [numClasses], indices.backend))
      .float();
  }
  const values = indices.dataSync();
  const out = new Float32Array(values.length * numClasses);
  values.forEach((c, i) => {
    if (c < 0 || c >= numClasses)
      throw new Error(`oneHot: class ${c} is outside [0, ${numClasses})`);
    out[i * numClasses + c] = 1;
  });
  return NDArray.fromTypedArray(out, [...indices.shape, numClasses], indices.backend);
}

/** The elements where `mask` (broadcast to x) is non-zero, as a 1-d array in row-major order. */
export function maskedSelect(x: NDArray, mask: NDArray): NDArray {
  const m = mask.broadcastTo(x.shape).dataSync();
  const v = x.dataSync();
  const picked: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i]) picked.push(v[i]!);
  const out = NDArray.empty([picked.length], x.dtype, x.backend);
  if (picked.length > 0) {
    const host = NDArray.fromTypedArray(Float64Array.from(picked), [picked.length], x.backend);
    x.backend.copy(host, out);
  }
  return out;
}

/**
 * Constant padding, PyTorch's F.pad convention: `pads` lists (before, after)
 * pairs starting from the last dim, e.g. [left, right, top, bottom].
 */
export function pad(x: NDArray, pads: readonly number[], value = 0): NDArray {
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim) {
    throw new Error(
      `pad: pads [${pads.join(', ')}] must hold (before, after) pairs for at most ${x.ndim} dims`,
    );
  }
  if (pads.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new Error(`pad: pads must be non-negative integers, got [${pads.join(', ')}]`);
  }
  const shape = [...x.shape];
  const pairs = pads.length / 2;
  for (let k = 0; k < pairs; k++) shape[x.ndim - 1 - k]! += pads[2 * k]! + pads[2 * k + 1]!;
  const out = NDArray.empty(shape, x.dtype, x.backend);
  if (value !== 0) out.fill_(value);
  let inner = out;
  for (let k = 0; k < pairs; k++)
    inner = inner.narrow(x.ndim - 1 - k, pads[2 * k]!, x.shape[x.ndim - 1 - k]!);
  if (sizeOf(x.shape) > 0) x.backend.copy(x, inner);
  return out;
}
