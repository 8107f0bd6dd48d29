import {
  type ArrayInput,
  array,
  type DType,
  type Generator,
  NDArray,
  ones as onesArray,
  rand as randArray,
  randn as randnArray,
  type Shape,
  zeros as zerosArray,
} from '@gradlab/tensor';
import { Tensor } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/**
 * A tensor from nested arrays, a typed array, a number or an NDArray (shared,
 * not copied). `requiresGrad: true` makes it a leaf whose `.grad` backward fills.
 */
export function tensor(data: ArrayInput | NDArray, options: TensorOptions = {}): Tensor {
  let value =
    data instanceof NDArray ? data : array(data, options.dtype ? { dtype: options.dtype } : {});
  if (options.dtype && value.dtype !== options.dtype) value = value.to(options.dtype);
  return new Tensor(value, { requiresGrad: options.requiresGrad ?? false });
}

export const zeros = (shape: Shape, o: TensorOptions = {}) =>
  new Tensor(zerosArray(shape, { dtype: o.dtype }), { requiresGrad: o.requiresGrad });
export const ones = (shape: Shape, o: TensorOptions = {}) =>
  new Tensor(onesArray(shape, { dtype: o.dtype }), { requiresGrad: o.requiresGrad });
export const randn = (shape: Shape, o: TensorOptions & { generator?: Generator } = {}) =>
  new Tensor(randnArray(shape, { dtype: o.dtype, generator: o.generator }), {
    requiresGrad: o.requiresGrad,
  });
export const rand = (shape: Shape, o: TensorOptions & { generator?: Generator } = {}) =>
  new Tensor(randArray(shape, { dtype: o.dtype, generator: o.generator }), {
    requiresGrad: o.requiresGrad,
  });
