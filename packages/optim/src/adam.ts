import { maximum, type NDArray, zerosLike } from '@gradlab/tensor';
import { type HostFloats, hostFloats } from './host-floats.js';
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
    const host = [param, grad, expAvg, expAvgSq, ...(maxSq ? [maxSq] : [])].map(hostFloats);
    if (host.every((h): h is HostFloats => h !== null)) {
      fusedAdam(host, param.size, beta1, beta2, stepSize, biasCorrection2Sqrt, g.eps);
      return;
    }
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

/**
 * The same update as the composed ops, in one pass over host memory (each
 * value computed in double precision and rounded once): arrays are
 * [param, grad, expAvg, expAvgSq, maxExpAvgSq?].
 */
function fusedAdam(
  arrays: HostFloats[],
  n: number,
  beta1: number,
  beta2: number,
  stepSize: number,
  biasCorrection2Sqrt: number,
  eps: number,
): void {
  const [p, d, m, v, mx] = arrays as [HostFloats, HostFloats, HostFloats, HostFloats, HostFloats?];
  const P = p.data;
  const G = d.data;
  const M = m.data;
  const V = v.data;
  const [po, go, mo, vo] = [p.offset, d.offset, m.offset, v.offset];
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  // stepSize·m / (√v / √bc2 + eps) = (stepSize·√bc2)·m / (√v + eps·√bc2): one division, not two.
  const s = stepSize * biasCorrection2Sqrt;
  const e = eps * biasCorrection2Sqrt;
  if (!mx && P instanceof Float32Array) {
    adamFloat32(
      P,
      G as Float32Array,
      M as Float32Array,
      V as Float32Array,
      po,
      go,
      mo,
      vo,
      n,
      beta1,
      c1,
      beta2,
      c2,
      s,
      e,
    );
    return;
  }
  // The moments are read back as stored (rounded to the arrays' precision), as the composed ops read them.
  const X = mx?.data;
  const xo = mx?.offset ?? 0;
  for (let i = 0; i < n; i++) {
    const gi = G[go + i]!;
    M[mo + i] = beta1 * M[mo + i]! + c1 * gi;
    V[vo + i] = beta2 * V[vo + i]! + c2 * gi * gi;
    let second = V[vo + i]!;
    if (X) second = X[xo + i] = Math.max(X[xo + i]!, second);
    P[po + i] = P[po + i]! - (s * M[mo + i]!) / (Math.sqrt(second) + e);
  }
}

/**
 * The float32 loop on its own (a loop that has also seen Float64Arrays runs
 * several times slower): moments rounded with Math.fround exactly as storing
 * them would, and used without reading them back.
 */
function adamFloat32(
  P: Float32Array,
  G: Float32Array,
  M: Float32Array,
  V: Float32Array,
  po: number,
  go: number,
  mo: number,
  vo: number,
  n: number,
  beta1: number,
  c1: number,
  beta2: number,
  c2: number,
  s: number,
  e: number,
): void {
  for (let i = 0; i < n; i++) {
    const gi = G[go + i]!;
    const mi = Math.fround(beta1 * M[mo + i]! + c1 * gi);
    const vi = Math.fround(beta2 * V[vo + i]! + c2 * gi * gi);
    M[mo + i] = mi;
    V[vo + i] = vi;
    P[po + i] = P[po + i]! - (s * mi) / (Math.sqrt(vi) + e);
  }
}
