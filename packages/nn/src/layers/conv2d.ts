import { conv2d, type Tensor } from '@gradlab/autograd';
import { type Generator, type Pair, zeros } from '@gradlab/tensor';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { checkInput, Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface Conv2dLayerOptions {
  stride?: Pair;
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
  bias?: boolean;
  generator?: Generator;
}

export function pairOf(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Initialises weight (kaiming uniform, a = √5) and bias (U(±1/√fanIn)) as PyTorch's conv layers do. */
export function initConvParams(
  weight: Parameter,
  bias: Parameter | null,
  fanInShape: readonly number[],
  generator?: Generator,
) {
  kaimingUniform_(weight, { a: Math.sqrt(5), generator });
  if (bias) {
    const { fanIn } = calculateFanInAndFanOut(fanInShape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, { generator });
  }
}

/** 2-D convolution over NCHW input; weight [outChannels, inChannels, kh, kw]. */
export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly options: Conv2dLayerOptions;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    options: Conv2dLayerOptions = {},
  ) {
    super();
    this.kernelSize = pairOf(kernelSize);
    this.options = {
      stride: options.stride ?? 1,
      padding: options.padding ?? 0,
      dilation: options.dilation ?? 1,
    };
    this.weight = new Parameter(zeros([outChannels, inChannels, ...this.kernelSize]));
    this.bias = (options.bias ?? true) ? new Parameter(zeros([outChannels])) : null;
    initConvParams(this.weight, this.bias, this.weight.shape, options.generator);
  }

  forward(input: Tensor): Tensor {
    const x = checkInput('Conv2d', input, [4]);
    return conv2d(x, this.weight, this.bias, this.options);
  }

  override extraRepr(): string {
    const o = this.options;
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize.join('×')}, stride=${o.stride}, padding=${o.padding}`;
  }
}
