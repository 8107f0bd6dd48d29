import { linear, type Tensor } from '@gradlab/autograd';
import { type Generator, zeros } from '@gradlab/tensor';
import { kaimingUniform_, uniform_ } from '../init.js';
import { checkInput, Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface LinearOptions {
  bias?: boolean;
  /** Seeded generator for the initial weights (the global one otherwise). */
  generator?: Generator;
}

/** y = x·Wᵀ + b, with W [outFeatures, inFeatures]; PyTorch's default init U(±1/√inFeatures). */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`Linear: ${name} must be a positive integer, got ${v}`);
    }
    this.weight = new Parameter(zeros([outFeatures, inFeatures]));
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator: options.generator });
    this.bias = null;
    if (options.bias ?? true) {
      this.bias = new Parameter(zeros([outFeatures]));
      const bound = 1 / Math.sqrt(inFeatures);
      uniform_(this.bias, -bound, bound, { generator: options.generator });
    }
  }

  forward(input: Tensor): Tensor {
    const x = checkInput('Linear', input);
    if (x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new Error(
        `Linear: expected input with last dim ${this.inFeatures}, got shape [${x.shape.join(', ')}]`,
      );
    }
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
