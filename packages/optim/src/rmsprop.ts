import { type NDArray, zerosLike } from '@gradlab/tensor';
import { Optimizer, type ParamGroup, type ParamState, type Params } from './optimizer.js';

/** Hyperparameters of {@link RMSprop}. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalise by the estimated variance of the gradient instead of its raw second moment (default false). */
  centered: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * RMSprop, `torch.optim.RMSprop`'s algorithm: `v ← α·v + (1 − α)·g²`;
 * centered: `ḡ ← α·ḡ + (1 − α)·g` and the denominator is `√(v − ḡ²) + ε`,
 * otherwise `√v + ε`; with momentum `b ← μ·b + g/denom`, `p ← p − lr·b`,
 * without `p ← p − lr·g/denom`.
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  protected override get name(): string {
    return 'RMSprop';
  }

  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: ParamGroup<RMSpropOptions>): void {
    this.check(g.lr >= 0, 'lr', g.lr, 'lr ≥ 0');
    this.check(g.eps >= 0, 'eps', g.eps, 'eps ≥ 0');
    this.check(g.momentum >= 0, 'momentum', g.momentum, 'momentum ≥ 0');
    this.check(g.weightDecay >= 0, 'weightDecay', g.weightDecay, 'weightDecay ≥ 0');
    this.check(g.alpha >= 0, 'alpha', g.alpha, 'alpha ≥ 0');
  }

  protected initState(param: NDArray, g: ParamGroup<RMSpropOptions>): ParamState {
    const state: ParamState = { step: 0, squareAvg: zerosLike(param) };
    if (g.momentum > 0) state.momentumBuffer = zerosLike(param);
    if (g.centered) state.gradAvg = zerosLike(param);
    return state;
  }

  protected update(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<RMSpropOptions>,
  ): void {
    state.step = (state.step as number) + 1;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(param.mul(g.weightDecay));
    const squareAvg = this.array(state, 'squareAvg');
    squareAvg.mul_(g.alpha).add_(d.mul(1 - g.alpha).mul(d));
    let avg: NDArray;
    if (g.centered) {
      const gradAvg = this.array(state, 'gradAvg');
      gradAvg.mul_(g.alpha).add_(d.mul(1 - g.alpha));
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else {
      avg = squareAvg.sqrt();
    }
    avg.add_(g.eps);
    if (g.momentum > 0) {
      const buf = this.array(state, 'momentumBuffer');
      buf.mul_(g.momentum).add_(d.div(avg));
      param.add_(buf.mul(-g.lr));
    } else {
      param.add_(d.mul(-g.lr).div(avg));
    }
  }
}
