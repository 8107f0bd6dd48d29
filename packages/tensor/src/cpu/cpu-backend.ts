import type { Backend, BinaryOp, ReduceOp, Storage, UnaryOp, View, Window2d } from '../backend.js';
import { allocArray, type DType, dtypeOfArray, type TypedArray } from '../dtype.js';
import type { AdamStepParams, SgdStepParams } from '../optimizer-steps.js';
import * as elementwise from './cpu-elementwise.js';
import * as indexing from './cpu-index.js';
import { matmul } from './cpu-matmul.js';
import * as optimizerSteps from './cpu-optimizer-steps.js';
import * as reduction from './cpu-reduce.js';
import { CpuStorage } from './cpu-storage.js';
import * as window from './cpu-window.js';
import { packedCopy } from './strided.js';

/**
 * The reference backend: plain TypeScript loops over host typed arrays, kept
 * simple and obviously right. Every faster backend is tested against it.
 */
export class CpuBackend implements Backend {
  readonly name: string = 'cpu';
  readonly family: string = 'host';

  allocate(dtype: DType, length: number): Storage {
    return new CpuStorage(this, allocArray(dtype, length), dtype);
  }
  fromTypedArray(data: TypedArray): Storage {
    return new CpuStorage(this, data, dtypeOfArray(data));
  }
  readSync(x: View): TypedArray {
    return packedCopy(x);
  }
  read(x: View): Promise<TypedArray> {
    return Promise.resolve(packedCopy(x));
  }
  copy(x: View, out: View): void {
    elementwise.copy(x, out);
  }
  fill(out: View, value: number): void {
    elementwise.fill(out, value);
  }
  unary(op: UnaryOp, x: View, out: View, alpha?: number, beta?: number): void {
    elementwise.unary(op, x, out, alpha, beta);
  }
  binary(op: BinaryOp, a: View, b: View, out: View): void {
    elementwise.binary(op, a, b, out);
  }
  where(cond: View, a: View, b: View, out: View): void {
    elementwise.where(cond, a, b, out);
  }
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: View): void {
    reduction.reduce(op, x, dims, out);
  }
  cumsum(x: View, dim: number, out: View): void {
    reduction.cumsum(x, dim, out);
  }
  matmul(a: View, b: View, out: View): void {
    matmul(a, b, out);
  }
  im2col(x: View, g: Window2d, out: View): void {
    window.im2col(x, g, out);
  }
  col2im(cols: View, g: Window2d, out: View): void {
    window.col2im(cols, g, out);
  }
  maxPool2d(x: View, g: Window2d, out: View, indices: View): void {
    window.maxPool2d(x, g, out, indices);
  }
  maxPool2dBackward(gradOut: View, indices: View, g: Window2d, out: View): void {
    window.maxPool2dBackward(gradOut, indices, g, out);
  }
  avgPool2d(x: View, g: Window2d, countIncludePad: boolean, out: View): void {
    window.avgPool2d(x, g, countIncludePad, out);
  }
  avgPool2dBackward(gradOut: View, g: Window2d, countIncludePad: boolean, out: View): void {
    window.avgPool2dBackward(gradOut, g, countIncludePad, out);
  }
  gather(x: View, dim: number, index: View, out: View): void {
    indexing.gather(x, dim, index, out);
  }
  scatterAdd(out: View, dim: number, index: View, src: View): void {
    indexing.scatterAdd(out, dim, index, src);
  }
  adamStep(p: View, g: View, m: View, v: View, vMax: View | null, h: AdamStepParams): boolean {
    return optimizerSteps.adamStep(p, g, m, v, vMax, h);
  }
  sgdStep(p: View, g: View, buf: View | null, h: SgdStepParams): boolean {
    return optimizerSteps.sgdStep(p, g, buf, h);
  }
}
