import type { NDArray } from '@gradlab/tensor';

/**
 * What {@link EarlyStopping} needs of a model to restore its best weights;
 * `@gradlab/nn`'s `Module` matches it.
 */
export interface StatefulModel {
  stateDict(): Record<string, NDArray>;
  loadStateDict(state: Record<string, NDArray>): void;
}

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** The metric's name (default `'val_loss'`); `step` may be given a record of metrics and picks it. */
  monitor?: string;
  /** `'min'`: lower is better (a loss; default); `'max'`: higher is better (an accuracy). */
  mode?: 'min' | 'max';
  /** Epochs without improvement to wait before stopping (default 0). */
  patience?: number;
  /** An improvement must beat the best value by more than this (default 0). */
  minDelta?: number;
  /** On stopping, load the weights of the best epoch back into the model (default false). */
  restoreBestWeights?: boolean;
  /** A value the metric must beat before patience resets (default: none). */
  baseline?: number;
}

/**
 * Stops training when a monitored metric stops improving — Keras's
 * `EarlyStopping` semantics. Call `step(value, model?)` once per epoch; it
 * returns true when training should stop: after `patience` epochs in a row
 * that did not beat the best value by more than `minDelta`. With
 * `restoreBestWeights`, it snapshots the model at each new best and loads that
 * snapshot back when it stops.
 *
 * ```ts
 * const stopper = new EarlyStopping({ patience: 3, restoreBestWeights: true });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(); if (stopper.step(validate(), model)) break;
 * }
 * ```
 */
export class EarlyStopping {
  /** The metric's name. */
  readonly monitor: string;
  /** Whether lower or higher is better. */
  readonly mode: 'min' | 'max';
  /** Epochs without improvement to wait before stopping. */
  readonly patience: number;
  /** The margin an improvement must exceed (≥ 0). */
  readonly minDelta: number;
  /** Whether stopping loads the best epoch's weights back. */
  readonly restoreBestWeights: boolean;
  /** A value the metric must beat before patience resets. */
  readonly baseline: number | undefined;
  /** The best value so far (±Infinity before the first step). */
  best: number;
  /** The epoch (0-based step count) of the best value; -1 before the first step. */
  bestEpoch = -1;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which `step` returned true, or -1. */
  stoppedEpoch = -1;
  /** The epochs seen so far. */
  epoch = 0;
  /** A copy of the model's weights at the best epoch (with `restoreBestWeights`). */
  bestWeights: Record<string, NDArray> | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    const {
      monitor = 'val_loss',
      mode = 'min',
      patience = 0,
      minDelta = 0,
      restoreBestWeights = false,
      baseline,
    } = options;
    const fail = (key: string, value: unknown, expected: string) => {
      throw new Error(`EarlyStopping: invalid ${key} ${String(value)} (expected ${expected})`);
    };
    if (mode !== 'min' && mode !== 'max') fail('mode', mode, "'min' or 'max'");
    if (!Number.isInteger(patience) || patience < 0) fail('patience', patience, 'an integer ≥ 0');
    if (typeof minDelta !== 'number' || Number.isNaN(minDelta)) {
      fail('minDelta', minDelta, 'a number');
    }
    if (baseline !== undefined && typeof baseline !== 'number') {
      fail('baseline', baseline, 'a number');
    }
    this.monitor = monitor;
    this.mode = mode;
    this.patience = patience;
    this.minDelta = Math.abs(minDelta);
    this.restoreBestWeights = restoreBestWeights;
    this.baseline = baseline;
    this.best = mode === 'min' ? Infinity : -Infinity;
  }

  /**
   * Records one epoch's metric — a number, or a record of metrics holding
   * `monitor` — and returns whether to stop. `model` is needed with
   * `restoreBestWeights`.
   */
  step(value: number | Record<string, number>, model?: StatefulModel): boolean {
    const current = this.read(value);
    if (this.restoreBestWeights && !model) {
      throw new Error('EarlyStopping: restoreBestWeights needs the model: call step(value, model)');
    }
    const epoch = this.epoch++;
    this.wait++;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights && model) this.bestWeights = snapshot(model);
      if (this.baseline === undefined || this.isImprovement(current, this.baseline)) this.wait = 0;
      return false;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      if (this.restoreBestWeights && model && this.bestWeights) this.restore(model);
      return true;
    }
    return false;
  }

  /** Loads the best epoch's weights into `model` (a copy, so it can be restored again). */
  restore(model: StatefulModel): void {
    if (!this.bestWeights) {
      throw new Error(
        'EarlyStopping: no best weights saved yet (restoreBestWeights is off or no step ran)',
      );
    }
    const copy: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(this.bestWeights)) copy[k] = v.clone();
    model.loadStateDict(copy);
  }

  /** Forgets everything seen, to reuse the callback for another run. */
  reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = -1;
    this.wait = 0;
    this.stoppedEpoch = -1;
    this.epoch = 0;
    this.bestWeights = null;
  }

  private isImprovement(current: number, reference: number): boolean {
    return this.mode === 'min'
      ? current + this.minDelta < reference
      : current - this.minDelta > reference;
  }

  private read(value: number | Record<string, number>): number {
    if (typeof value === 'number') return value;
    if (typeof value === 'object' && value !== null) {
      const v = value[this.monitor];
      if (typeof v === 'number') return v;
      throw new Error(
        `EarlyStopping: metric '${this.monitor}' is not in the logs (got ${Object.keys(value).join(', ') || 'none'})`,
      );
    }
    throw new Error(
      `EarlyStopping: step expects a number or a record of metrics, got ${typeof value}`,
    );
  }
}

function snapshot(model: StatefulModel): Record<string, NDArray> {
  const out: Record<string, NDArray> = {};
  for (const [k, v] of Object.entries(model.stateDict())) out[k] = v.clone();
  return out;
}
