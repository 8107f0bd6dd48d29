import { sigmoid } from './cpu/float32-loops.js';
import { dataOf, hostFloatData } from './cpu/strided.js';
import type { TypedArray } from './dtype.js';
import { concat } from './join.js';
import { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';

/**
 * The elementwise part of an LSTM step, fused: from the gate pre-activations
 * [B, 4H] (gate order i, f, g, o, as PyTorch) and the cell state c [B, H],
 *
 *     i, f, g, o = σ(i), σ(f), tanh(g), σ(o)
 *     c′ = f·c + i·g,   h′ = o·tanh(c′)
 *
 * in one pass, and its backward in one pass — instead of some fifteen tensor
 * ops (each a pass and an array) forward and twice that backward. Host
 * backends (`cpu`, `wasm`) run the loops (the forward's for float32: float64
 * composes the ops, which round as a double loop would); other backends
 * compose the same formulas from tensor ops. The float32 forward rounds exactly
 * where the composed ops do, so the two give the same h′ and c′; the backward
 * rounds once per value.
 */

/** The forward's results: h′ and c′ side by side, and what the backward needs. */
export interface LstmCellForward {
  /** [B, 2H]: h′ in columns 0..H−1, c′ in H..2H−1. */
  hc: NDArray;
  /** [B, 4H]: σ(i), σ(f), tanh(g), σ(o). */
  activations: NDArray;
  /** [B, H]: tanh(c′). */
  tanhC: NDArray;
}

/** The backward's results: the gradients of the gate pre-activations and of c. */
export interface LstmCellBackward {
  /** [B, 4H] */
  gradGates: NDArray;
  /** [B, H] */
  gradC: NDArray;
}

/** B and H of a valid (gates, c) pair, or an error that names the shapes. */
function cellShape(op: string, gates: NDArray, c: NDArray): [number, number] {
  const [b, h4] = gates.shape as [number, number];
  if (gates.ndim !== 2 || h4 % 4 !== 0 || c.shape.join() !== [b, h4 / 4].join())
    throw new Error(
      `${op}: gates must be [B, 4H] and c [B, H], got gates ${shapeStr(gates.shape)} and c ${shapeStr(c.shape)}`,
    );
  if (gates.dtype !== c.dtype)
    throw new Error(`${op}: gates (${gates.dtype}) and c (${c.dtype}) must have one dtype`);
  return [b, h4 / 4];
}

/** A host array's values and the offset its row-major elements start at. */
type Values = [TypedArray, number];

/**
 * The arrays' row-major values on a host backend, all of one float dtype (a
 * copy only for a strided one); null when the composed ops must run.
 */
function hostArrays(...xs: NDArray[]): Values[] | null {
  if (xs.some((x) => x.dtype !== xs[0]!.dtype)) return null;
  const found: Values[] = [];
  for (const x of xs) {
    const h = hostFloatData(x);
    if (!h) return null;
    found.push([h.data, h.offset]);
  }
  return found;
}

/** One LSTM step's elementwise part; see the file's comment. */
export function lstmCellForward(gates: NDArray, c: NDArray): LstmCellForward {
  const [B, H] = cellShape('lstmCellForward', gates, c);
  // float64 composes the ops: each already rounds to float64 as a loop would, so only
  // float32 (the loop rounds like the ops with Math.fround, in one pass) has a loop.
  const host = gates.dtype === 'float32' ? hostArrays(gates, c) : null;
  if (!host) return composedForward(gates, c, H);
  const [[G, go], [C, co]] = host as [Values, Values];
  const { dtype, backend } = gates;
  const hc = NDArray.empty([B, 2 * H], dtype, backend);
  const activations = NDArray.empty([B, 4 * H], dtype, backend);
  const tanhC = NDArray.empty([B, H], dtype, backend);
  const R = dataOf(hc);
  const A = dataOf(activations);
  const T = dataOf(tanhC);
  forwardFloat32(B, H, G, go, C, co, A, T, R);
  return { hc, activations, tanhC };
}

/**
 * The float32 forward: rounds as the composed ops store, each product and
 * the sum to float32 (Math.fround), so its bits are theirs.
 */
function forwardFloat32(
  B: number,
  H: number,
  G: TypedArray,
  go: number,
  C: TypedArray,
  co: number,
  A: TypedArray,
  T: TypedArray,
  R: TypedArray,
): void {
  const f = Math.fround;
  for (let b = 0; b < B; b++) {
    const g0 = go + b * 4 * H;
    const a0 = b * 4 * H;
    for (let j = 0; j < H; j++) {
      const si = f(sigmoid(G[g0 + j]!));
      const sf = f(sigmoid(G[g0 + H + j]!));
      const tg = f(Math.tanh(G[g0 + 2 * H + j]!));
      const so = f(sigmoid(G[g0 + 3 * H + j]!));
      const cn = f(f(sf * C[co + b * H + j]!) + f(si * tg));
      const tc = f(Math.tanh(cn));
      A[a0 + j] = si;
      A[a0 + H + j] = sf;
      A[a0 + 2 * H + j] = tg;
      A[a0 + 3 * H + j] = so;
      T[b * H + j] = tc;
      R[b * 2 * H + j] = so * tc;
      R[b * 2 * H + H + j] = cn;
    }
  }
}

/**
 * The gradients of {@link lstmCellForward}'s inputs given the gradient of hc
 * [B, 2H] (dh′ | dc′), its activations and tanhC, and the c it was given:
 *
 *     dc = dc′ + dh′·o·(1 − tanh²c′)       (the total gradient reaching c′)
 *     d(o) = dh′·tanh(c′)·o(1 − o)   d(i) = dc·g·i(1 − i)
 *     d(f) = dc·c·f(1 − f)           d(g) = dc·i·(1 − g²)       dc_prev = dc·f
 */
export function lstmCellBackward(
  gradHc: NDArray,
  activations: NDArray,
  tanhC: NDArray,
  c: NDArray,
): LstmCellBackward {
  const [B, H] = cellShape('lstmCellBackward', activations, c);
  if (gradHc.shape.join() !== [B, 2 * H].join() || tanhC.shape.join() !== [B, H].join())
    throw new Error(
      `lstmCellBackward: expected gradHc [${B}, ${2 * H}] and tanhC [${B}, ${H}], got ${shapeStr(gradHc.shape)} and ${shapeStr(tanhC.shape)}`,
    );
  const host = hostArrays(gradHc, activations, tanhC, c);
  if (!host) return composedBackward(gradHc, activations, tanhC, c, H);
  const [[D, d0], [A, a0], [T, t0], [C, c0]] = host as [Values, Values, Values, Values];
  const { dtype, backend } = activations;
  const gradGates = NDArray.empty([B, 4 * H], dtype, backend);
  const gradC = NDArray.empty([B, H], dtype, backend);
  const R = dataOf(gradGates);
  const RC = dataOf(gradC);
  for (let b = 0; b < B; b++) {
    const ab = a0 + b * 4 * H;
    const rb = b * 4 * H;
    for (let j = 0; j < H; j++) {
      const dh = D[d0 + b * 2 * H + j]!;
      const i = A[ab + j]!;
      const f = A[ab + H + j]!;
      const g = A[ab + 2 * H + j]!;
      const o = A[ab + 3 * H + j]!;
      const tc = T[t0 + b * H + j]!;
      const dc = D[d0 + b * 2 * H + H + j]! + dh * o * (1 - tc * tc);
      R[rb + j] = dc * g * i * (1 - i);
      R[rb + H + j] = dc * C[c0 + b * H + j]! * f * (1 - f);
      R[rb + 2 * H + j] = dc * i * (1 - g * g);
      R[rb + 3 * H + j] = dh * tc * o * (1 - o);
      RC[b * H + j] = dc * f;
    }
  }
  return { gradGates, gradC };
}

/** The four gate blocks [B, H] of a [B, 4H] array. */
const blocks = (x: NDArray, H: number) => [0, 1, 2, 3].map((k) => x.narrow(1, k * H, H));

function composedForward(gates: NDArray, c: NDArray, H: number): LstmCellForward {
  const [gi, gf, gg, go] = blocks(gates, H) as [NDArray, NDArray, NDArray, NDArray];
  const [i, f, g, o] = [gi.sigmoid(), gf.sigmoid(), gg.tanh(), go.sigmoid()];
  const cNext = f.mul(c).add(i.mul(g));
  const tanhC = cNext.tanh();
  return {
    hc: concat([o.mul(tanhC), cNext], 1),
    activations: concat([i, f, g, o], 1),
    tanhC,
  };
}

function composedBackward(
  gradHc: NDArray,
  activations: NDArray,
  tanhC: NDArray,
  c: NDArray,
  H: number,
): LstmCellBackward {
  const [i, f, g, o] = blocks(activations, H) as [NDArray, NDArray, NDArray, NDArray];
  const dh = gradHc.narrow(1, 0, H);
  const dc = gradHc.narrow(1, H, H).add(dh.mul(o).mul(tanhC.square().neg().add(1)));
  const sigmoidSlope = (s: NDArray) => s.mul(s.neg().add(1));
  return {
    gradGates: concat(
      [
        dc.mul(g).mul(sigmoidSlope(i)),
        dc.mul(c).mul(sigmoidSlope(f)),
        dc.mul(i).mul(g.square().neg().add(1)),
        dh.mul(tanhC).mul(sigmoidSlope(o)),
      ],
      1,
    ),
    gradC: dc.mul(f),
  };
}
