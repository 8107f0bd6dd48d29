import type { View, Window2d } from '../backend.js';
import { dataOf } from '../cpu/strided.js';
import { StridedOperand } from './gemm.js';
import { type GemmEngine, type GemmOperands, KC, roundUp, runGemm } from './gemm-driver.js';
import { GATHER, type Task } from './thread-pool.js';
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

/** Ints of the offset tables of one K block: at most KC rows and 1024 lanes (the N block). */
const BLOCK_TABLE_INTS = KC + 1024;

/**
 * The input copied into a zero-padded contiguous [N, C, hp, wp] buffer in
 * wasm memory, large enough for every window, so each im2col element is one
 * load at (column offset + tap offset) with no bounds checks; blocks of the
 * im2col matrix are gathered from it into the GEMM's panels by the wasm
 * gather kernel.
 */
class PaddedImage {
  readonly floats: number;
  private readonly hp: number;
  private readonly wp: number;
  private readonly tableInts: number;
  private at = 0;
  /** Next free int of the table area (the tables of every K block of one N block live side by side). */
  private tableCursor = 0;

  constructor(
    private readonly x: View,
    private readonly g: Window2d,
    /** The product's K: the number of K blocks sizes the table area. */
    k: number,
  ) {
    this.hp = Math.max(g.h + g.padTop, (g.outH - 1) * g.strideH + (g.kh - 1) * g.dilationH + 1);
    this.wp = Math.max(g.w + g.padLeft, (g.outW - 1) * g.strideW + (g.kw - 1) * g.dilationW + 1);
    this.tableInts = Math.ceil(k / KC) * BLOCK_TABLE_INTS;
    this.floats = g.n * g.c * this.hp * this.wp + this.tableInts;
  }

