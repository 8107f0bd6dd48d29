import type { Tensor } from '@gradlab/autograd';
import { DataLoader } from '@gradlab/datasets';
import type { Module } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import type { NDArray } from '@gradlab/tensor';
import type { ProgressHandle } from '../runner/lab.js';
import { fit, type History } from './train.js';

export interface FitOnInputsOptions {
  xTrain: NDArray;
  xTest: NDArray;
  /** Loss of a batch given the model's output and the batch itself. */
  loss: (output: Tensor, input: NDArray) => Tensor;
  lr: number;
  batchSize: number;
  seed: number;
  epochs: number;
  /** Batch size for the per-epoch test evaluation (default 1000). */
  evalBatchSize?: number;
  progress?: (label: string, total: number) => ProgressHandle;
}

/** What a lab's training function for such a model takes: everything but the loss. */
export type TrainOnInputsOptions = Omit<FitOnInputsOptions, 'loss' | 'evalBatchSize'>;

/**
 * `fit` for models whose target is their own input — autoencoders
 * (reconstruction loss) and density models (negative log-likelihood): Adam,
 * shuffled mini-batches of x, and the test loss after every epoch.
 */
export function fitOnInputs(model: Module, o: FitOnInputsOptions): Promise<History> {
  return fit({
    model,
    optimizer: new Adam(model.parameters(), { lr: o.lr }),
    loss: o.loss,
    train: new DataLoader([o.xTrain, o.xTrain], {
      batchSize: o.batchSize,
      shuffle: true,
      seed: o.seed,
    }),
    val: new DataLoader([o.xTest, o.xTest], { batchSize: o.evalBatchSize ?? 1000 }),
    epochs: o.epochs,
    progress: o.progress,
  });
}
