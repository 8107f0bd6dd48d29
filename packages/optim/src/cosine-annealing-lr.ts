import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Epochs in half a cosine period (from lr₀ down to `etaMin`). */
  tMax: number;
  /** The minimum lr (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing (`torch.optim.lr_scheduler.CosineAnnealingLR`, SGDR
 * without restarts): `lr = ηmin + (lr₀ − ηmin)·(1 + cos(π·epoch/tMax))/2`.
 * Computed recursively from the current lr as PyTorch does, so it composes
 * with other changes to the lr; past `tMax` the lr climbs back up.
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Epochs in half a cosine period. */
  tMax: number;
  /** The minimum lr. */
  etaMin: number;

  protected get name(): string {
    return 'CosineAnnealingLR';
  }

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super(optimizer);
    const { tMax, etaMin = 0 } = options ?? ({} as CosineAnnealingLROptions);
    if (!Number.isInteger(tMax) || tMax < 1) {
      throw new Error(`CosineAnnealingLR: invalid tMax ${tMax} (expected an integer ≥ 1)`);
    }
    if (!Number.isFinite(etaMin)) {
      throw new Error(`CosineAnnealingLR: invalid etaMin ${etaMin} (expected a number)`);
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.init();
  }

  protected getLr(): number[] {
    const { tMax, etaMin, lastEpoch: t } = this;
    const groups = this.optimizer.paramGroups;
    if (t === 0) return groups.map((g) => g.lr);
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map(
        (g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2,
      );
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) *
          (g.lr - etaMin) +
        etaMin,
    );
  }
}
