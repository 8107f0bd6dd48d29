import type { Backend } from './backend.js';
import { checkDType, type DType, type TypedArray } from './dtype.js';
import { NDArray, type NestedArray } from './ndarray.js';
import {
  broadcastShapes,
  checkShape,
  contiguousStrides,
  normalizeDim,
  normalizeDims,
  type Shape,
  shapeStr,
  sizeOf,
} from './shape.js';

/** Accepts `f(2, 3)` as well as `f([2, 3])`. */
export function shapeArgs(args: number[] | [Shape]): number[] {
  return Array.isArray(args[0]) ? [...(args[0] as Shape)] : (args as number[]);
}

/** Resolves one `-1` in a target shape from the element count. */
function inferShape(op: string, x: NDArray, shape: readonly number[]): number[] {
  const out = [...shape];
  const unknown = out.indexOf(-1);
  if (unknown !== out.lastIndexOf(-1))
    throw new Error(`${op}: only one dimension can be -1, got ${shapeStr(shape)}`);
  if (unknown >= 0) out[unknown] = 1;
  checkShape(op, out);
  const known = sizeOf(out);
  if (unknown >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw new Error(
        `${op}: cannot reshape ${shapeStr(x.shape)} (${x.size} elements) into ${shapeStr(shape)}`,
      );
    }
    out[unknown] = x.size / known;
  }
  if (sizeOf(out) !== x.size) {
    throw new Error(
      `${op}: cannot reshape ${shapeStr(x.shape)} (${x.size} elements) into ${shapeStr(shape)}`,
    );
  }
  return out;
}

/**
 * Strides that let `shape` view x's memory without a copy, or null when the
 * memory layout does not allow it (PyTorch's rule: each group of merged dims
 * must be contiguous within itself).
 */
