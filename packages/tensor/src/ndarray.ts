import type { Backend, Storage, View } from './backend.js';
import { getBackend } from './backend-registry.js';
import type { DType, TypedArray } from './dtype.js';
import * as ew from './elementwise.js';
import { formatNDArray } from './format.js';
import * as idx from './indexing.js';
import * as lin from './linalg.js';
import * as mv from './movement.js';
import * as red from './reduce.js';
import { contiguousStrides, type Shape, shapeStr, sizeOf } from './shape.js';
import * as sm from './softmax.js';

/** A number or an array: what binary ops accept on their right-hand side. */
export type Operand = NDArray | number;

/** Nested JS arrays of numbers, as returned by {@link NDArray.toArray}. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array on ndarray's model: a flat storage plus shape,
 * strides and offset. Views (reshape when possible, permute, slice, expand…)
 * share storage and never copy; `contiguous()` and `clone()` copy explicitly.
 *
 * Arrays are values without gradients; `@gradlab/autograd` builds its
 * differentiable `Tensor` on top of them.
 */
export class NDArray implements View {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;

  /** Low level: a view over `storage`. Most code uses the creation functions instead. */
  constructor(storage: Storage, shape: Shape, strides?: Shape, offset = 0) {
    // Copied (callers may reuse their arrays) but not frozen: `readonly` in the
    // types guards them, and freezing costs more than most small ops.
    this.storage = storage;
    this.shape = shape.slice();
    this.strides = strides ? strides.slice() : contiguousStrides(shape);
    this.offset = offset;
  }

  /** A fresh zero-filled contiguous array. */
  static empty(shape: Shape, dtype: DType = 'float32', backend: Backend = getBackend()): NDArray {
    return new NDArray(backend.allocate(dtype, sizeOf(shape)), shape);
  }

