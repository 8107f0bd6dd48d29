import type { BatchNormBackwardLoops, BatchNormForwardLoops } from './backend.js';
import { dataOf, hostFloatData } from './cpu/strided.js';
import type { TypedArray } from './dtype.js';
import { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';

/** What training-mode batch normalisation computes: the output and the batch statistics per channel. */
export interface BatchNormResult {
  /** (x − mean) / √(var + eps) · weight + bias, shaped like x. */
  out: NDArray;
  /** Per-channel batch mean [C]. */
  mean: NDArray;
  /** Per-channel biased batch variance [C]. */
  variance: NDArray;
  /** Per-channel 1 / √(var + eps) [C]. */
  invstd: NDArray;
}

/** The gradients of {@link batchNormTrain}'s output with respect to x, weight and bias. */
export interface BatchNormGrads {
  gradInput: NDArray;
  gradWeight: NDArray;
  gradBias: NDArray;
}

function check(op: string, x: NDArray, weight: NDArray | null, bias: NDArray | null): number {
  if (x.ndim < 2)
    throw new Error(`${op}: expected input with at least 2 dims, got ${shapeStr(x.shape)}`);
  const c = x.shape[1]!;
  for (const [name, p] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (p && (p.ndim !== 1 || p.shape[0] !== c))
      throw new Error(`${op}: ${name} must have shape [${c}], got ${shapeStr(p.shape)}`);
  }
  return c;
}

/** x as [N, C, S] with S the product of the dims after the channel dim. */
function dims3(x: NDArray): [number, number, number] {
  const s = x.shape.slice(2).reduce((p, d) => p * d, 1);
  return [x.shape[0]!, x.shape[1]!, s];
}

/**
 * Training-mode batch normalisation over every dim but dim 1 (the channels),
 * with the biased batch variance, as PyTorch normalises. On host backends it
 * runs as two passes over the data, one for both moments (accumulated in
 * double precision about a shift) and one for the output; elsewhere it is
 * composed from the tensor ops.
 */
export function batchNormTrain(
  x: NDArray,
  weight: NDArray | null,
  bias: NDArray | null,
  eps: number,
): BatchNormResult {
  const C = check('batchNorm', x, weight, bias);
  const [N, , S] = dims3(x);
  const host = hostFloatData(x);
  if (!host) {
    const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const bshape = x.shape.map((s, i) => (i === 1 ? s : 1));
    const mean = x.mean(dims, true);
    const centered = x.sub(mean);
    const variance = centered.square().mean(dims, true);
    const invstd = variance.add(eps).rsqrt();
    let out = centered.mul(invstd);
    if (weight) out = out.mul(weight.reshape(bshape));
    if (bias) out = out.add(bias.reshape(bshape));
    return {
      out,
      mean: mean.reshape([C]),
      variance: variance.reshape([C]),
      invstd: invstd.reshape([C]),
    };
  }
  const { data: X, offset: xo } = host;
  const W = weight?.dataSync();
  const B = bias?.dataSync();
  const count = N * S;
  const out = NDArray.empty([...x.shape], x.dtype, x.backend);
  const loops =
    (x.isContiguous() && x.backend.batchNormForwardLoops?.(x, out, [N, C, S])) ||
    referenceForwardLoops(X, xo, dataOf(out), [N, C, S]);
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  const invstd = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    // Both moments in one pass, in double precision, of x − x₀ with x₀ a value of the channel:
    // shifting by a typical value keeps Σ(x − x₀)² − (Σ(x − x₀))²/M free of cancellation.
    // (An infinite first value would turn every difference into ±∞/NaN: shift by 0 then, so an
    // infinite channel keeps an infinite mean, as with plain sums.)
    const first = X[xo + c * S];
    const x0 = first !== undefined && Number.isFinite(first) ? first : 0;
    const [s, q] = loops.moments(c, x0);
    const d = s / count;
    const m = x0 + d;
    const v = Math.max(0, q / count - d * d);
    const r = 1 / Math.sqrt(v + eps);
    mean[c] = m;
    variance[c] = v;
    invstd[c] = r;
    const scale = r * (W ? W[c]! : 1);
    loops.normalize(c, scale, (B ? B[c]! : 0) - m * scale);
  }
  loops.finish();
  const stat = (a: Float64Array) => NDArray.fromTypedArray(a, [C]).to(x.dtype).to(x.backend);
  return { out, mean: stat(mean), variance: stat(variance), invstd: stat(invstd) };
}

/**
 * Gradients of {@link batchNormTrain} given the output gradient `grad`:
 * dx = weight·invstd/M · (M·dy − Σdy − x̂·Σ(dy·x̂)), dweight = Σ dy·x̂,
 * dbias = Σ dy, with x̂ = (x − mean)·invstd and M the values per channel.
 */
