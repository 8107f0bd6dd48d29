import { type NDArray, zerosLike } from '@gradlab/tensor';
import { hostFloats } from './host-floats.js';
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
   * The same update in one pass over host memory, without the temporaries the
   * composed ops allocate each step (each a fresh parameter-sized array, which
   * costs page faults until the garbage collector frees the last ones). False
   * when an array has no contiguous host memory (a GPU's, a strided view).
   */
  private fusedUpdate(
    param: NDArray,
    grad: NDArray,
    state: ParamState,
    g: ParamGroup<SGDOptions>,
  ): boolean {
    const p = hostFloats(param);
    const d = hostFloats(grad);
    if (!p || !d) return false;
    const stored = state.momentumBuffer;
    const first = stored === undefined || typeof stored === 'number';
    let m = null;
    if (g.momentum !== 0) {
      // A new buffer is host memory like the parameter it copies the shape of.
      const buf = first ? zerosLike(param) : stored;
      m = hostFloats(buf);
      if (!m) return false;
      state.momentumBuffer = buf;
    }
    const sign = g.maximize ? -1 : 1;
    const { lr, momentum, dampening, weightDecay: wd, nesterov } = g;
    const P = p.data;
    const G = d.data;
    const [po, go] = [p.offset, d.offset];
    const n = param.size;
    if (!m) {
      if (wd === 0 && P instanceof Float32Array && G instanceof Float32Array)
        sgdFloat32(P, po, G, go, n, -lr * sign);
      else
        for (let i = 0; i < n; i++)
          P[po + i] = P[po + i]! - lr * (sign * G[go + i]! + wd * P[po + i]!);
      return true;
    }
    const M = m.data;
    const mo = m.offset;
    // As the composed ops: the buffer starts as the first gradient, then momentum·buf + (1 − dampening)·d.
    const keep = first ? 0 : momentum;
    const add = first ? 1 : 1 - dampening;
    for (let i = 0; i < n; i++) {
      const di = sign * G[go + i]! + wd * P[po + i]!;
      M[mo + i] = keep * M[mo + i]! + add * di;
      P[po + i] = P[po + i]! - lr * (nesterov ? di + momentum * M[mo + i]! : M[mo + i]!);
    }
    return true;
  }
}

/** p += scale · g on float32 data (plain SGD's step), in a loop that only ever sees Float32Arrays. */
function sgdFloat32(
  P: Float32Array,
  po: number,
  G: Float32Array,
  go: number,
  n: number,
  scale: number,
): void {
  for (let i = 0; i < n; i++) P[po + i] = P[po + i]! + scale * G[go + i]!;
}
