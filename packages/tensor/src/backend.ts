import type { DType, TypedArray } from './dtype.js';
import type { AdamStepParams, SgdStepParams } from './optimizer-steps.js';
import type { Shape } from './shape.js';

/**
 * The backend seam. An {@link NDArray} is a view (shape, strides, offset) over a
 * {@link Storage} that belongs to one backend. The op layer (shape checks,
 * broadcasting, dtype promotion, views) is shared by every backend; a backend
 * only allocates storage, moves bytes to and from the host, and runs the
 * kernels below on views of its own storage. Outputs handed to kernels are
 * always fresh contiguous arrays unless a kernel's doc says otherwise, and
 * inputs to elementwise kernels are already broadcast to the output's shape
 * (broadcast dims have stride 0).
 *
 * A backend whose memory lives elsewhere (WebAssembly memory, a GPU) keeps it
 * there between ops; `readSync` may throw where a synchronous read-back is
 * impossible, and `read` is always available.
 */
export interface Storage {
  readonly backend: Backend;
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
  /**
   * When the backend numbers its storages (see {@link nextStorageSerial}):
   * larger is newer. Autograd uses it to tell a gradient a backward function
   * has just made (which a leaf may keep without a copy) from an older array.
   */
  readonly serial?: number;
}

let serials = 0;

/** A new storage serial (strictly increasing across every backend of this process). */
export function nextStorageSerial(): number {
  return ++serials;
}

/** The last serial handed out: storages with a larger serial were made after this call. */
export function lastStorageSerial(): number {
  return serials;
}

/** A strided window onto a storage: what every kernel receives. */
export interface View {
  readonly storage: Storage;
  readonly dtype: DType;
  readonly shape: Shape;
  readonly strides: Shape;
  readonly offset: number;
}

/** A flat row-major view of a whole storage (read as `dtype`, by default the storage's own). */
export function wholeView(storage: Storage, dtype: DType = storage.dtype): View {
  return { storage, dtype, shape: [storage.length], strides: [1], offset: 0 };
}

export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'reciprocal'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'sign'
  | 'sin'
  | 'cos'
  | 'erf'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'not'
  /** max(x, 0) + alpha·min(x, 0) */
  | 'leakyRelu'
  /** min(max(x, alpha), beta) */
  | 'clamp'
  /** x ** alpha */
  | 'powScalar';

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'minimum'
  | 'maximum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

/**
 * Geometry of a 2-D sliding window over NCHW input (convolution, pooling).
 * Padding is given per side so that `'same'` with an even kernel can pad
 * asymmetrically, as PyTorch does.
 */
export interface Window2d {
  n: number;
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
}

/**
 * The per-channel loops of training-mode batch normalisation over a host
 * array x read as [N, C, S] (batch-norm.ts holds the maths and runs the
 * reference loops; a backend may offer faster ones). Sums are in double
 * precision.
 */
export interface BatchNormForwardLoops {
  /** [Σ(x − shift), Σ(x − shift)²] over channel c. */
  moments(c: number, shift: number): [number, number];
  /** out = x·scale + shift over channel c, computed in double and rounded to out's dtype. */
  normalize(c: number, scale: number, shift: number): void;
  /** After the last channel: results not yet in `out` are written there. */
  finish(): void;
}

/** The per-channel loops of batch normalisation's backward pass (see {@link BatchNormForwardLoops}). */
export interface BatchNormBackwardLoops {
  /** [Σdy, Σdy·(x − mean)] over channel c. */
  sums(c: number, mean: number): [number, number];
  /** gradInput = k·(dy − x·a − b) over channel c, computed in double. */
  gradInput(c: number, k: number, a: number, b: number): void;
  /** After the last channel: results not yet in `gradInput` are written there. */
  finish(): void;
}

export interface Backend {
  readonly name: string;
  /**
   * Backends of one family share a storage type and can read each other's
   * arrays directly (the `cpu` and `wasm` backends are both 'host': plain typed
   * arrays), so ops may mix their arrays without copies.
   */
  readonly family: string;

  /** A zero-filled storage of `length` elements. */
  allocate(dtype: DType, length: number): Storage;
  /**
   * Optional: takes back a storage nothing will read or write again (the
   * autograd engine hands back gradients it made and no longer needs), so a
   * later `allocate` of the same size can reuse its memory.
   */
  recycle?(storage: Storage): void;
  /** Wraps host data as a storage of this backend (the backend may take ownership of `data`). */
  fromTypedArray(data: TypedArray): Storage;
  /** The elements of a view in row-major order, as a new host array. */
  readSync(x: View): TypedArray;
  read(x: View): Promise<TypedArray>;
  /**
   * Optional: brings a view's values to the host so that `readSync` serves
   * them until the next write (`prefetch`), without making a copy for the
   * caller. Backends without it are prefetched with `read`.
   */
  prefetch?(x: View): Promise<void>;

