import type { SchedulerStateDict } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: the metric should fall (a loss; default); `'max'`: rise (an accuracy). */
  mode?: 'min' | 'max';
  /** Factor the lr is multiplied by on a plateau (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** What counts as an improvement, see `thresholdMode` (default 1e-4). */
  threshold?: number;
  /** `'rel'`: better than best·(1 ∓ threshold) (default); `'abs'`: better than best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound on the lr: one for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the lr when a metric has stopped improving
 * (`torch.optim.lr_scheduler.ReduceLROnPlateau`): after more than `patience`
 * epochs without improvement, each group's lr becomes `max(lr·factor, minLr)`.
 * Call `step(metric)` once per epoch with the validation metric.
 */
export class ReduceLROnPlateau {
  /** The optimiser whose groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer;
  /** Whether the metric should fall or rise. */
  mode: 'min' | 'max';
  /** Factor the lr is multiplied by on a plateau. */
  factor: number;
  /** Epochs without improvement tolerated before reducing. */
  patience: number;
  /** What counts as an improvement (see `thresholdMode`). */
  threshold: number;
  /** Relative or absolute threshold. */
  thresholdMode: 'rel' | 'abs';
  /** Epochs to wait after a reduction. */
  cooldown: number;
  /** The lower bound of each group's lr. */
  minLrs: number[];
  /** Reductions smaller than this are skipped. */
  eps: number;
  /** The best metric seen so far (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** The number of `step()` calls so far. */
  lastEpoch = 0;

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) {
      throw new Error(`ReduceLROnPlateau: expected an Optimizer, got ${String(optimizer)}`);
    }
    this.optimizer = optimizer;
    const {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options;
    const fail = (key: string, value: unknown, expected: string) => {
      throw new Error(`ReduceLROnPlateau: invalid ${key} ${String(value)} (expected ${expected})`);
    };
    if (mode !== 'min' && mode !== 'max') fail('mode', mode, "'min' or 'max'");
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      fail('thresholdMode', thresholdMode, "'rel' or 'abs'");
    }
    if (!(factor < 1) || !(factor >= 0)) fail('factor', factor, '0 ≤ factor < 1');
    if (!Number.isInteger(patience) || patience < 0) fail('patience', patience, 'an integer ≥ 0');
    if (!Number.isInteger(cooldown) || cooldown < 0) fail('cooldown', cooldown, 'an integer ≥ 0');
    if (!(threshold >= 0)) fail('threshold', threshold, 'threshold ≥ 0');
    if (!(eps >= 0)) fail('eps', eps, 'eps ≥ 0');
    const groups = optimizer.paramGroups.length;
    if (Array.isArray(minLr)) {
      if (minLr.length !== groups) {
        throw new Error(
          `ReduceLROnPlateau: expected ${groups} minLr values (one per parameter group), got ${minLr.length}`,
        );
      }
      this.minLrs = [...minLr];
    } else {
      this.minLrs = new Array<number>(groups).fill(minLr);
    }
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
  }

  /** True while the cooldown after a reduction lasts. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether `a` improves on `best` under the mode and threshold. */
  isBetter(a: number, best: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min')
      return this.thresholdMode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.thresholdMode === 'rel' ? a > best * (t + 1) : a > best + t;
  }

  /** Records one epoch's metric and reduces the lrs when it has plateaued. */
  step(metric: number): void {
    if (typeof metric !== 'number') {
      throw new Error(
        `ReduceLROnPlateau: step expects the metric as a number, got ${typeof metric}`,
      );
    }
    this.lastEpoch++;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.inCooldown) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** The current lr of each parameter group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's state (everything but the optimiser). */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) {
      if (k !== 'optimizer') out[k] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }

  /** Restores a state saved by {@link stateDict}. */
  loadStateDict(state: SchedulerStateDict): void {
    if (typeof state !== 'object' || state === null) {
      throw new Error('ReduceLROnPlateau: loadStateDict expects the object stateDict() returned');
    }
    for (const [k, v] of Object.entries(state)) {
      if (k !== 'optimizer')
        (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const newLr = Math.max(g.lr * this.factor, this.minLrs[i]!);
      if (g.lr - newLr > this.eps) g.lr = newLr;
    });
  }
}
