import type { Tensor } from '@gradlab/autograd';
import { checkInput, Module } from '../module.js';

/** Flattens dims startDim..endDim (by default all but the batch dim). */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  forward(input: Tensor): Tensor {
    return checkInput('Flatten', input).flatten(this.startDim, this.endDim);
  }
}

/** Expands one dim into `sizes` (the inverse of Flatten). */
export class Unflatten extends Module {
  constructor(
    readonly dim: number,
    readonly sizes: readonly number[],
  ) {
    super();
  }
  forward(input: Tensor): Tensor {
    const x = checkInput('Unflatten', input);
    const d = this.dim < 0 ? this.dim + x.ndim : this.dim;
    const want = this.sizes.reduce((a, b) => a * b, 1);
    if (x.shape[d] !== want) {
      throw new Error(
        `Unflatten: dim ${this.dim} has size ${x.shape[d]} but sizes [${this.sizes.join(', ')}] need ${want}`,
      );
    }
    return x.reshape([...x.shape.slice(0, d), ...this.sizes, ...x.shape.slice(d + 1)]);
  }
}
