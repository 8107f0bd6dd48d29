import type { Conv2dOptions, DType, NDArray, NestedArray, Pair, TypedArray } from '@gradlab/tensor';
import { runBackward } from './engine.js';
import type { Node } from './node.js';
import * as act from './ops/activation.js';
import * as ew from './ops/elementwise.js';
import * as lin from './ops/linalg.js';
import * as mv from './ops/movement.js';
import * as red from './ops/reduce.js';

/** What binary ops accept: another Tensor, a plain NDArray (a constant) or a number. */
export type TensorLike = Tensor | NDArray | number;

/**
 * The differentiable tensor: an {@link NDArray} value plus what autograd needs.
 * Operations on tensors that require gradients are recorded (define-by-run);
 * `backward()` then fills `.grad` of every leaf that requires it.
 */
export class Tensor {
  /** The value. Updating it in place (optimisers do) is not recorded. */
  data: NDArray;
  requiresGrad: boolean;
  /** Accumulated gradient (leaves, and non-leaves after `retainGrad()`); null until a backward pass. */
  grad: NDArray | null = null;
  /** The recorded operation that produced this tensor; null for leaves. */
  gradFn: Node | null = null;
  /** Whether a non-leaf keeps its `.grad` (see {@link retainGrad}). */
  retainsGrad = false;
  /** Optional label, used in error messages and summaries. */
  name?: string;

  constructor(data: NDArray, options: { requiresGrad?: boolean; name?: string } = {}) {
    this.data = data;
    this.requiresGrad = options.requiresGrad ?? false;
    if (this.requiresGrad && data.dtype !== 'float32' && data.dtype !== 'float64') {
      throw new Error(
        `Tensor: only floating-point tensors can require gradients, got dtype ${data.dtype}`,
      );
    }
    if (options.name !== undefined) this.name = options.name;
  }

  get shape(): readonly number[] {
    return this.data.shape;
  }
  get dtype(): DType {
    return this.data.dtype;
  }
  get ndim(): number {
    return this.data.ndim;
  }
  get size(): number {
    return this.data.size;
  }
  /** True for tensors created by the user (not by a recorded op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * Backpropagates from this tensor. A scalar needs no `gradient`; any other
   * shape needs one of the same shape (the vector in the vector–Jacobian product).
   */
  backward(gradient?: TensorLike, options: { retainGraph?: boolean } = {}): void {
    if (!this.requiresGrad) {
      throw new Error(
        'backward: this tensor does not require grad (no input had requiresGrad: true, or it was computed inside noGrad)',
      );
    }
    const g = ew.seedGradient(this, gradient);
    if (!this.gradFn) {
      this.grad = this.grad ? this.grad.add(g) : g.clone();
      return;
    }
    runBackward(this, g, options.retainGraph ?? false);
  }

