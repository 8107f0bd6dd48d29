import { fusedSgdStep, type NDArray, zerosLike } from '@gradlab/tensor';
import { Optimizer, type ParamGroup, type ParamState, type Params } from './optimizer.js';

/** Hyperparameters of {@link SGD}; `lr` has no default (set it here or in every group). */
export interface SGDOptions {
  lr: number;
  /** Momentum factor (default 0: plain SGD). */
  momentum: number;
  /** Dampening for momentum (default 0), applied from the second step on. */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false); needs momentum > 0 and dampening 0. */
  nesterov: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * Stochastic gradient descent, optionally with momentum, dampening, Nesterov
 * momentum and weight decay — `torch.optim.SGD`'s algorithm:
 * `g ← g + wd·p`; `b ← g` on the first step, then `b ← μ·b + (1 − τ)·g`;
 * `g ← g + μ·b` (Nesterov) or `g ← b`; `p ← p − lr·g`.
 *
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  protected override get name(): string {
    return 'SGD';
  }

  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, {
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: ParamGroup<SGDOptions>): void {
    this.check(g.lr >= 0, 'lr', g.lr, 'lr ≥ 0');
    this.check(g.momentum >= 0, 'momentum', g.momentum, 'momentum ≥ 0');
    this.check(g.dampening >= 0, 'dampening', g.dampening, 'dampening ≥ 0');
    this.check(g.weightDecay >= 0, 'weightDecay', g.weightDecay, 'weightDecay ≥ 0');
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new Error(
        `SGD: nesterov momentum requires momentum > 0 and dampening 0 (got momentum ${g.momentum}, dampening ${g.dampening})`,
      );
    }
  }

  protected initState(): ParamState {
    return {};
  }

  protected update(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<SGDOptions>,
  ): void {
    if (this.fusedUpdate(param, grad, state, g)) return;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(param.mul(g.weightDecay));
    if (g.momentum !== 0) {
      let buf = state.momentumBuffer;
      if (buf === undefined || typeof buf === 'number') {
        buf = d.clone();
        state.momentumBuffer = buf;
      } else {
        buf.mul_(g.momentum).add_(d.mul(1 - g.dampening));
      }
      d = g.nesterov ? d.add(buf.mul(g.momentum)) : buf;
    }
    param.add_(d.mul(-g.lr));
  }

  /**
   * The same update in one pass by the backend's fused kernel, without the
   * temporaries the composed ops allocate each step (each a fresh
   * parameter-sized array, which costs page faults until the garbage collector
   * frees the last ones). False when the backend or the arrays cannot take it
   * (a GPU's arrays, a strided view).
   */
  private fusedUpdate(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<SGDOptions>,
  ): boolean {
    if (!param.backend.sgdStep) return false;
    const stored = state.momentumBuffer;
    const firstStep = stored === undefined || typeof stored === 'number';
    // A new buffer lives where the parameter does; it is kept once the fused step has run.
    const buf = g.momentum === 0 ? null : firstStep ? zerosLike(param) : stored;
    const done = fusedSgdStep(param, grad, buf, {
      lr: g.lr,
      momentum: g.momentum,
      dampening: g.dampening,
      weightDecay: g.weightDecay,
      nesterov: g.nesterov,
      maximize: g.maximize,
      firstStep,
    });
    if (done && buf) state.momentumBuffer = buf;
    return done;
  }
}