  /** Writes the padded image into wasm memory at float index `at` (its tables follow it). */
  stage(mem: Float32Array, at: number): void {
    const { n, c, h, w, padTop: pt, padLeft: pl } = this.g;
    const { hp, wp } = this;
    this.at = at;
    mem.fill(0, at, at + n * c * hp * wp);
    const X = image(this.x);
    for (let s = 0; s < n; s++)
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < h; y++) {
          let src = X.offset + s * X.sN + ch * X.sC + y * X.sH;
          const dst = at + ((s * c + ch) * hp + y + pt) * wp + pl;
          for (let i = dst; i < dst + w; i++, src += X.sW) mem[i] = X.data[src]!;
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

  /**
   * Packs M[r, l] = image[rowOffs[r] + laneOffs[l]] into NR-lane panels of
   * rows×NR floats at float index `dst`, zero-padding the last panel: the
   * im2col block in either orientation. Full panels become wasm gather tasks
   * (split so every thread gets a share); the last partial panel is packed here.
   * `first` marks the first K block of an N block (its tables start the area again).
   */
  gather(
    mem: Float32Array,
    dst: number,
    rowOffs: Int32Array,
    laneOffs: Int32Array,
    first: boolean,
    tasks: Task[],
    threads: number,
  ): void {
    const rows = rowOffs.length;
    const lanes = laneOffs.length;
    if (first) this.tableCursor = 0;
    if (this.tableCursor + rows + lanes > this.tableInts)
      throw new Error('conv-gemm: offset tables exceed their area');
    const tables = this.at + this.floats - this.tableInts + this.tableCursor;
    this.tableCursor += rows + lanes;
    const ints = new Int32Array(mem.buffer, tables * 4, rows + lanes);
    ints.set(rowOffs, 0);
    ints.set(laneOffs, rows);
    const full = Math.floor(lanes / NR);
    for (let t = 0; t < threads; t++) {
      const q0 = Math.floor((full * t) / threads);
      const q1 = Math.floor((full * (t + 1)) / threads);
      if (q1 > q0)
        tasks.push([
          GATHER,
          this.at * 4,
          tables * 4,
          rows,
          (tables + rows + q0 * NR) * 4,
          q1 - q0,
          (dst + q0 * NR * rows) * 4,
          0,
          0,
        ]);
    }
    const q = full * NR;
    if (q === lanes) return;
    let d = dst + q * rows;
    for (let r = 0; r < rows; r++, d += NR) {
      const o = this.at + rowOffs[r]!;
      for (let j = 0; j < NR; j++) mem[d + j] = q + j < lanes ? mem[o + laneOffs[q + j]!]! : 0;
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
  const img = new PaddedImage(x, g, K);
  const R = dataOf(out);
  const B = bias ? (dataOf(bias) as Float32Array) : null;
  const ops: GemmOperands = {
    m: outC,
    n: g.n * P,
    k: K,
    stageFloats: w.stageFloats + img.floats,
    begin(mem, stageAt) {
      w.begin(mem, stageAt);
      img.stage(mem, stageAt + w.stageFloats);
    },
    packA: (mem, at, k0, kc) => w.packA(mem, at, k0, kc),
    packB(mem, at, k0, kc, n0, nc, tasks) {
      const taps = img.tapOffsets(k0, kc);
      img.gather(mem, at, taps, img.columnOffsets(n0, nc), k0 === 0, tasks, engine.threads);
    },
    initC: B
      ? (mem, cAt, ldc) => {
          for (let o = 0; o < outC; o++)
            mem.fill(B[bias!.offset + o * bias!.strides[0]!]!, cAt + o * ldc, cAt + (o + 1) * ldc);
        }
      : undefined,
    store(mem, cAt, ldc, n0, nc) {
      // Columns of one sample are its output positions in order: one copy per (channel, sample).
      for (let col = n0; col < n0 + nc; ) {
        const s = Math.floor(col / P);
        const end = Math.min(n0 + nc, (s + 1) * P);
        for (let o = 0; o < outC; o++) {
          const src = cAt + o * ldc + col - n0;
          const dst = out.offset + (s * outC + o) * P + col - s * P;
          // a plain loop: a subarray view of the shared wasm memory per run costs more than the copy
          for (let i = 0; i < end - col; i++) R[dst + i] = mem[src + i]!;
        }
        col = end;
      }
    },
  };
  runGemm(engine, ops);
}

/**
 * Packs A[o, col] = gradOut[s, o, p] (col = s·P + p, each plane's P positions
 * contiguous) for columns [k0, k0 + kc) into MR-row panels of kc×MR floats at
 * `at`, zero rows past `outC`: per panel and per stretch of columns within one
 * sample, MR source rows are read side by side and written out in order.
 */
function packGradOutPanels(
  mem: Float32Array,
  at: number,
  go: Image,
  outC: number,
  P: number,
  k0: number,
  kc: number,
): void {
  const G = go.data;
  for (let panel = 0; panel * MR < outC; panel++) {
    const base = at + panel * kc * MR;
    const o0 = panel * MR;
    const live = Math.min(MR, outC - o0);
    for (let col = k0; col < k0 + kc; ) {
      const s = Math.floor(col / P);
      const p0 = col - s * P;
      const len = Math.min(P - p0, k0 + kc - col);
      let d = base + (col - k0) * MR;
      const src = go.offset + s * go.sN + o0 * go.sC + p0;
      if (live === MR && MR === 4) {
        const sC = go.sC;
        for (let j = src; j < src + len; j++, d += 4) {
          mem[d] = G[j]!;
          mem[d + 1] = G[j + sC]!;
          mem[d + 2] = G[j + 2 * sC]!;
          mem[d + 3] = G[j + 3 * sC]!;
        }
      } else {
        for (let j = 0; j < len; j++, d += MR)
          for (let r = 0; r < MR; r++) mem[d + r] = r < live ? G[src + r * go.sC + j]! : 0;
      }
      col += len;
    }
  }
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
  const img = new PaddedImage(x, g, g.n * g.outH * g.outW);
  const go = image(gradOut);
  const P = g.outH * g.outW;
  // Each (sample, channel) plane of gradOut is one run of P floats (the usual, contiguous case).
  const rowsContiguous = go.sW === 1 && go.sH === g.outW;
  const R = dataOf(out);
  const ops: GemmOperands = {
    m: outC,
    n: taps,
    k: g.n * g.outH * g.outW,
    stageFloats: img.floats,
    begin: (mem, stageAt) => img.stage(mem, stageAt),
    packA(mem, at, k0, kc) {
      // A[o, col] = gradOut[s, o, oy, ox]: row o of panel ⌊o/MR⌋, lane o mod MR.
      if (rowsContiguous) {
        packGradOutPanels(mem, at, go, outC, P, k0, kc);
        return;
      }
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
    packB(mem, at, k0, kc, n0, nc, tasks) {
      // B[col, tap] = im2col[tap, col]: the columns are the rows of the panels, the taps their lanes.
      const cols = img.columnOffsets(k0, kc);
      img.gather(mem, at, cols, img.tapOffsets(n0, nc), k0 === 0, tasks, engine.threads);
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
