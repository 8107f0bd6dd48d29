import { fusedAdamStep, maximum, type NDArray, zerosLike } from '@gradlab/tensor';
import { Optimizer, type ParamGroup, type ParamState, type Params } from './optimizer.js';

/** Hyperparameters of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0); AdamW: decoupled decay (default 1e-2). */
  weightDecay: number;
  /** Use the maximum of all second-moment estimates so far (AMSGrad; default false). */
  amsgrad: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * Adam, `torch.optim.Adam`'s algorithm: `g ← g + wd·p`;
 * `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²` (AMSGrad: `v̂ ← max(v̂, v)`);
 * `p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)`.
 *
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  protected override get name(): string {
    return 'Adam';
  }

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: ParamGroup<AdamOptions>): void {
    this.check(g.lr >= 0, 'lr', g.lr, 'lr ≥ 0');
    this.check(g.eps >= 0, 'eps', g.eps, 'eps ≥ 0');
    const betas = g.betas as unknown;
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new Error(
        `${this.name}: invalid betas ${JSON.stringify(betas)} (expected [beta1, beta2])`,
      );
    }
    const [beta1, beta2] = g.betas;
    this.check(beta1 >= 0 && beta1 < 1, 'beta1', beta1, '0 ≤ beta1 < 1');
    this.check(beta2 >= 0 && beta2 < 1, 'beta2', beta2, '0 ≤ beta2 < 1');
    this.check(g.weightDecay >= 0, 'weightDecay', g.weightDecay, 'weightDecay ≥ 0');
  }

  protected initState(param: NDArray, g: ParamGroup<AdamOptions>): ParamState {
    const state: ParamState = { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
    if (g.amsgrad) state.maxExpAvgSq = zerosLike(param);
    return state;
  }

  protected update(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<AdamOptions>,
  ): void {
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(param.mul(g.weightDecay));
    this.adamStep(param, d, state, g);
  }

  /** The moment updates and the parameter step, shared with AdamW (no weight decay here). */
  protected adamStep(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<AdamOptions>,
  ): void {
    const [beta1, beta2] = g.betas;
    const step = (state.step as number) + 1;
    state.step = step;
    const expAvg = this.array(state, 'expAvg');
    const expAvgSq = this.array(state, 'expAvgSq');
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const stepSize = g.lr / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    const maxSq = g.amsgrad ? this.array(state, 'maxExpAvgSq') : null;
    // One fused pass where the backend has it (host backends); the composed ops otherwise.
    if (
      fusedAdamStep(param, grad, expAvg, expAvgSq, maxSq, {
        beta1,
        beta2,
        stepSize,
        biasCorrection2Sqrt,
        eps: g.eps,
      })
    )
      return;
    expAvg.mul_(beta1).add_(grad.mul(1 - beta1));
    expAvgSq.mul_(beta2).add_(grad.mul(1 - beta2).mul(grad));
    let second = expAvgSq;
    if (maxSq) {
      maxSq.copy_(maximum(maxSq, expAvgSq));
      second = maxSq;
    }
    const denom = second.sqrt().div(biasCorrection2Sqrt).add_(g.eps);
    param.add_(expAvg.mul(-stepSize).div(denom));
  }
}
