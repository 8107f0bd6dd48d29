import type { View } from '../backend.js';
import {
  type AdamStepParams,
  adamStepConstants,
  type SgdStepParams,
  sgdStepConstants,
} from '../optimizer-steps.js';
import { sizeOf } from '../shape.js';
import { dataOf } from './strided.js';

type Floats = Float32Array | Float64Array;

/**
 * Adam in one pass over host memory, each value computed in double precision
 * and rounded once to the arrays' precision (the moments are read back as
 * stored, as the composed ops read them).
 */
export function adamStep(
  p: View,
  g: View,
  m: View,
  v: View,
  vMax: View | null,
  h: AdamStepParams,
): boolean {
  const P = dataOf(p) as Floats;
  const G = dataOf(g) as Floats;
  const M = dataOf(m) as Floats;
  const V = dataOf(v) as Floats;
  const n = sizeOf(p.shape);
  const { beta1, beta2 } = h;
  const { c1, c2, s, e } = adamStepConstants(h);
  const [po, go, mo, vo] = [p.offset, g.offset, m.offset, v.offset];
  if (!vMax && P instanceof Float32Array) {
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
    return true;
  }
  const X = vMax ? (dataOf(vMax) as Floats) : null;
  const xo = vMax?.offset ?? 0;
  for (let i = 0; i < n; i++) {
    const gi = G[go + i]!;
    M[mo + i] = beta1 * M[mo + i]! + c1 * gi;
    V[vo + i] = beta2 * V[vo + i]! + c2 * gi * gi;
    let second = V[vo + i]!;
    if (X) second = X[xo + i] = Math.max(X[xo + i]!, second);
    P[po + i] = P[po + i]! - (s * M[mo + i]!) / (Math.sqrt(second) + e);
  }
  return true;
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

/** SGD (every variant) in one pass over host memory. */
export function sgdStep(p: View, g: View, buf: View | null, h: SgdStepParams): boolean {
  const P = dataOf(p) as Floats;
  const G = dataOf(g) as Floats;
  const [po, go] = [p.offset, g.offset];
  const n = sizeOf(p.shape);
  const { sign, keep, add } = sgdStepConstants(h);
  const { lr, momentum, weightDecay: wd, nesterov } = h;
  if (!buf) {
    if (wd === 0 && P instanceof Float32Array && G instanceof Float32Array)
      sgdFloat32(P, po, G, go, n, -lr * sign);
    else
      for (let i = 0; i < n; i++)
        P[po + i] = P[po + i]! - lr * (sign * G[go + i]! + wd * P[po + i]!);
    return true;
  }
  const M = dataOf(buf) as Floats;
  const mo = buf.offset;
  for (let i = 0; i < n; i++) {
    const di = sign * G[go + i]! + wd * P[po + i]!;
    M[mo + i] = keep * M[mo + i]! + add * di;
    P[po + i] = P[po + i]! - lr * (nesterov ? di + momentum * M[mo + i]! : M[mo + i]!);
  }
  return true;
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
