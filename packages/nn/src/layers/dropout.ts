import type { Tensor } from '@gradlab/autograd';
import { bernoulli, defaultGenerator, type Generator } from '@gradlab/tensor';
import { checkInput, Module } from '../module.js';

/**
 * Zeroes each element with probability p during training and scales the rest
 * by 1/(1 − p) (inverted dropout); the identity in evaluation mode.
 */
export class Dropout extends Module {
  private readonly generator: Generator | undefined;

  constructor(
    readonly p = 0.5,
    options: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
    this.generator = options.generator;
  }

  forward(input: Tensor): Tensor {
    const x = checkInput('Dropout', input);
    if (!this.training || this.p === 0) return x;
    const keep = bernoulli(1 - this.p, [...x.shape], {
      generator: this.generator ?? defaultGenerator(),
      dtype: x.dtype,
    });
    return x.mul(keep.mul(1 / (1 - this.p)));
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
