import type { View, Window2d } from '../backend.js';
import { dataOf } from '../cpu/strided.js';
import { StridedOperand } from './gemm.js';
import { type GemmEngine, type GemmOperands, roundUp, runGemm } from './gemm-driver.js';
import { MR, NR } from './tile.js';

/**
 * Convolutions as implicit-im2col products: the im2col matrix of the input
 * (one row per kernel tap, one column per sample and output position) is
 * never built; its blocks are packed straight from the image into the GEMM
 * kernels' panel layout, and the result is stored straight into NCHW.
 */

/** Ints per run in a run table: sample, output row, first and end output column, column index. */
const RUN = 5;

/**
 * The output columns [c0, c0 + count) of a batch (column = (sample, oy, ox)
 * in row-major order) as runs along one output row: [s, oy, ox0, ox1, j]
 * with j the index of the run's first column counted from c0.
 */
function runsOf(g: Window2d, c0: number, count: number): Int32Array {
  const P = g.outH * g.outW;
  const runs = new Int32Array(RUN * (Math.ceil(count / g.outW) + 2));
  let s = Math.floor(c0 / P);
  let oy = Math.floor((c0 - s * P) / g.outW);
  let ox = c0 - s * P - oy * g.outW;
  let j = 0;
  let r = 0;
  while (j < count) {
    const end = Math.min(g.outW, ox + (count - j));
    runs[r++] = s;
    runs[r++] = oy;
    runs[r++] = ox;
    runs[r++] = end;
    runs[r++] = j;
    j += end - ox;
    ox = 0;
    if (++oy === g.outH) {
      oy = 0;
      s++;
    }
  }
  return runs.subarray(0, r);
}

/** An NCHW image view: its host array, offset and strides. */
interface Image {
  data: Float32Array;
  offset: number;
  sN: number;
  sC: number;
  sH: number;
  sW: number;
}

function image(v: View): Image {
  const [sN, sC, sH, sW] = v.strides as [number, number, number, number];
  return { data: dataOf(v) as Float32Array, offset: v.offset, sN, sC, sH, sW };
}

/**
 * The input copied into a zero-padded contiguous [N, C, hp, wp] buffer large
 * enough for every window, so each im2col element is one load at
 * (column offset + tap offset) with no bounds checks.
 */
class PaddedImage {
  readonly data: Float32Array;
  private readonly hp: number;
  private readonly wp: number;

  constructor(
    x: View,
    private readonly g: Window2d,
  ) {
    const { n, c, h, w, padTop: pt, padLeft: pl } = g;
    this.hp = Math.max(h + pt, (g.outH - 1) * g.strideH + (g.kh - 1) * g.dilationH + 1);
    this.wp = Math.max(w + pl, (g.outW - 1) * g.strideW + (g.kw - 1) * g.dilationW + 1);
    const { hp, wp } = this;
    this.data = new Float32Array(n * c * hp * wp);
    const X = image(x);
    const D = this.data;
    for (let s = 0; s < n; s++)
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < h; y++) {
          let src = X.offset + s * X.sN + ch * X.sC + y * X.sH;
          const dst = ((s * c + ch) * hp + y + pt) * wp + pl;
          for (let i = dst; i < dst + w; i++, src += X.sW) D[i] = X.data[src]!;
        }
  }

  /** Offsets of the window origins of output columns [c0, c0 + count) (column = sample, oy, ox). */
  columnOffsets(c0: number, count: number): Int32Array {
    const { g, hp, wp } = this;
    const offs = new Int32Array(count);
    const runs = runsOf(g, c0, count);
    for (let r = 0; r < runs.length; r += RUN) {
      const row = (runs[r]! * g.c * hp + runs[r + 1]! * g.strideH) * wp;
      for (let ox = runs[r + 2]!, j = runs[r + 4]!; ox < runs[r + 3]!; ox++, j++)
        offs[j] = row + ox * g.strideW;
    }
    return offs;
  }

  /** Offsets of taps [k0, k0 + count) (tap = channel, ky, kx) from a window origin. */
  tapOffsets(k0: number, count: number): Int32Array {
    const { g, hp, wp } = this;
    const offs = new Int32Array(count);
    const taps = g.kh * g.kw;
    for (let i = 0; i < count; i++) {
      const k = k0 + i;
      const c = Math.floor(k / taps);
      const ky = Math.floor((k - c * taps) / g.kw);
      const kx = k - c * taps - ky * g.kw;
      offs[i] = (c * hp + ky * g.dilationH) * wp + kx * g.dilationW;
    }
    return offs;
  }
}

if (NR !== 8) throw new Error('conv-gemm: the panel gather is unrolled for NR = 8');

/**
 * Packs the matrix M[r, l] = P[rowOffs[r] + laneOffs[l]] (rows × lanes) into
 * NR-lane panels of rows×NR floats at `at`, zero-padding the last panel: the
 * im2col block in either orientation, gathered from a padded image.
 */
