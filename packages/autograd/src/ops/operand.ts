import { array, NDArray } from '@gradlab/tensor';
import { Tensor, type TensorLike } from '../tensor.js';

/**
 * Turns an operand into a Tensor. NDArrays and numbers become constants (no
 * gradient); a number takes the floating dtype of `like` so that it never
 * widens float32 to float64.
 */
export function asTensor(op: string, x: TensorLike, like?: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  if (x instanceof NDArray) return new Tensor(x);
  if (typeof x === 'number') {
    const dtype = like && like.dtype === 'float64' ? 'float64' : 'float32';
    return new Tensor(array(x, { dtype, backend: like?.data.backend }));
  }
  throw new Error(
    `${op}: expected a Tensor, an NDArray or a number, got ${Array.isArray(x) ? 'a JS array (wrap it with tensor(...))' : typeof x}`,
  );
}

/** The operand's value as an NDArray (for ops that treat it as a constant). */
export function operandValue(x: TensorLike): NDArray | number {
  return x instanceof Tensor ? x.data : x;
}
