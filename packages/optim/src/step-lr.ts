import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Multiplicative factor of each decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs
 * (`torch.optim.lr_scheduler.StepLR`): `lr = lr₀ · γ^⌊epoch / stepSize⌋`.
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  stepSize: number;
  /** Multiplicative factor of each decay. */
  gamma: number;

  protected get name(): string {
    return 'StepLR';
  }

  constructor(optimizer: Optimizer, options: StepLROptions) {
    super(optimizer);
    const { stepSize, gamma = 0.1 } = options ?? ({} as StepLROptions);
    if (!Number.isInteger(stepSize) || stepSize < 1) {
      throw new Error(`StepLR: invalid stepSize ${stepSize} (expected an integer ≥ 1)`);
    }
    if (!Number.isFinite(gamma))
      throw new Error(`StepLR: invalid gamma ${gamma} (expected a number)`);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.init();
  }

  protected getLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}