  /** A tensor sharing this value but cut from the graph (requires no grad). */
  detach(): Tensor {
    return new Tensor(this.data);
  }
  /** Keeps `.grad` on this non-leaf after backward (to inspect intermediate gradients). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new Error('retainGrad: this tensor does not require grad');
    this.retainsGrad = true;
    return this;
  }
  /** Sets `requiresGrad` on a leaf, in place. */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf) throw new Error('requiresGrad_: only leaf tensors can change requiresGrad');
    if (flag && this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new Error(
        `requiresGrad_: only floating-point tensors can require gradients, got dtype ${this.dtype}`,
      );
    }
    this.requiresGrad = flag;
    return this;
  }

  item(): number {
    return this.data.item();
  }
  toArray(): NestedArray {
    return this.data.toArray();
  }
  dataSync(): TypedArray {
    return this.data.dataSync();
  }
  toString(): string {
    const fn = this.gradFn
      ? `, gradFn=<${this.gradFn.name}>`
      : this.requiresGrad
        ? ', requiresGrad=true'
        : '';
    return this.data
      .toString()
      .replace(/^array\(/, 'tensor(')
      .replace(/\)$/, `${fn})`);
  }

  // ---- elementwise ----
  add(other: TensorLike): Tensor {
    return ew.add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return ew.sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return ew.pow(this, exponent);
  }
  maximum(other: TensorLike): Tensor {
    return ew.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return ew.minimum(this, other);
  }
  neg(): Tensor {
    return ew.neg(this);
  }
  abs(): Tensor {
    return ew.abs(this);
  }
  exp(): Tensor {
    return ew.exp(this);
  }
  log(): Tensor {
    return ew.log(this);
  }
  log1p(): Tensor {
    return ew.log1p(this);
  }
  sqrt(): Tensor {
    return ew.sqrt(this);
  }
  square(): Tensor {
    return ew.square(this);
  }
  sin(): Tensor {
    return ew.sin(this);
  }
  cos(): Tensor {
    return ew.cos(this);
  }
  clamp(min?: number, max?: number): Tensor {
    return ew.clamp(this, min, max);
  }
  tanh(): Tensor {
    return act.tanh(this);
  }
  sigmoid(): Tensor {
    return act.sigmoid(this);
  }
  relu(): Tensor {
    return act.relu(this);
  }
  leakyRelu(negativeSlope = 0.01): Tensor {
    return act.leakyRelu(this, negativeSlope);
  }
  elu(alpha = 1): Tensor {
    return act.elu(this, alpha);
  }
  gelu(): Tensor {
    return act.gelu(this);
  }
  softplus(): Tensor {
    return act.softplus(this);
  }
  // comparisons give constant (non-differentiable) bool tensors
  gt(other: TensorLike): Tensor {
    return ew.compare('gt', this, other);
  }
  lt(other: TensorLike): Tensor {
    return ew.compare('lt', this, other);
  }
  ge(other: TensorLike): Tensor {
    return ew.compare('ge', this, other);
  }
  le(other: TensorLike): Tensor {
    return ew.compare('le', this, other);
  }
  eq(other: TensorLike): Tensor {
    return ew.compare('eq', this, other);
  }

  // ---- reductions ----
  sum(dim?: number | number[], keepdim = false): Tensor {
    return red.sum(this, dim, keepdim);
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    return red.mean(this, dim, keepdim);
  }
  max(dim?: number | number[], keepdim = false): Tensor {
    return red.amax(this, dim, keepdim);
  }
  min(dim?: number | number[], keepdim = false): Tensor {
    return red.amin(this, dim, keepdim);
  }
  prod(dim?: number | number[], keepdim = false): Tensor {
    return red.prod(this, dim, keepdim);
  }
  var(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return red.variance(this, dim, keepdim, correction);
  }
  std(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return red.std(this, dim, keepdim, correction);
  }
  /** Indices of the maxima (a constant int32 tensor). */
  argmax(dim?: number, keepdim = false): Tensor {
    return new Tensor(this.data.argmax(dim, keepdim));
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return new Tensor(this.data.argmin(dim, keepdim));
  }
  cumsum(dim: number): Tensor {
    return red.cumsum(this, dim);
  }
  logsumexp(dim?: number | number[], keepdim = false): Tensor {
    return act.logsumexp(this, dim, keepdim);
  }
  softmax(dim = -1): Tensor {
    return act.softmax(this, dim);
  }
  logSoftmax(dim = -1): Tensor {
    return act.logSoftmax(this, dim);
  }

  // ---- movement ----
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return mv.reshape(this, Array.isArray(shape[0]) ? shape[0] : (shape as number[]));
  }
  view(...shape: number[] | [readonly number[]]): Tensor {
    return mv.reshape(this, Array.isArray(shape[0]) ? shape[0] : (shape as number[]));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return mv.flatten(this, startDim, endDim);
  }
  permute(...dims: number[]): Tensor {
    return mv.permute(this, dims);
  }
  transpose(dim0 = -2, dim1 = -1): Tensor {
    return mv.transpose(this, dim0, dim1);
  }
  get T(): Tensor {
    return this.ndim < 2 ? this : mv.transpose(this, 0, 1);
  }
  squeeze(dim?: number | number[]): Tensor {
    return mv.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return mv.unsqueeze(this, dim);
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return mv.expand(this, Array.isArray(shape[0]) ? shape[0] : (shape as number[]));
  }
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return mv.slice(this, dim, start, end, step);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return mv.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return mv.select(this, dim, index);
  }
  flip(dims: number | number[]): Tensor {
    return mv.flip(this, dims);
  }
  split(splitSize: number | number[], dim = 0): Tensor[] {
    return mv.split(this, splitSize, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return mv.chunk(this, chunks, dim);
  }
  gather(dim: number, index: TensorLike): Tensor {
    return mv.gather(this, dim, index);
  }
  indexSelect(dim: number, index: TensorLike | number[]): Tensor {
    return mv.indexSelect(this, dim, index);
  }
  contiguous(): Tensor {
    return this.data.isContiguous() ? this : mv.contiguous(this);
  }
  /** Converts to another float dtype (differentiable) or to int32/bool (a constant). */
  to(dtype: DType): Tensor {
    return mv.cast(this, dtype);
  }
  float(): Tensor {
    return mv.cast(this, 'float32');
  }
  double(): Tensor {
    return mv.cast(this, 'float64');
  }

  // ---- linear algebra and convolution ----
  matmul(other: TensorLike): Tensor {
    return lin.matmul(this, other);
  }
  conv2d(weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor {
    return lin.conv2d(this, weight, bias, options);
  }
  maxPool2d(
    kernelSize: Pair,
    options?: { stride?: Pair; padding?: Pair; dilation?: Pair; ceilMode?: boolean },
  ): Tensor {
    return lin.maxPool2d(this, kernelSize, options);
  }
}
