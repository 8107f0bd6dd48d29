import type { Backend } from './backend.js';
import { getBackend } from './backend-registry.js';
import {
  allocArray,
  castScalar,
  checkDType,
  type DType,
  dtypeOfArray,
  type TypedArray,
} from './dtype.js';
import { NDArray, type NestedArray } from './ndarray.js';
import { checkShape, type Shape, sizeOf } from './shape.js';

export interface CreateOptions {
  dtype?: DType;
  backend?: Backend;
}

/** Nested arrays that may hold booleans as well as numbers. */
export type ArrayInput = NestedArray | boolean | readonly (ArrayInput | boolean)[] | TypedArray;

function dtypeOf(op: string, o: CreateOptions | undefined, fallback: DType): DType {
  return o?.dtype === undefined ? fallback : checkDType(op, o.dtype);
}

function filled(
  op: string,
  shape: Shape,
  value: number,
  o: CreateOptions | undefined,
  fallback: DType,
): NDArray {
  const dtype = dtypeOf(op, o, fallback);
  const s = checkShape(op, shape);
  const data = allocArray(dtype, sizeOf(s));
  if (value !== 0) data.fill(castScalar(value, dtype));
  return NDArray.fromTypedArray(data, s, o?.backend ?? getBackend());
}

/**
 * An array from nested JS arrays, a typed array or a number. Numbers default to
 * float32 and booleans to bool; a typed array keeps its dtype unless `dtype` is
 * given (and is copied, never shared).
 */
export function array(data: ArrayInput, options: CreateOptions & { shape?: Shape } = {}): NDArray {
  const want = options.dtype === undefined ? undefined : checkDType('array', options.dtype);
  let values: TypedArray;
  let shape: number[];
  if (ArrayBuffer.isView(data)) {
    values = (data as TypedArray).slice();
    shape = options.shape ? checkShape('array', options.shape) : [values.length];
  } else {
    shape = [];
    let probe: unknown = data;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      probe = probe[0];
    }
    const flat: number[] = [];
    let sawBool = false;
    const walk = (v: unknown, depth: number, path: number[]) => {
      if (depth === shape.length) {
        if (typeof v === 'boolean') {
          sawBool = true;
          flat.push(v ? 1 : 0);
        } else if (typeof v === 'number') flat.push(v);
        else
          throw new Error(
            `array: expected a number at [${path.join(', ')}], got ${Array.isArray(v) ? 'an array' : typeof v}`,
          );
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        throw new Error(
          `array: ragged nested array at [${path.join(', ')}]: expected ${shape[depth]} elements, got ${Array.isArray(v) ? v.length : typeof v}`,
        );
      }
      v.forEach((item, i) => {
        walk(item, depth + 1, [...path, i]);
      });
    };
    walk(data, 0, []);
    const dtype = want ?? (sawBool ? 'bool' : 'float32');
    values = allocArray(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) values[i] = castScalar(flat[i]!, dtype);
    if (options.shape) shape = checkShape('array', options.shape);
  }
  if (sizeOf(shape) !== values.length) {
    throw new Error(`array: ${values.length} values cannot have shape [${shape.join(', ')}]`);
  }
  let out = NDArray.fromTypedArray(values, shape, options.backend ?? getBackend());
  if (want && dtypeOfArray(values) !== want) out = out.to(want);
  return out;
}

export const zeros = (shape: Shape, o?: CreateOptions) => filled('zeros', shape, 0, o, 'float32');
export const ones = (shape: Shape, o?: CreateOptions) => filled('ones', shape, 1, o, 'float32');
export const full = (shape: Shape, value: number, o?: CreateOptions) =>
  filled('full', shape, value, o, 'float32');
/** Same shape (and, unless overridden, dtype and backend) as `x`. */
export const zerosLike = (x: NDArray, o?: CreateOptions) =>
  filled('zerosLike', x.shape, 0, { backend: x.backend, ...o }, x.dtype);
export const onesLike = (x: NDArray, o?: CreateOptions) =>
  filled('onesLike', x.shape, 1, { backend: x.backend, ...o }, x.dtype);
export const fullLike = (x: NDArray, value: number, o?: CreateOptions) =>
  filled('fullLike', x.shape, value, { backend: x.backend, ...o }, x.dtype);

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)`
 * counts 0..n−1. Integer arguments give int32, otherwise float32.
 */
export function arange(start: number, end?: number, step = 1, o?: CreateOptions): NDArray {
  const [s, e] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step))
    throw new Error(`arange: step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((e - s) / step));
  const ints = Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(step);
  const dtype = dtypeOf('arange', o, ints ? 'int32' : 'float32');
  const data = allocArray(dtype, n);
  for (let i = 0; i < n; i++) data[i] = castScalar(s + i * step, dtype);
  return NDArray.fromTypedArray(data, [n], o?.backend ?? getBackend());
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, steps: number, o?: CreateOptions): NDArray {
  if (!Number.isInteger(steps) || steps < 0)
    throw new Error(`linspace: steps must be an integer ≥ 0, got ${steps}`);
  const dtype = dtypeOf('linspace', o, 'float32');
  const data = allocArray(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill symmetrically from both ends, as PyTorch does, so both endpoints are exact.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++)
    data[i] = castScalar(
      i < half || steps === 1 ? start + delta * i : end - delta * (steps - 1 - i),
      dtype,
    );
  return NDArray.fromTypedArray(data, [steps], o?.backend ?? getBackend());
}

/** The n×m identity-like matrix (ones on the main diagonal). */
export function eye(n: number, m = n, o?: CreateOptions): NDArray {
  checkShape('eye', [n, m]);
  const data = allocArray(dtypeOf('eye', o, 'float32'), n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return NDArray.fromTypedArray(data, [n, m], o?.backend ?? getBackend());
}

/**
 * Coordinate grids from 1-d arrays. `indexing: 'ij'` (default, as PyTorch)
 * gives shape [len0, len1, ...]; `'xy'` swaps the first two (NumPy's default).
 */
export function meshgrid(
  arrays: readonly NDArray[],
  options: { indexing?: 'ij' | 'xy' } = {},
): NDArray[] {
  const indexing = options.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy')
    throw new Error(`meshgrid: indexing must be 'ij' or 'xy', got '${indexing}'`);
  arrays.forEach((a, i) => {
    if (a.ndim !== 1)
      throw new Error(`meshgrid: input ${i} must be 1-d, got shape [${a.shape.join(', ')}]`);
  });
  const xy = indexing === 'xy' && arrays.length >= 2;
  const order = arrays.map((_, i) => (xy && i < 2 ? 1 - i : i));
  const shape = order.map((i) => arrays[i]!.size);
  return arrays.map((a, i) => {
    const view = shape.map(() => 1);
    view[order.indexOf(i)] = a.size;
    return a.reshape(view).expand(shape).contiguous();
  });
}