  /** Wraps a typed array (no copy) with a shape; its length must equal the shape's size. */
  static fromTypedArray(data: TypedArray, shape?: Shape, backend: Backend = getBackend()): NDArray {
    const s = shape ?? [data.length];
    if (sizeOf(s) !== data.length) {
      throw new Error(`fromTypedArray: ${data.length} elements cannot have shape ${shapeStr(s)}`);
    }
    return new NDArray(backend.fromTypedArray(data), s);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }
  get backend(): Backend {
    return this.storage.backend;
  }
  get ndim(): number {
    return this.shape.length;
  }
  /**
   * True when the values live in host memory (the 'host' family: `cpu`,
   * `wasm`), so reading them back is cheap and synchronous. On a device
   * backend (`gpu`) a read waits for the queued kernels — and under WebGPU is
   * only possible with `await x.data()` — so library code that merely checks
   * values (input validation) skips those checks there.
   */
  get onHost(): boolean {
    return this.storage.backend.family === 'host';
  }
  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }
  /** True when the elements lie in row-major order with no gaps. */
  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== expected) return false;
      expected *= this.shape[i]!;
    }
    return true;
  }

  // ---- reading values ----
  /** The elements in row-major order as a new typed array (synchronous read-back). */
  dataSync(): TypedArray {
    return this.backend.readSync(this);
  }
  /** The elements in row-major order, read back asynchronously (works on every backend). */
  data(): Promise<TypedArray> {
    return this.backend.read(this);
  }
  /** The values as nested JS arrays (a number for a 0-d array). */
  toArray(): NestedArray {
    return mv.toNested(this.shape, this.dataSync());
  }
  /** The single value of a one-element array. */
  item(): number {
    if (this.size !== 1) {
      throw new Error(
        `item: only one-element arrays can be converted to a number, got shape ${shapeStr(this.shape)}`,
      );
    }
    return this.dataSync()[0]!;
  }
  /** The element at a full multi-index (negative indices count from the end). */
  get(...index: number[]): number {
    return mv.getElement(this, index);
  }
  toString(): string {
    return formatNDArray(this);
  }

  // ---- views, copies and conversions ----
  reshape(...shape: number[] | [Shape]): NDArray {
    return mv.reshape(this, mv.shapeArgs(shape));
  }
  view(...shape: number[] | [Shape]): NDArray {
    return mv.view(this, mv.shapeArgs(shape));
  }
  flatten(startDim = 0, endDim = -1): NDArray {
    return mv.flatten(this, startDim, endDim);
  }
  permute(...dims: number[]): NDArray {
    return mv.permute(this, dims);
  }
  transpose(dim0 = -2, dim1 = -1): NDArray {
    return mv.transpose(this, dim0, dim1);
  }
  /** The transpose of a 1-d or 2-d array. */
  get T(): NDArray {
    return this.ndim < 2 ? this : mv.transpose(this, 0, 1);
  }
  squeeze(dim?: number | number[]): NDArray {
    return mv.squeeze(this, dim);
  }
  unsqueeze(dim: number): NDArray {
    return mv.unsqueeze(this, dim);
  }
  expand(...shape: number[] | [Shape]): NDArray {
    return mv.expand(this, mv.shapeArgs(shape));
  }
  broadcastTo(shape: Shape): NDArray {
    return mv.broadcastTo(this, shape);
  }
  slice(dim: number, start?: number, end?: number, step = 1): NDArray {
    return mv.slice(this, dim, start, end, step);
  }
  narrow(dim: number, start: number, length: number): NDArray {
    return mv.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): NDArray {
    return mv.select(this, dim, index);
  }
  flip(dims: number | number[]): NDArray {
    return mv.flip(this, dims);
  }
  contiguous(): NDArray {
    return mv.contiguous(this);
  }
  clone(): NDArray {
    return mv.clone(this);
  }
  /** A copy converted to `dtype`, or moved to another backend (a no-op when already there). */
  to(target: DType | Backend): NDArray {
    return mv.to(this, target);
  }
  float(): NDArray {
    return mv.to(this, 'float32');
  }
  double(): NDArray {
    return mv.to(this, 'float64');
  }
  int(): NDArray {
    return mv.to(this, 'int32');
  }

  // ---- elementwise ----
  add(other: Operand): NDArray {
    return ew.add(this, other);
  }
  sub(other: Operand): NDArray {
    return ew.sub(this, other);
  }
  mul(other: Operand): NDArray {
    return ew.mul(this, other);
  }
  div(other: Operand): NDArray {
    return ew.div(this, other);
  }
  pow(exponent: Operand): NDArray {
    return ew.pow(this, exponent);
  }
  minimum(other: Operand): NDArray {
    return ew.minimum(this, other);
  }
  maximum(other: Operand): NDArray {
    return ew.maximum(this, other);
  }
  eq(other: Operand): NDArray {
    return ew.eq(this, other);
  }
  ne(other: Operand): NDArray {
    return ew.ne(this, other);
  }
  lt(other: Operand): NDArray {
    return ew.lt(this, other);
  }
  le(other: Operand): NDArray {
    return ew.le(this, other);
  }
  gt(other: Operand): NDArray {
    return ew.gt(this, other);
  }
  ge(other: Operand): NDArray {
    return ew.ge(this, other);
  }
  neg(): NDArray {
    return ew.neg(this);
  }
  abs(): NDArray {
    return ew.abs(this);
  }
  exp(): NDArray {
    return ew.exp(this);
  }
  expm1(): NDArray {
    return ew.expm1(this);
  }
  log(): NDArray {
    return ew.log(this);
  }
  log1p(): NDArray {
    return ew.log1p(this);
  }
  sqrt(): NDArray {
    return ew.sqrt(this);
  }
  rsqrt(): NDArray {
    return ew.rsqrt(this);
  }
  square(): NDArray {
    return ew.square(this);
  }
  reciprocal(): NDArray {
    return ew.reciprocal(this);
  }
  tanh(): NDArray {
    return ew.tanh(this);
  }
  sigmoid(): NDArray {
    return ew.sigmoid(this);
  }
  relu(): NDArray {
    return ew.relu(this);
  }
  leakyRelu(negativeSlope = 0.01): NDArray {
    return ew.leakyRelu(this, negativeSlope);
  }
  sign(): NDArray {
    return ew.sign(this);
  }
  sin(): NDArray {
    return ew.sin(this);
  }
  cos(): NDArray {
    return ew.cos(this);
  }
  erf(): NDArray {
    return ew.erf(this);
  }
  floor(): NDArray {
    return ew.floor(this);
  }
  ceil(): NDArray {
    return ew.ceil(this);
  }
  round(): NDArray {
    return ew.round(this);
  }
  logicalNot(): NDArray {
    return ew.logicalNot(this);
  }
  clamp(min?: number, max?: number): NDArray {
    return ew.clamp(this, min, max);
  }

  // ---- in place (for optimiser updates); they write through views ----
  add_(other: Operand): this {
    ew.binaryInPlace('add', this, other);
    return this;
  }
  sub_(other: Operand): this {
    ew.binaryInPlace('sub', this, other);
    return this;
  }
  mul_(other: Operand): this {
    ew.binaryInPlace('mul', this, other);
    return this;
  }
  div_(other: Operand): this {
    ew.binaryInPlace('div', this, other);
    return this;
  }
  clamp_(min?: number, max?: number): this {
    ew.assignInto(this, ew.clamp(this, min, max));
    return this;
  }
  /** Copies `src` (broadcast to this shape) into this array. */
  copy_(src: Operand): this {
    ew.assignInto(this, src);
    return this;
  }
  fill_(value: number): this {
    this.backend.fill(this, value);
    return this;
  }
  zero_(): this {
    return this.fill_(0);
  }

  // ---- reductions ----
  sum(dim?: number | number[], keepdim = false): NDArray {
    return red.sum(this, dim, keepdim);
  }
  mean(dim?: number | number[], keepdim = false): NDArray {
    return red.mean(this, dim, keepdim);
  }
  prod(dim?: number | number[], keepdim = false): NDArray {
    return red.prod(this, dim, keepdim);
  }
  max(dim?: number | number[], keepdim = false): NDArray {
    return red.max(this, dim, keepdim);
  }
  min(dim?: number | number[], keepdim = false): NDArray {
    return red.min(this, dim, keepdim);
  }
  argmax(dim?: number, keepdim = false): NDArray {
    return red.argmax(this, dim, keepdim);
  }
  argmin(dim?: number, keepdim = false): NDArray {
    return red.argmin(this, dim, keepdim);
  }
  /** Variance; `correction` 1 (default) is Bessel's correction, as in PyTorch. */
  var(dim?: number | number[], keepdim = false, correction = 1): NDArray {
    return red.variance(this, dim, keepdim, correction);
  }
  std(dim?: number | number[], keepdim = false, correction = 1): NDArray {
    return red.std(this, dim, keepdim, correction);
  }
  cumsum(dim: number): NDArray {
    return red.cumsum(this, dim);
  }
  logsumexp(dim?: number | number[], keepdim = false): NDArray {
    return sm.logsumexp(this, dim, keepdim);
  }
  softmax(dim = -1): NDArray {
    return sm.softmax(this, dim);
  }
  logSoftmax(dim = -1): NDArray {
    return sm.logSoftmax(this, dim);
  }

  // ---- indexing and linear algebra ----
  gather(dim: number, index: NDArray): NDArray {
    return idx.gather(this, dim, index);
  }
  indexSelect(dim: number, index: NDArray | number[]): NDArray {
    return idx.indexSelect(this, dim, index);
  }
  maskedSelect(mask: NDArray): NDArray {
    return idx.maskedSelect(this, mask);
  }
  split(splitSize: number | number[], dim = 0): NDArray[] {
    return mv.split(this, splitSize, dim);
  }
  chunk(chunks: number, dim = 0): NDArray[] {
    return mv.chunk(this, chunks, dim);
  }
  matmul(other: NDArray): NDArray {
    return lin.matmul(this, other);
  }
}
