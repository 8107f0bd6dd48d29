import { linear, type Tensor } from '@gradlab/autograd';
import type { NDArray } from '@gradlab/tensor';
import { checkInput } from '../module.js';
import { Linear, type LinearOptions } from './linear.js';

/**
 * A Linear layer whose weight is multiplied by a constant 0/1 `mask`
 * [outFeatures, inFeatures] in every forward pass, y = x·(W ⊙ M)ᵀ + b, so
 * masked connections neither contribute nor receive a gradient — MADE's
 * building block (see {@link madeMasks}). The mask (any dtype, nonzero =
 * connected) is kept as a bool buffer: saved and loaded with the state dict,
 * not counted as parameters by `summary`.
 */
export class MaskedLinear extends Linear {
  declare mask: NDArray;

  constructor(inFeatures: number, outFeatures: number, mask: NDArray, options: LinearOptions = {}) {
    super(inFeatures, outFeatures, options);
    this.registerBuffer('mask', this.checkMask(mask).ne(0));
  }

  /** Replaces the mask (e.g. to resample a MADE ordering), in place. */
  setMask(mask: NDArray): void {
    this.mask.copy_(this.checkMask(mask).ne(0));
  }

  private checkMask(mask: NDArray): NDArray {
    const want = [this.outFeatures, this.inFeatures];
    if (mask?.shape?.join() !== want.join()) {
      throw new Error(
        `MaskedLinear: mask must have shape [${want.join(', ')}] (outFeatures, inFeatures), got ${mask?.shape ? `[${mask.shape.join(', ')}]` : typeof mask}`,
      );
    }
    return mask;
  }

  override forward(input: Tensor): Tensor {
    const x = checkInput('MaskedLinear', input);
    if (x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new Error(
        `MaskedLinear: expected input with last dim ${this.inFeatures}, got shape [${x.shape.join(', ')}]`,
      );
    }
    return linear(x, this.weight.mul(this.mask), this.bias);
  }
}