function viewStrides(x: NDArray, shape: readonly number[]): number[] | null {
  if (x.isContiguous() || x.ndim === 0 || x.size === 0) return contiguousStrides(shape);
  const newStrides = new Array<number>(shape.length);
  let viewD = shape.length - 1;
  let chunkBase = x.strides[x.ndim - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = x.ndim - 1; d >= 0; d--) {
    tensorNumel *= x.shape[d]!;
    if (d === 0 || (x.shape[d - 1] !== 1 && x.strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= shape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = x.strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** A view with a new shape; throws when the memory layout needs a copy (use reshape). */
export function view(x: NDArray, shape: readonly number[]): NDArray {
  const target = inferShape('view', x, shape);
  const strides = viewStrides(x, target);
  if (!strides) {
    throw new Error(
      `view: cannot view ${shapeStr(x.shape)} with strides ${shapeStr(x.strides)} as ${shapeStr(target)} without a copy; use reshape()`,
    );
  }
  return new NDArray(x.storage, target, strides, x.offset);
}

/** A new shape with the same elements: a view when the layout allows, else a contiguous copy. */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  const target = inferShape('reshape', x, shape);
  const strides = viewStrides(x, target);
  if (strides) return new NDArray(x.storage, target, strides, x.offset);
  const c = contiguous(x);
  return new NDArray(c.storage, target, contiguousStrides(target), 0);
}

export function flatten(x: NDArray, startDim = 0, endDim = -1): NDArray {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim);
  const e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

export function permute(x: NDArray, dims: readonly number[]): NDArray {
  if (dims.length !== x.ndim) {
    throw new Error(
      `permute: expected ${x.ndim} dims for shape ${shapeStr(x.shape)}, got [${dims.join(', ')}]`,
    );
  }
  const d = dims.map((v) => normalizeDim('permute', v, x.ndim));
  if (new Set(d).size !== d.length)
    throw new Error(`permute: dims [${dims.join(', ')}] repeat a dimension`);
  return new NDArray(
    x.storage,
    d.map((i) => x.shape[i]!),
    d.map((i) => x.strides[i]!),
    x.offset,
  );
}

export function transpose(x: NDArray, dim0: number, dim1: number): NDArray {
  if (x.ndim < 2 && (dim0 === -2 || dim0 === 0) && (dim1 === -1 || dim1 === 0)) return x;
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

export function squeeze(x: NDArray, dim?: number | number[]): NDArray {
  const dims = dim === undefined ? x.shape.map((_, i) => i) : normalizeDims('squeeze', dim, x.ndim);
  const keep = x.shape.map((s, i) => !(s === 1 && dims.includes(i)));
  return new NDArray(
    x.storage,
    x.shape.filter((_, i) => keep[i]),
    x.strides.filter((_, i) => keep[i]),
    x.offset,
  );
}

export function unsqueeze(x: NDArray, dim: number): NDArray {
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d]! * x.shape[d]! : 1);
  return new NDArray(x.storage, shape, strides, x.offset);
}

/** A broadcast view (stride 0 along expanded dims); `-1` keeps a dim's size. */
export function expand(x: NDArray, shape: readonly number[]): NDArray {
  if (shape.length < x.ndim) {
    throw new Error(`expand: target ${shapeStr(shape)} has fewer dims than ${shapeStr(x.shape)}`);
  }
  const lead = shape.length - x.ndim;
  const outShape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const src = i >= lead ? x.shape[i - lead]! : 1;
    const want = shape[i] === -1 && i >= lead ? src : shape[i]!;
    if (src !== want && src !== 1) {
      throw new Error(
        `expand: cannot expand ${shapeStr(x.shape)} to ${shapeStr(shape)} (dim ${i}: ${src} → ${want})`,
      );
    }
    outShape.push(want);
    strides.push(i >= lead && src === want ? x.strides[i - lead]! : 0);
  }
  return new NDArray(x.storage, outShape, strides, x.offset);
}

export function broadcastTo(x: NDArray, shape: Shape): NDArray {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  broadcastShapes('broadcastTo', x.shape, shape);
  return expand(x, shape);
}

/** Python-style slice of one dim: negative indices count from the end; negative steps reverse. */
export function slice(x: NDArray, dim: number, start?: number, end?: number, step = 1): NDArray {
  const d = normalizeDim('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step === 0)
    throw new Error(`slice: step must be a non-zero integer, got ${step}`);
  const size = x.shape[d]!;
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? size : size - 1;
  const clampIdx = (v: number | undefined, dflt: number) =>
    v === undefined ? dflt : v < 0 ? Math.max(v + size, lower) : Math.min(v, upper);
  const s = clampIdx(start, step > 0 ? lower : upper);
  const e = clampIdx(end, step > 0 ? upper : lower);
  const len =
    step > 0 ? Math.max(0, Math.ceil((e - s) / step)) : Math.max(0, Math.ceil((s - e) / -step));
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape[d] = len;
  strides[d] = x.strides[d]! * step;
  return new NDArray(
    x.storage,
    shape,
    strides,
    len === 0 ? x.offset : x.offset + s * x.strides[d]!,
  );
}

export function narrow(x: NDArray, dim: number, start: number, length: number): NDArray {
  const d = normalizeDim('narrow', dim, x.ndim);
  const s = start < 0 ? start + x.shape[d]! : start;
  if (s < 0 || length < 0 || s + length > x.shape[d]!) {
    throw new Error(
      `narrow: range [${start}, ${start}+${length}) is outside dim ${dim} of size ${x.shape[d]}`,
    );
  }
  return slice(x, d, s, s + length);
}

/** Removes `dim` by taking one index along it (a view). */
export function select(x: NDArray, dim: number, index: number): NDArray {
  const d = normalizeDim('select', dim, x.ndim);
  const size = x.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new Error(`select: index ${index} is out of range for dim ${dim} of size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  return new NDArray(
    x.storage,
    x.shape.filter((_, k) => k !== d),
    x.strides.filter((_, k) => k !== d),
    x.offset + i * x.strides[d]!,
  );
}

/** Reverses the order along `dims` (a view with negative strides). */
export function flip(x: NDArray, dims: number | number[]): NDArray {
  let out = x;
  for (const d of normalizeDims('flip', dims, x.ndim))
    out = slice(out, d, undefined, undefined, -1);
  return out;
}

/** The same values in a fresh row-major storage (returns x itself when already contiguous). */
export function contiguous(x: NDArray): NDArray {
  return x.isContiguous() ? x : clone(x);
}

export function clone(x: NDArray): NDArray {
  const out = NDArray.empty(x.shape, x.dtype, x.backend);
  x.backend.copy(x, out);
  return out;
}

/** Converts to a dtype, or moves to a backend; returns x when nothing changes. */
export function to(x: NDArray, target: DType | Backend): NDArray {
  if (typeof target === 'string') {
    const dtype = checkDType('to', target);
    if (dtype === x.dtype) return x;
    const out = NDArray.empty(x.shape, dtype, x.backend);
    x.backend.copy(x, out);
    return out;
  }
  if (target === x.backend) return x;
  return new NDArray(target.fromTypedArray(x.dataSync()), x.shape);
}

export function toNested(shape: readonly number[], data: TypedArray): NestedArray {
  if (shape.length === 0) return data[0]!;
  let pos = 0;
  const build = (d: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[d]!; i++)
      out.push(d === shape.length - 1 ? data[pos++]! : build(d + 1));
    return out;
  };
  return build(0);
}

export function getElement(x: NDArray, index: readonly number[]): number {
  if (index.length !== x.ndim) {
    throw new Error(
      `get: expected ${x.ndim} indices for shape ${shapeStr(x.shape)}, got [${index.join(', ')}]`,
    );
  }
  let off = x.offset;
  index.forEach((v, d) => {
    const size = x.shape[d]!;
    if (!Number.isInteger(v) || v < -size || v >= size) {
      throw new Error(`get: index ${v} is out of range for dim ${d} of size ${size}`);
    }
    off += (v < 0 ? v + size : v) * x.strides[d]!;
  });
  return x.backend.readSync(new NDArray(x.storage, [], [], off))[0]!;
}

/** Splits into pieces of `splitSize` (the last may be smaller) or of the given sizes; views. */
export function split(x: NDArray, splitSize: number | readonly number[], dim = 0): NDArray[] {
  const d = normalizeDim('split', dim, x.ndim);
  const n = x.shape[d]!;
  let sizes: number[];
  if (typeof splitSize === 'number') {
    if (!Number.isInteger(splitSize) || splitSize <= 0) {
      throw new Error(`split: splitSize must be a positive integer, got ${splitSize}`);
    }
    sizes = [];
    for (let s = 0; s < n; s += splitSize) sizes.push(Math.min(splitSize, n - s));
  } else {
    sizes = [...splitSize];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new Error(
        `split: sizes [${sizes.join(', ')}] do not add up to dim ${dim} of size ${n}`,
      );
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const piece = narrow(x, d, at, s);
    at += s;
    return piece;
  });
}

/** Splits into `chunks` pieces of ceil(n / chunks) (the last may be smaller), like PyTorch. */
export function chunk(x: NDArray, chunks: number, dim = 0): NDArray[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new Error(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim('chunk', dim, x.ndim);
  return split(x, Math.max(1, Math.ceil(x.shape[d]! / chunks)), d);
}