function panelGather(
  mem: Float32Array,
  at: number,
  P: Float32Array,
  rowOffs: Int32Array,
  laneOffs: Int32Array,
): void {
  const rows = rowOffs.length;
  const lanes = laneOffs.length;
  for (let q = 0; q < lanes; q += 8) {
    let d = at + q * rows;
    if (q + 8 <= lanes) {
      const l0 = laneOffs[q]!;
      const l1 = laneOffs[q + 1]!;
      const l2 = laneOffs[q + 2]!;
      const l3 = laneOffs[q + 3]!;
      const l4 = laneOffs[q + 4]!;
      const l5 = laneOffs[q + 5]!;
      const l6 = laneOffs[q + 6]!;
      const l7 = laneOffs[q + 7]!;
      for (let r = 0; r < rows; r++, d += 8) {
        const o = rowOffs[r]!;
        mem[d] = P[o + l0]!;
        mem[d + 1] = P[o + l1]!;
        mem[d + 2] = P[o + l2]!;
        mem[d + 3] = P[o + l3]!;
        mem[d + 4] = P[o + l4]!;
        mem[d + 5] = P[o + l5]!;
        mem[d + 6] = P[o + l6]!;
        mem[d + 7] = P[o + l7]!;
      }
    } else {
      for (let r = 0; r < rows; r++, d += 8) {
        const o = rowOffs[r]!;
        for (let j = 0; j < 8; j++) mem[d + j] = q + j < lanes ? P[o + laneOffs[q + j]!]! : 0;
      }
    }
  }
}

/**
 * out [N, outC, outH, outW] (contiguous) = conv of x [N, C, H, W] with
 * weight [outC, C·kh·kw] over `g`, plus bias [outC] when given.
 */
export function convForwardGemm(
  engine: GemmEngine,
  x: View,
  weight: View,
  bias: View | null,
  g: Window2d,
  out: View,
): void {
  const outC = weight.shape[0]!;
  const K = weight.shape[1]!;
  const P = g.outH * g.outW;
  const w = new StridedOperand(
    engine,
    dataOf(weight) as Float32Array,
    weight.offset,
    outC,
    K,
    weight.strides[0]!,
    weight.strides[1]!,
  );
  const img = new PaddedImage(x, g);
  const R = dataOf(out);
  const B = bias ? (dataOf(bias) as Float32Array) : null;
  const ops: GemmOperands = {
    m: outC,
    n: g.n * P,
    k: K,
    stageFloats: w.stageFloats,
    begin: (mem, stageAt) => w.begin(mem, stageAt),
    packA: (mem, at, k0, kc) => w.packA(mem, at, k0, kc),
    packB(mem, at, k0, kc, n0, nc) {
      panelGather(mem, at, img.data, img.tapOffsets(k0, kc), img.columnOffsets(n0, nc));
    },
    store(mem, cAt, ldc, n0, nc) {
      const runs = runsOf(g, n0, nc);
      for (let o = 0; o < outC; o++) {
        const row = cAt + o * ldc;
        const b = B ? B[bias!.offset + o * bias!.strides[0]!]! : 0;
        for (let r = 0; r < runs.length; r += RUN) {
          const dst = out.offset + runs[r]! * outC * P + o * P + runs[r + 1]! * g.outW;
          const j = row + runs[r + 4]! - runs[r + 2]!;
          for (let ox = runs[r + 2]!; ox < runs[r + 3]!; ox++) R[dst + ox] = mem[j + ox]! + b;
        }
      }
    },
  };
  runGemm(engine, ops);
}

/**
 * out [outC, C·kh·kw] (contiguous) = Σ over samples and positions of
 * gradOut [N, outC, outH, outW] times the im2col columns of x over `g`:
 * the weight gradient of a convolution, one product with K = N·outH·outW.
 */
export function convWeightGemm(
  engine: GemmEngine,
  x: View,
  gradOut: View,
  g: Window2d,
  out: View,
): void {
  const outC = gradOut.shape[1]!;
  const taps = g.c * g.kh * g.kw;
  const img = new PaddedImage(x, g);
  const go = image(gradOut);
  const R = dataOf(out);
  const ops: GemmOperands = {
    m: outC,
    n: taps,
    k: g.n * g.outH * g.outW,
    stageFloats: 0,
    begin() {},
    packA(mem, at, k0, kc) {
      // A[o, col] = gradOut[s, o, oy, ox]: row o of panel ⌊o/MR⌋, lane o mod MR.
      const runs = runsOf(g, k0, kc);
      const G = go.data;
      const rows = roundUp(outC, MR);
      for (let o = 0; o < rows; o++) {
        const base = at + Math.floor(o / MR) * kc * MR + (o % MR);
        if (o >= outC) {
          for (let j = 0; j < kc; j++) mem[base + j * MR] = 0;
          continue;
        }
        for (let r = 0; r < runs.length; r += RUN) {
          let src = go.offset + runs[r]! * go.sN + o * go.sC + runs[r + 1]! * go.sH;
          src += runs[r + 2]! * go.sW;
          let d = base + runs[r + 4]! * MR;
          for (let ox = runs[r + 2]!; ox < runs[r + 3]!; ox++, src += go.sW, d += MR)
            mem[d] = G[src]!;
        }
      }
    },
    packB(mem, at, k0, kc, n0, nc) {
      // B[col, tap] = im2col[tap, col]: the columns are the rows of the panels, the taps their lanes.
      panelGather(mem, at, img.data, img.columnOffsets(k0, kc), img.tapOffsets(n0, nc));
    },
    store(mem, cAt, ldc, n0, nc) {
      for (let o = 0; o < outC; o++) {
        const src = cAt + o * ldc;
        R.set(mem.subarray(src, src + nc), out.offset + o * taps + n0);
      }
    },
  };
  runGemm(engine, ops);
}
