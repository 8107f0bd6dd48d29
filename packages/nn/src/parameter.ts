import { Tensor } from '@gradlab/autograd';
import type { NDArray } from '@gradlab/tensor';

/** A Tensor that is a module's trainable state: `requiresGrad` by default, found by `parameters()`. */
export class Parameter extends Tensor {
  constructor(data: NDArray, requiresGrad = true) {
    super(data, { requiresGrad });
  }
}