  /** out[i] = cast(x[i]) for views of equal shape; `out` may be any strided view (in-place writes). */
  copy(x: View, out: View): void;
  fill(out: View, value: number): void;
  unary(op: UnaryOp, x: View, out: View, alpha?: number, beta?: number): void;
  binary(op: BinaryOp, a: View, b: View, out: View): void;
  /** out = cond ? a : b, all three broadcast to out's shape. */
  where(cond: View, a: View, b: View, out: View): void;
  /** Reduces `dims` (sorted) of x; `out` has x's shape with those dims set to 1. */
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: View): void;
  cumsum(x: View, dim: number, out: View): void;
  /** Batched product: a [B, M, K] · b [B, K, N] → out [B, M, N] (batch strides may be 0). */
  matmul(a: View, b: View, out: View): void;
  /**
   * x [N, C, H, W] → out [C·kh·kw, N·outH·outW]: one row per kernel tap, one
   * column per (sample, output position), so a whole batch of convolutions is
   * one matrix product weight [outC, C·kh·kw] · cols.
   */
  im2col(x: View, g: Window2d, out: View): void;
  /** The adjoint of im2col: cols [C·kh·kw, N·outH·outW] summed into out [N, C, H, W]. */
  col2im(cols: View, g: Window2d, out: View): void;
  /**
   * Optional fused convolution: out [N, outC, outH, outW] (contiguous) = the
   * convolution of x [N, C, H, W] with weight [outC, C·kh·kw] over `g`, plus
   * bias [outC] when given, without materialising the im2col columns. A
   * backend that cannot take the case (dtype, storage) returns false and the
   * op layer composes im2col with matmul instead.
   */
  conv2d?(x: View, weight: View, bias: View | null, g: Window2d, out: View): boolean;
  /**
   * Optional fused weight gradient: out [outC, C·kh·kw] (contiguous) = Σ over
   * samples and positions of gradOut [N, outC, outH, outW] times the im2col
   * columns of x over `g`. Returns false to decline, like `conv2d`.
   */
  conv2dBackwardWeight?(x: View, gradOut: View, g: Window2d, out: View): boolean;
  /** Max pooling; `indices` (int32) receives the flat h·W+w position of each maximum in its plane. */
  maxPool2d(x: View, g: Window2d, out: View, indices: View): void;
  /** Routes gradOut [N, C, outH, outW] to the positions in `indices`, summed into out [N, C, H, W] (zero-filled on entry). */
  maxPool2dBackward(gradOut: View, indices: View, g: Window2d, out: View): void;
  avgPool2d(x: View, g: Window2d, countIncludePad: boolean, out: View): void;
  /** Spreads gradOut [N, C, outH, outW] over each window, summed into out [N, C, H, W] (zero-filled on entry). */
  avgPool2dBackward(gradOut: View, g: Window2d, countIncludePad: boolean, out: View): void;
  /** out[..., i, ...] = x[..., index[..., i, ...], ...] along `dim` (index int32, out has index's shape). */
  gather(x: View, dim: number, index: View, out: View): void;
  /** In place: out[..., index[..., i, ...], ...] += src[..., i, ...] along `dim`; `out` is contiguous. */
  scatterAdd(out: View, dim: number, index: View, src: View): void;
  /**
   * Optional: out = grad where output > 0, else 0 (relu's gradient given its
   * output; contiguous views of one shape and dtype, `out` fresh). Returns
   * false, having written nothing, to decline.
   */
  reluBackward?(grad: View, output: View, out: View): boolean;
  /**
   * Optional: faster loops for batch normalisation of x [N, C, S] (contiguous
   * host arrays; `out` freshly allocated, contiguous), or null to decline.
   */
  batchNormForwardLoops?(
    x: View,
    out: View,
    shape: [number, number, number],
  ): BatchNormForwardLoops | null;
  /** Optional: faster loops for batch normalisation's backward pass, or null to decline. */
  batchNormBackwardLoops?(
    grad: View,
    x: View,
    gradInput: View,
    shape: [number, number, number],
  ): BatchNormBackwardLoops | null;
  /**
   * Optional fused optimiser steps, in place on contiguous views of one float
   * dtype and shape (see optimizer-steps.ts for the update rules). Return
   * false, having written nothing, to decline; the optimiser then composes the
   * step from the ops above.
   */
  adamStep?(p: View, g: View, m: View, v: View, vMax: View | null, h: AdamStepParams): boolean;
  sgdStep?(p: View, g: View, buf: View | null, h: SgdStepParams): boolean;
}