export function batchNormBackward(
  grad: NDArray,
  x: NDArray,
  mean: NDArray,
  invstd: NDArray,
  weight: NDArray | null,
): BatchNormGrads {
  const C = check('batchNormBackward', x, weight, null);
  if (grad.shape.join() !== x.shape.join())
    throw new Error(
      `batchNormBackward: grad ${shapeStr(grad.shape)} must match input ${shapeStr(x.shape)}`,
    );
  const [N, , S] = dims3(x);
  const count = N * S;
  const hx = hostFloatData(x);
  const g = grad.to(x.dtype);
  const hg = hx ? hostFloatData(g) : null;
  if (!hx || !hg) {
    const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const bshape = x.shape.map((s, i) => (i === 1 ? s : 1));
    const r = invstd.reshape(bshape);
    const xhat = x.sub(mean.reshape(bshape)).mul(r);
    const sumDy = grad.sum(dims, true);
    const sumDyXhat = grad.mul(xhat).sum(dims, true);
    const scale = weight ? r.mul(weight.reshape(bshape)) : r;
    const gradInput = grad
      .sub(sumDy.div(count))
      .sub(xhat.mul(sumDyXhat.div(count)))
      .mul(scale);
    return { gradInput, gradWeight: sumDyXhat.reshape([C]), gradBias: sumDy.reshape([C]) };
  }
  const { data: X, offset: xo } = hx;
  const { data: G, offset: go } = hg;
  const M = mean.dataSync();
  const R = invstd.dataSync();
  const W = weight?.dataSync();
  const gradInput = NDArray.empty([...x.shape], x.dtype, x.backend);
  const loops =
    (x.isContiguous() &&
      g.isContiguous() &&
      x.backend.batchNormBackwardLoops?.(g, x, gradInput, [N, C, S])) ||
    referenceBackwardLoops(G, go, X, xo, dataOf(gradInput), [N, C, S]);
  const gw = new Float64Array(C);
  const gb = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const m = M[c]!;
    const r = R[c]!;
    const [sumDy, sumDyXc] = loops.sums(c, m);
    gw[c] = sumDyXc * r;
    gb[c] = sumDy;
    // dx = k·(dy − Σdy/M − (x − mean)·r²·Σ(dy·(x − mean))/M), k = weight·r
    const a = (r * r * sumDyXc) / count;
    loops.gradInput(c, r * (W ? W[c]! : 1), a, sumDy / count - m * a);
  }
  loops.finish();
  const vec = (v: Float64Array) => NDArray.fromTypedArray(v, [C]).to(x.dtype).to(x.backend);
  return { gradInput, gradWeight: vec(gw), gradBias: vec(gb) };
}

type Shape3 = [number, number, number];

/** The reference loops of {@link batchNormTrain}: plain loops over the host arrays. */
function referenceForwardLoops(
  X: Float32Array | Float64Array,
  xo: number,
  Y: TypedArray,
  [N, C, S]: Shape3,
): BatchNormForwardLoops {
  return {
    moments(c, x0) {
      let s0 = 0;
      let s1 = 0;
      let q0 = 0;
      let q1 = 0;
      for (let n = 0; n < N; n++) {
        const at = xo + (n * C + c) * S;
        const end = at + S;
        let i = at;
        for (; i + 1 < end; i += 2) {
          const a = X[i]! - x0;
          const b = X[i + 1]! - x0;
          s0 += a;
          s1 += b;
          q0 += a * a;
          q1 += b * b;
        }
        if (i < end) {
          const a = X[i]! - x0;
          s0 += a;
          q0 += a * a;
        }
      }
      return [s0 + s1, q0 + q1];
    },
    normalize(c, scale, shift) {
      for (let n = 0; n < N; n++) {
        const at = (n * C + c) * S;
        for (let i = at; i < at + S; i++) Y[i] = X[xo + i]! * scale + shift;
      }
    },
    finish() {},
  };
}

/** The reference loops of {@link batchNormBackward}. */
function referenceBackwardLoops(
  G: Float32Array | Float64Array,
  go: number,
  X: Float32Array | Float64Array,
  xo: number,
  D: TypedArray,
  [N, C, S]: Shape3,
): BatchNormBackwardLoops {
  return {
    sums(c, m) {
      let sumDy = 0;
      let sumDyXc = 0;
      for (let n = 0; n < N; n++) {
        const at = (n * C + c) * S;
        for (let i = at; i < at + S; i++) {
          const dy = G[go + i]!;
          sumDy += dy;
          sumDyXc += dy * (X[xo + i]! - m);
        }
      }
      return [sumDy, sumDyXc];
    },
    gradInput(c, k, a, b) {
      for (let n = 0; n < N; n++) {
        const at = (n * C + c) * S;
        for (let i = at; i < at + S; i++) D[i] = k * (G[go + i]! - X[xo + i]! * a - b);
      }
    },
    finish() {},
  };
}
