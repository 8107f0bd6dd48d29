import type { Budget } from './timing.ts';

/** The models trained by the benchmarks; each side (ours, torch, tfjs) builds the same layers. */
export type ModelName = 'mlp' | 'cnn' | 'lstm' | 'xor';
export type OptimizerName = 'sgd' | 'adam';

/**
 * Training throughput on random data of the right shapes (inputs ~ N(0, 1),
 * random class labels): one step is forward, loss, backward, optimiser step.
 */
export interface TrainCase {
  id: string;
  kind: 'train';
  label: string;
  model: ModelName;
  optimizer: OptimizerName;
  lr: number;
  batch: number;
  budget: Budget;
}

/** One epoch of LABS.md's `mnist-mlp` on the real MNIST training set. */
export interface EpochCase {
  id: string;
  kind: 'epoch';
  label: string;
  batch: number;
  lr: number;
  seed: number;
  /** IDX files (gzip or raw): training images and labels, test images and labels. */
  files: { trainImages: string; trainLabels: string; testImages: string; testLabels: string };
  /** Untimed warm-up steps on a throwaway model before the timed epoch. */
  warmupSteps: number;
  /** Train on the first `limit` images only (--quick); null for the whole set. */
  limit: number | null;
}

const budget = (quick: boolean, slow = false): Budget =>
  quick
    ? { minWarmup: 1, warmupSeconds: 0.2, seconds: 0.6, chunks: 3 }
    : slow
      ? { minWarmup: 2, warmupSeconds: 1, seconds: 4, chunks: 5 }
      : { minWarmup: 5, warmupSeconds: 0.7, seconds: 2.5, chunks: 5 };

export function mlpCases(quick: boolean): TrainCase[] {
  const mk = (optimizer: OptimizerName, lr: number): TrainCase => ({
    id: `mlp-${optimizer}`,
    kind: 'train',
    label: `MLP 784-128-10 ReLU, batch 64, ${optimizer === 'sgd' ? `SGD lr ${lr}` : `Adam lr ${lr}`}`,
    model: 'mlp',
    optimizer,
    lr,
    batch: 64,
    budget: budget(quick),
  });
  return [mk('sgd', 0.1), mk('adam', 1e-3)];
}

export function cnnCases(quick: boolean): TrainCase[] {
  return [
    {
      id: 'cnn-adam',
      kind: 'train',
      label: 'mnist-cnn-bn CNN, batch 64, Adam lr 0.001',
      model: 'cnn',
      optimizer: 'adam',
      lr: 1e-3,
      batch: 64,
      budget: budget(quick, true),
    },
  ];
}

/** LABS.md `lstm-weather`'s network on its window of 60 days. */
export const LSTM_STEPS = 60;

export function lstmCases(quick: boolean): TrainCase[] {
  return [
    {
      id: 'lstm-adam',
      kind: 'train',
      label: `lstm-weather: LSTM(1→50) × 2 + Dense 25 + Dense 1 over ${LSTM_STEPS} steps, batch 32, Adam lr 0.001, MSE`,
      model: 'lstm',
      optimizer: 'adam',
      lr: 1e-3,
      batch: 32,
      budget: budget(quick, true),
    },
  ];
}

export function xorCases(quick: boolean): TrainCase[] {
  return [
    {
      id: 'xor-sgd',
      kind: 'train',
      label: 'XOR MLP 2-4-1 sigmoid, MSE, full batch of 4, SGD lr 0.5',
      model: 'xor',
      optimizer: 'sgd',
      lr: 0.5,
      batch: 4,
      budget: budget(quick),
    },
  ];
}
