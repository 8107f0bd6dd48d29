import { avgPool2d, maxPool2d, type Tensor } from '@gradlab/autograd';
import type { AvgPool2dOptions, Pair, Pool2dOptions } from '@gradlab/tensor';
import { checkInput, Module } from '../module.js';

/** Max pooling over NCHW input (stride defaults to the kernel size). */
export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: Pool2dOptions = {},
  ) {
    super();
  }
  forward(input: Tensor): Tensor {
    return maxPool2d(checkInput('MaxPool2d', input, [4]), this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.options.stride ?? this.kernelSize}`;
  }
}

/** Average pooling over NCHW input. */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: AvgPool2dOptions = {},
  ) {
    super();
  }
  forward(input: Tensor): Tensor {
    return avgPool2d(checkInput('AvgPool2d', input, [4]), this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.options.stride ?? this.kernelSize}`;
  }
}
