import type { Tensor } from '@gradlab/autograd';
import { batchNorm, noGrad } from '@gradlab/autograd';
import { type NDArray, ones, zeros } from '@gradlab/tensor';
import { checkInput, Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface BatchNormOptions {
  eps?: number;
  /** Weight of the current batch in the running statistics (PyTorch's convention). */
  momentum?: number;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/**
 * Batch normalisation over dim 1 (features or channels): in training, each
 * batch is normalised with its own mean and biased variance and the running
 * statistics are updated (with the unbiased variance, as PyTorch does); in
 * evaluation the running statistics are used.
 */
abstract class BatchNorm extends Module {
  weight: Parameter | null = null;
  bias: Parameter | null = null;
  declare runningMean: NDArray;
  declare runningVar: NDArray;
  declare numBatchesTracked: NDArray;
  readonly eps: number;
  readonly momentum: number;
  readonly trackRunningStats: boolean;
  protected abstract readonly layer: string;
  protected abstract readonly inputDims: readonly number[];

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) {
      throw new Error(`BatchNorm: numFeatures must be a positive integer, got ${numFeatures}`);
    }
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    this.trackRunningStats = options.trackRunningStats ?? true;
    if (options.affine ?? true) {
      this.weight = new Parameter(ones([numFeatures]));
      this.bias = new Parameter(zeros([numFeatures]));
    }
    this.registerBuffer('runningMean', zeros([numFeatures]));
    this.registerBuffer('runningVar', ones([numFeatures]));
    this.registerBuffer('numBatchesTracked', zeros([], { dtype: 'int32' }));
  }

  forward(input: Tensor): Tensor {
    const x = checkInput(this.layer, input, this.inputDims);
    if (x.shape[1] !== this.numFeatures) {
      throw new Error(
        `${this.layer}: expected ${this.numFeatures} features in dim 1, got shape [${x.shape.join(', ')}]`,
      );
    }
    const bshape = x.shape.map((s, i) => (i === 1 ? s : 1));
    if (this.training || !this.trackRunningStats) {
      const n = x.size / this.numFeatures;
      if (this.training && n <= 1) {
        throw new Error(
          `${this.layer}: expected more than 1 value per channel when training, got input shape [${x.shape.join(', ')}]`,
        );
      }
      // One fused primitive: batch statistics, normalisation and the affine map.
      const { out, mean, variance } = batchNorm(x, this.weight, this.bias, this.eps);
      if (this.training && this.trackRunningStats) {
        noGrad(() => {
          const m = this.momentum;
          this.runningMean.mul_(1 - m).add_(mean.mul(m));
          this.runningVar.mul_(1 - m).add_(variance.mul((m * n) / (n - 1)));
          this.numBatchesTracked.add_(1);
        });
      }
      return out;
    }
    // Evaluation: a per-channel affine map, y = x·scale + shift with scale = weight/√(var + eps)
    // and shift = bias − mean·scale (two passes over x instead of four).
    const invstd = this.runningVar.add(this.eps).rsqrt();
    if (!this.weight || !this.bias) {
      return x.mul(invstd.reshape(bshape)).add(this.runningMean.mul(invstd).neg().reshape(bshape));
    }
    const scale = this.weight.mul(invstd);
    const shift = this.bias.sub(scale.mul(this.runningMean));
    return x.mul(scale.reshape(bshape)).add(shift.reshape(bshape));
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}`;
  }
}

/** BatchNorm over [N, C] or [N, C, L] input. */
export class BatchNorm1d extends BatchNorm {
  protected readonly layer = 'BatchNorm1d';
  protected readonly inputDims = [2, 3];
}

/** BatchNorm over NCHW input, per channel. */
export class BatchNorm2d extends BatchNorm {
  protected readonly layer = 'BatchNorm2d';
  protected readonly inputDims = [4];
}
