import type { NDArray } from '@gradlab/tensor';
import { Adam, type AdamOptions } from './adam.js';
import type { ParamGroup, ParamState, Params } from './optimizer.js';

/**
 * AdamW: Adam with decoupled weight decay, `torch.optim.AdamW`'s algorithm.
 * The parameter first shrinks, `p ← p·(1 − lr·wd)`, then takes Adam's step on
 * the raw gradient. `weightDecay` defaults to 1e-2.
 */
export class AdamW extends Adam {
  protected override get name(): string {
    return 'AdamW';
  }

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...options });
  }

  protected override update(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<AdamOptions>,
  ): void {
    const d = g.maximize ? grad.neg() : grad;
    param.mul_(1 - g.lr * g.weightDecay);
    this.adamStep(param, d, state, g);
  }
}
