import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions {
  /** Multiplicative factor of lr decay per epoch. */
  gamma: number;
}

/**
 * Multiplies each group's lr by `gamma` every epoch
 * (`torch.optim.lr_scheduler.ExponentialLR`): `lr = lr₀ · γ^epoch`.
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor of lr decay per epoch. */
  gamma: number;

  protected get name(): string {
    return 'ExponentialLR';
  }

  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super(optimizer);
    const gamma = options?.gamma;
    if (typeof gamma !== 'number' || !Number.isFinite(gamma)) {
      throw new Error(`ExponentialLR: invalid gamma ${gamma} (expected a number)`);
    }
    this.gamma = gamma;
    this.init();
  }

  protected getLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    if (this.lastEpoch === 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}
