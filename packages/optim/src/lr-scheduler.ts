import type { Optimizer } from './optimizer.js';

/** What a scheduler's {@link LRScheduler.stateDict} holds: its counters and hyperparameters. */
export type SchedulerStateDict = Record<string, number | number[] | string>;

/**
 * The base of the epoch-driven schedulers (`torch.optim.lr_scheduler._LRScheduler`).
 * Construction records each group's starting lr (`baseLrs`) and takes the
 * initial step (epoch 0, lrs unchanged); every `step()` then advances
 * `lastEpoch` and writes the lrs from {@link LRScheduler.getLr} into the
 * optimiser's groups. Call it once per epoch, after `optimizer.step()`.
 */
export abstract class LRScheduler {
  /** The optimiser whose groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer;
  /** Each group's lr when the scheduler was created. */
  baseLrs: number[];
  /** The number of `step()` calls so far (0 right after construction). */
  lastEpoch = -1;
  /** How many times `step()` has run, the constructor's initial step included. */
  protected stepCount = 0;
  private lastLr: number[] = [];

  constructor(optimizer: Optimizer) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) {
      throw new Error(`${new.target.name}: expected an Optimizer, got ${String(optimizer)}`);
    }
    this.optimizer = optimizer;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's name, used in error messages. */
  protected abstract get name(): string;

  /** The lrs for epoch `lastEpoch`, from the groups' current lrs (PyTorch's recursive form). */
  protected abstract getLr(): number[];

  /** Subclasses call this at the end of their constructor: the initial step to epoch 0. */
  protected init(): void {
    this.step();
  }

  /** Advances one epoch and sets each group's lr. */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    const lrs = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs the last `step()` set, one per parameter group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state (everything but the optimiser), to resume with {@link loadStateDict}. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer') continue;
      out[k] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }

  /** Restores a state saved by {@link stateDict}. */
  loadStateDict(state: SchedulerStateDict): void {
    if (typeof state !== 'object' || state === null) {
      throw new Error(`${this.name}: loadStateDict expects the object stateDict() returned`);
    }
    for (const [k, v] of Object.entries(state)) {
      if (k === 'optimizer') continue;
      (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
  }
}
