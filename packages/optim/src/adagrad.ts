import { fullLike, type NDArray } from '@gradlab/tensor';
import { Optimizer, type ParamGroup, type ParamState, type Params } from './optimizer.js';

/** Hyperparameters of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay per step (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the squared-gradient sum (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * Adagrad, `torch.optim.Adagrad`'s algorithm: `g ← g + wd·p`;
 * `clr = lr / (1 + (t − 1)·lrDecay)`; `s ← s + g²`; `p ← p − clr·g / (√s + ε)`.
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  protected override get name(): string {
    return 'Adagrad';
  }

  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: ParamGroup<AdagradOptions>): void {
    this.check(g.lr >= 0, 'lr', g.lr, 'lr ≥ 0');
    this.check(g.lrDecay >= 0, 'lrDecay', g.lrDecay, 'lrDecay ≥ 0');
    this.check(g.weightDecay >= 0, 'weightDecay', g.weightDecay, 'weightDecay ≥ 0');
    this.check(
      g.initialAccumulatorValue >= 0,
      'initialAccumulatorValue',
      g.initialAccumulatorValue,
      'initialAccumulatorValue ≥ 0',
    );
    this.check(g.eps >= 0, 'eps', g.eps, 'eps ≥ 0');
  }

  protected initState(param: NDArray, g: ParamGroup<AdagradOptions>): ParamState {
    return { step: 0, sum: fullLike(param, g.initialAccumulatorValue) };
  }

  protected update(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<AdagradOptions>,
  ): void {
    const step = (state.step as number) + 1;
    state.step = step;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(param.mul(g.weightDecay));
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    const sum = this.array(state, 'sum');
    sum.add_(d.mul(d));
    const std = sum.sqrt().add_(g.eps);
    param.add_(d.mul(-clr).div(std));
  }
}
