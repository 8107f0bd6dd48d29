import { convTranspose2d, type Tensor } from '@gradlab/autograd';
import { type Generator, type Pair, zeros } from '@gradlab/tensor';
import { checkInput, Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { initConvParams, pairOf } from './conv2d.js';

export interface ConvTranspose2dLayerOptions {
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  dilation?: Pair;
  bias?: boolean;
  generator?: Generator;
}

/** Transposed convolution; weight [inChannels, outChannels, kh, kw] as in PyTorch. */
export class ConvTranspose2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly options: ConvTranspose2dLayerOptions;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    options: ConvTranspose2dLayerOptions = {},
  ) {
    super();
    this.kernelSize = pairOf(kernelSize);
    this.options = {
      stride: options.stride ?? 1,
      padding: options.padding ?? 0,
      outputPadding: options.outputPadding ?? 0,
      dilation: options.dilation ?? 1,
    };
    this.weight = new Parameter(zeros([inChannels, outChannels, ...this.kernelSize]));
    this.bias = (options.bias ?? true) ? new Parameter(zeros([outChannels])) : null;
    // PyTorch computes fan-in from dim 1 of the weight, i.e. outChannels·kh·kw here.
    initConvParams(this.weight, this.bias, this.weight.shape, options.generator);
  }

  forward(input: Tensor): Tensor {
    const x = checkInput('ConvTranspose2d', input, [4]);
    return convTranspose2d(x, this.weight, this.bias, this.options);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize.join('×')}, stride=${this.options.stride}`;
  }
}
