import type { View, Window2d } from '../backend.js';
import { dataOf } from '../cpu/strided.js';
import { StridedOperand } from './gemm.js';
import { type GemmEngine, type GemmOperands, listCount, roundUp, runGemm } from './gemm-driver.js';
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

/**
 * Describes each NR-lane panel of an offset table (`count` offsets at `table`,
 * padded to whole panels) as [a, b, s] at `at`: when the panel's offsets are
 * two runs of consecutive values, lanes j < s holding a + j and lanes j ≥ s
 * holding b + j (s = NR: one run, b = a), the gather kernel moves each of its
 * rows with vector loads; s = −1 marks any other panel (lane by lane).
 */
function writeRuns(ints: Int32Array, table: number, count: number, at: number): void {
  const panels = Math.ceil(count / NR);
  for (let q = 0; q < panels; q++, at += 3) {
    const o = table + q * NR;
    const a = ints[o]!;
    let s = 1;
    while (s < NR && ints[o + s] === a + s) s++;
    let b = a;
    if (s < NR) {
      b = ints[o + s]! - s;
      for (let j = s + 1; j < NR; j++) if (ints[o + j] !== b + j) s = -1;
    }
    ints[at] = a;
    ints[at + 1] = b;
    ints[at + 2] = s;
  }
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

/** Runs of at least this many floats are stored with `set` (shorter ones with a loop). */
const STORE_SET_MIN = 128;

/**
 * The input copied into a zero-padded contiguous [N, C, hp, wp] buffer in
 * wasm memory, large enough for every window, so each im2col element is one
 * load at (column offset + tap offset) with no bounds checks; blocks of the
 * im2col matrix are gathered from it into the GEMM's panels by the wasm
 * gather kernel. The offset tables of every tap and every column are staged
 * after the image, each followed by NR zero offsets: a last, partial panel
 * reads those lanes at the window origin (valid memory), and what they bring
 * only ever reaches the padding columns of the product's C tile, which are
 * never stored — so every panel, partial or not, is one kernel task.
 */
class PaddedImage {
  readonly floats: number;
  private readonly hp: number;
  private readonly wp: number;
  private readonly taps: number;
  private readonly cols: number;
  /**
   * Where each part lies, in floats from `at`: the padded image, the tap and
   * column offset tables (each followed by NR zeros), their run descriptors
   * (three ints per panel, see `writeRuns`), and — for a contiguous input —
   * the area the input is first copied into.
   */
  private readonly layout: {
    tapTable: number;
    colTable: number;
    tapRuns: number;
    colRuns: number;
    copy: number;
  };
  private at = 0;

  /** The input is contiguous NCHW: it is copied into wasm memory whole, then spread into rows there. */
  private readonly packed: boolean;

  constructor(
    private readonly engine: GemmEngine,
    private readonly x: View,
    private readonly g: Window2d,
  ) {
    this.hp = Math.max(g.h + g.padTop, (g.outH - 1) * g.strideH + (g.kh - 1) * g.dilationH + 1);
    this.wp = Math.max(g.w + g.padLeft, (g.outW - 1) * g.strideW + (g.kw - 1) * g.dilationW + 1);
    this.taps = g.c * g.kh * g.kw;
    this.cols = g.n * g.outH * g.outW;
    const [sN, sC, sH, sW] = x.strides;
    this.packed = sW === 1 && sH === g.w && sC === g.h * g.w && sN === g.c * g.h * g.w;
    const tapTable = g.n * g.c * this.hp * this.wp;
    const colTable = tapTable + this.taps + NR;
    const tapRuns = colTable + this.cols + NR;
    const colRuns = tapRuns + 3 * Math.ceil(this.taps / NR);
    const copy = colRuns + 3 * Math.ceil(this.cols / NR);
    this.layout = { tapTable, colTable, tapRuns, colRuns, copy };
    this.floats = copy + (this.packed ? g.n * g.c * g.h * g.w : 0);
  }

  private get tapTable(): number {
    return this.at + this.layout.tapTable;
  }

  private get colTable(): number {
    return this.at + this.layout.colTable;
  }

  private get tapRuns(): number {
    return this.at + this.layout.tapRuns;
  }

  private get colRuns(): number {
    return this.at + this.layout.colRuns;
  }

  /** Writes the padded image and its offset tables into wasm memory at float index `at`. */
  stage(mem: Float32Array, at: number): void {
    const { n, c, h, w, padTop: pt, padLeft: pl } = this.g;
    const { hp, wp } = this;
    this.at = at;
    mem.fill(0, at, at + n * c * hp * wp);
    const X = image(this.x);
    if (this.packed) {
      // one copy at memory speed into the area after the tables, then the rows in wasm
      const tmp = this.at + this.layout.copy;
      const size = n * c * h * w;
      mem.set(X.data.subarray(X.offset, X.offset + size), tmp);
      this.engine.padRows(tmp * 4, (at + pt * wp + pl) * 4, n * c, h, w, wp, hp);
    } else
      for (let s = 0; s < n; s++)
        for (let ch = 0; ch < c; ch++)
          for (let y = 0; y < h; y++) {
            let src = X.offset + s * X.sN + ch * X.sC + y * X.sH;
            const dst = at + ((s * c + ch) * hp + y + pt) * wp + pl;
            for (let i = dst; i < dst + w; i++, src += X.sW) mem[i] = X.data[src]!;
          }
    const ints = new Int32Array(mem.buffer, mem.byteOffset, mem.length);
    this.writeTapOffsets(ints, this.tapTable);
    this.writeColumnOffsets(ints, this.colTable);
    writeRuns(ints, this.tapTable, this.taps, this.tapRuns);
    writeRuns(ints, this.colTable, this.cols, this.colRuns);
  }

  /** Offsets of the window origins of every output column (column = sample, oy, ox), then NR zeros. */
  private writeColumnOffsets(ints: Int32Array, at: number): void {
    const { g, hp, wp } = this;
    const runs = runsOf(g, 0, this.cols);
    for (let r = 0; r < runs.length; r += RUN) {
      const row = (runs[r]! * g.c * hp + runs[r + 1]! * g.strideH) * wp;
      for (let ox = runs[r + 2]!, j = at + runs[r + 4]!; ox < runs[r + 3]!; ox++, j++)
        ints[j] = row + ox * g.strideW;
    }
    ints.fill(0, at + this.cols, at + this.cols + NR);
  }

  /** Offsets of every tap (tap = channel, ky, kx) from a window origin, then NR zeros. */
  private writeTapOffsets(ints: Int32Array, at: number): void {
    const { g, hp, wp } = this;
    const per = g.kh * g.kw;
    for (let k = 0; k < this.taps; k++) {
      const c = Math.floor(k / per);
      const ky = Math.floor((k - c * per) / g.kw);
      const kx = k - c * per - ky * g.kw;
      ints[at + k] = (c * hp + ky * g.dilationH) * wp + kx * g.dilationW;
    }
    ints.fill(0, at + this.taps, at + this.taps + NR);
  }

  /**
   * The gather task packing M[r, l] = image[rowOffs[r0 + r] + laneOffs[l0 + l]]
   * for r < rows and l < lanes into NR-lane panels of rows×NR floats at float
   * index `dst` — an im2col block with taps as rows and columns as lanes
   * (`lanesAre` 'cols', the B operand of a forward convolution) or the other
   * way round ('taps', of a weight gradient).
   */
  gatherTask(
    lanesAre: 'cols' | 'taps',
    dst: number,
    r0: number,
    rows: number,
    l0: number,
    lanes: number,
  ): Task {
    const [rowTable, laneTable, laneRuns] =
      lanesAre === 'cols'
        ? [this.tapTable, this.colTable, this.colRuns]
        : [this.colTable, this.tapTable, this.tapRuns];
    if (l0 % NR !== 0) throw new Error('conv-gemm: a gather must start on a panel boundary');
    return [
      GATHER,
      this.at * 4,
      (rowTable + r0) * 4,
      rows,
      (laneTable + l0) * 4,
      Math.ceil(lanes / NR),
      dst * 4,
      (laneRuns + (l0 / NR) * 3) * 4,
      0,
    ];
  }

  /** The same block as tasks split by panels (several per thread), pushed onto `tasks`. */
  gather(
    lanesAre: 'cols' | 'taps',
    dst: number,
    r0: number,
    rows: number,
    l0: number,
    lanes: number,
    tasks: Task[],
  ): void {
    const panels = Math.ceil(lanes / NR);
    const pieces = listCount(this.engine.threads, lanes);
    for (let t = 0; t < pieces; t++) {
      const q0 = Math.floor((panels * t) / pieces) * NR;
      const q1 = Math.min(lanes, Math.floor((panels * (t + 1)) / pieces) * NR);
      if (q1 > q0)
        tasks.push(this.gatherTask(lanesAre, dst + q0 * rows, r0, rows, l0 + q0, q1 - q0));
    }
  }

  /** The packing of a product's B operand when it is this image's im2col matrix (`lanesAre`: B's columns). */
  operandB(lanesAre: 'cols' | 'taps'): Pick<GemmOperands, 'packB' | 'packBTask'> {
    return {
      packB: (_mem, at, k0, kc, n0, nc, tasks) => this.gather(lanesAre, at, k0, kc, n0, nc, tasks),
      packBTask: (at, k0, kc, n0, nc) => this.gatherTask(lanesAre, at, k0, kc, n0, nc),
    };
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
  const img = new PaddedImage(engine, x, g);
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
    ...img.operandB('cols'),
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
        const len = end - col;
        for (let o = 0; o < outC; o++) {
          const src = cAt + o * ldc + col - n0;
          const dst = out.offset + (s * outC + o) * P + col - s * P;
          // A subarray view of the wasm memory costs about as much as copying 100 floats in a
          // loop; `set` copies at memory speed, ≈ 4× the loop's on runs of hundreds of floats.
          if (len >= STORE_SET_MIN) R.set(mem.subarray(src, src + len), dst);
          else for (let i = 0; i < len; i++) R[dst + i] = mem[src + i]!;
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
  const img = new PaddedImage(engine, x, g);
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
    // B[col, tap] = im2col[tap, col]: the columns are the rows of the panels, the taps their lanes.
    ...img.operandB('taps'),
    store(mem, cAt, ldc, n0, nc) {
      for (let o = 0; o < outC; o++) {
        const src = cAt + o * ldc;
        R.set(mem.subarray(src, src + nc), out.offset + o * taps + n0);
      }
    },
  };
  runGemm(engine, ops);
}
