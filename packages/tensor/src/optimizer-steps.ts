import type { View } from './backend.js';
import type { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';

/**
 * The constants of one Adam step (`torch.optim.Adam`'s update with the bias
 * corrections folded in): `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²`
 * (AMSGrad: `v̂ ← max(v̂, v)`, used in place of v), then
 * `p ← p − stepSize · m / (√v / biasCorrection2Sqrt + eps)`.
 */
export interface AdamStepParams {
  beta1: number;
  beta2: number;
  /** lr / (1 − β₁ᵗ). */
  stepSize: number;
  /** √(1 − β₂ᵗ). */
  biasCorrection2Sqrt: number;
  eps: number;
}

/**
 * The constants of one SGD step (`torch.optim.SGD`'s update):
 * `d = ±g + weightDecay·p`; with momentum `buf ← momentum·buf + (1 − dampening)·d`
 * (on the first step `buf ← d`) and `d = nesterov ? d + momentum·buf : buf`;
 * then `p ← p − lr·d`.
 */
export interface SgdStepParams {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  /** Ascend: the gradient enters with its sign flipped. */
  maximize: boolean;
  /** The momentum buffer holds no history yet: it becomes d. */
  firstStep: boolean;
}

/**
 * What every Adam kernel computes with: the moment weights, and the step
 * folded so it takes one division per value —
 * stepSize·m / (√v / √bc₂ + eps) = s·m / (√v + e) with s = stepSize·√bc₂, e = eps·√bc₂.
 */
export function adamStepConstants(h: AdamStepParams): {
  c1: number;
  c2: number;
  s: number;
  e: number;
} {
  return {
    c1: 1 - h.beta1,
    c2: 1 - h.beta2,
    s: h.stepSize * h.biasCorrection2Sqrt,
    e: h.eps * h.biasCorrection2Sqrt,
  };
}

/**
 * What every SGD kernel computes with: the gradient's sign, and the momentum
 * update buf ← keep·buf + add·d (the first step makes buf = d, as the composed
 * ops clone the first gradient).
 */
export function sgdStepConstants(h: SgdStepParams): { sign: number; keep: number; add: number } {
  return {
    sign: h.maximize ? -1 : 1,
    keep: h.firstStep ? 0 : h.momentum,
    add: h.firstStep ? 1 : 1 - h.dampening,
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The arrays (nulls skipped) as views when one fused kernel can take them all, else null. */
function viewsOf(op: string, arrays: (NDArray | null)[]): View[] | null {
  const first = arrays[0]!;
  if (first.dtype !== 'float32' && first.dtype !== 'float64') return null;
  const views: View[] = [];
  for (const a of arrays) {
    if (!a) continue;
    if (!sameShape(a.shape, first.shape))
      throw new Error(
        `${op}: every array must have the parameter's shape ${shapeStr(first.shape)}, got ${shapeStr(a.shape)}`,
      );
    if (a.backend !== first.backend || a.dtype !== first.dtype || !a.isContiguous()) return null;
    views.push(a);
  }
  return views;
}

/**
 * One fused, in-place Adam step over a parameter and its state: the moments
 * and the parameter are updated in one pass, with no temporaries, by the
 * backend's own kernel (a SIMD loop on `wasm`, a plain loop on `cpu`).
 * Returns false — and changes nothing — when the backend has no such kernel
 * or the arrays do not suit it (different backends or dtypes, a strided view,
 * an integer dtype); the caller then composes the step from tensor ops.
 */
export function fusedAdamStep(
  param: NDArray,
  grad: NDArray,
  expAvg: NDArray,
  expAvgSq: NDArray,
  maxExpAvgSq: NDArray | null,
  h: AdamStepParams,
): boolean {
  const views = viewsOf('fusedAdamStep', [param, grad, expAvg, expAvgSq, maxExpAvgSq]);
  const backend = param.backend;
  if (!views || !backend.adamStep) return false;
  const [p, g, m, v, vMax] = views as [View, View, View, View, View?];
  return backend.adamStep(p, g, m, v, vMax ?? null, h);
}

/**
 * One fused, in-place SGD step over a parameter (and its momentum buffer, when
 * momentum ≠ 0), like {@link fusedAdamStep}: false when the backend or the
 * arrays cannot take it, and nothing changed.
 */
export function fusedSgdStep(
  param: NDArray,
  grad: NDArray,
  momentumBuffer: NDArray | null,
  h: SgdStepParams,
): boolean {
  if ((h.momentum !== 0) !== (momentumBuffer !== null))
    throw new Error('fusedSgdStep: a momentum buffer is needed exactly when momentum ≠ 0');
  const views = viewsOf('fusedSgdStep', [param, grad, momentumBuffer]);
  const backend = param.backend;
  if (!views || !backend.sgdStep) return false;
  const [p, g, buf] = views as [View, View, View?];
  return backend.sgdStep(p, g, buf ?? null, h);
}
