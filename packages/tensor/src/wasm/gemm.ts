import type { View } from '../backend.js';
import { dataOf } from '../cpu/strided.js';
import { type GemmEngine, type GemmOperands, runGemm } from './gemm-driver.js';
import { PACK_B, type Task } from './thread-pool.js';
import { MR, NR } from './tile.js';

export type { GemmEngine } from './gemm-driver.js';

/** Packs A[rows, k0:k0+kc] (strided) into MR-row panels: kc×MR floats each, zero-padded. */
function packA(
  dst: Float32Array,
  at: number,
  src: ArrayLike<number>,
  off: number,
  sm: number,
  sk: number,
  M: number,
  k0: number,
  kc: number,
) {
  for (let p = 0; p < M; p += MR) {
    const rows = Math.min(MR, M - p);
    for (let k = 0; k < kc; k++) {
      const base = off + (k0 + k) * sk + p * sm;
      for (let r = 0; r < rows; r++) dst[at + r] = src[base + r * sm]!;
      for (let r = rows; r < MR; r++) dst[at + r] = 0;
      at += MR;
    }
  }
}

/** Packs B[k0:k0+kc, n0:n0+nc] (strided) into NR-column panels: kc×NR floats each, zero-padded. */
function packB(
  dst: Float32Array,
  at: number,
  src: ArrayLike<number>,
  off: number,
  sk: number,
  sn: number,
  n0: number,
  nc: number,
  k0: number,
  kc: number,
) {
  for (let p = 0; p < nc; p += NR) {
    const cols = Math.min(NR, nc - p);
    for (let k = 0; k < kc; k++) {
      const base = off + (k0 + k) * sk + (n0 + p) * sn;
      if (sn === 1 && cols === NR) {
        for (let c = 0; c < NR; c++) dst[at + c] = src[base + c]!;
      } else {
        for (let c = 0; c < cols; c++) dst[at + c] = src[base + c * sn]!;
        for (let c = cols; c < NR; c++) dst[at + c] = 0;
      }
      at += NR;
    }
  }
}

/**
 * Elements of a 2-d strided view [rows, cols] counted from its first one, when
 * it is dense enough to copy into wasm memory whole (non-negative strides, at
 * most about twice its size); else 0.
 */
function stagedSpan(rows: number, cols: number, s0: number, s1: number): number {
  if (s0 < 0 || s1 < 0 || rows === 0 || cols === 0) return 0;
  const span = (rows - 1) * s0 + (cols - 1) * s1 + 1;
  return span <= 2 * rows * cols + 16 ? span : 0;
}

/**
 * A strided float32 matrix [rows, cols] of a host array as a GEMM operand:
 * copied into wasm memory whole (one memcpy) and packed there by the wasm
 * kernels when dense enough, else packed from JS.
 */
export class StridedOperand {
  private readonly span: number;
  private stageAt = 0;

  constructor(
    private readonly engine: GemmEngine,
    private readonly data: Float32Array,
    private readonly offset: number,
    readonly rows: number,
    readonly cols: number,
    private readonly rowStride: number,
    private readonly colStride: number,
  ) {
    this.span = stagedSpan(rows, cols, rowStride, colStride);
  }

  get stageFloats(): number {
    return this.span;
  }

  begin(mem: Float32Array, stageAt: number): void {
    this.stageAt = stageAt;
    if (this.span) mem.set(this.data.subarray(this.offset, this.offset + this.span), stageAt);
  }

  /** As the A operand: rows [0, rows) of columns [k0, k0 + kc). */
  packA(mem: Float32Array, at: number, k0: number, kc: number): void {
    const { rowStride: sm, colStride: sk } = this;
    if (this.span)
      this.engine.packA((this.stageAt + k0 * sk) * 4, sm * 4, sk * 4, this.rows, kc, at * 4);
    else packA(mem, at, this.data, this.offset, sm, sk, this.rows, k0, kc);
  }

  /**
   * As the B operand, a kernel task that packs rows [k0, k0 + kc) of columns
   * [n0, n0 + nc) at float index `at` on whichever thread runs it; null when
   * the matrix is not staged in wasm memory (then it is packed from JS).
   */
  packBTask(at: number, k0: number, kc: number, n0: number, nc: number): Task | null {
    const { rowStride: sk, colStride: sn } = this;
    if (!this.span) return null;
    return [PACK_B, (this.stageAt + k0 * sk + n0 * sn) * 4, sk * 4, sn * 4, nc, kc, at * 4, 0, 0];
  }

  /** As the B operand: rows [k0, k0 + kc) of columns [n0, n0 + nc). */
  packB(mem: Float32Array, at: number, k0: number, kc: number, n0: number, nc: number): void {
    const { rowStride: sk, colStride: sn } = this;
    if (this.span)
      this.engine.packB((this.stageAt + k0 * sk + n0 * sn) * 4, sk * 4, sn * 4, nc, kc, at * 4);
    else packB(mem, at, this.data, this.offset, sk, sn, n0, nc, k0, kc);
  }
}

/**
 * Batched float32 GEMM on the wasm kernels: out[b] = a[b] · b[b] for views
 * a [B, M, K] and b [B, K, N] with any strides, out contiguous [B, M, N].
 */
export function gemm(engine: GemmEngine, a: View, b: View, out: View): void {
  const [batches, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const A = dataOf(a) as Float32Array;
  const B = dataOf(b) as Float32Array;
  const R = dataOf(out);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  for (let batch = 0; batch < batches; batch++) {
    const left = new StridedOperand(engine, A, a.offset + batch * sab, M, K, sam, sak);
    const right = new StridedOperand(engine, B, b.offset + batch * sbb, K, N, sbk, sbn);
    const rowBase = out.offset + batch * M * N;
    const ops: GemmOperands = {
      m: M,
      n: N,
      k: K,
      stageFloats: left.stageFloats + right.stageFloats,
      begin(mem, stageAt) {
        left.begin(mem, stageAt);
        right.begin(mem, stageAt + left.stageFloats);
      },
      packA: (mem, at, k0, kc) => left.packA(mem, at, k0, kc),
      packB: (mem, at, k0, kc, n0, nc) => right.packB(mem, at, k0, kc, n0, nc),
      packBTask: (at, k0, kc, n0, nc) => right.packBTask(at, k0, kc, n0, nc),
      store(mem, cAt, ldc, n0, nc) {
        for (let i = 0; i < M; i++) {
          const src = cAt + i * ldc;
          R.set(mem.subarray(src, src + nc), rowBase + i * N + n0);
        }
      },
    };
    runGemm(engine, ops);
  }
}
