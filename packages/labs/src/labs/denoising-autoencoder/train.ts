/** Training a denoising autoencoder: fresh noise on every batch, BCE against the clean image. */
import { DataLoader, gaussianNoise } from '@gradlab/datasets';
import { binaryCrossEntropy, type Module } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator, type NDArray, randn } from '@gradlab/tensor';
import { fit, type History } from '../../lib/train.js';
import type { ProgressHandle } from '../../runner/lab.js';

/** `clean + factor · N(0, 1)`, clipped to [0, 1], from a seeded generator. */
export function addNoise(clean: NDArray, factor: number, seed: number): NDArray {
  const noise = randn([...clean.shape], { generator: new Generator(seed) });
  return clean.add(noise.mul(factor)).clamp(0, 1);
}

export interface TrainDaeOptions {
  /** Clean training images [N, 1, 28, 28]. */
  xTrain: NDArray;
  noise: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  progress?: (label: string, total: number) => ProgressHandle;
  onEpochEnd?: (epoch: number, history: History) => void | Promise<void>;
}

/**
 * Adam on the pixel-wise binary cross-entropy between the model's output for
 * a noisy image and the clean image. Each batch gets new noise (the loader's
 * seeded generator), so the model never sees the same corruption twice.
 * Held-out scores are measured by the caller (`onEpochEnd`, {@link testScores})
 * on one fixed noisy copy of the test images.
 */
export async function trainDae(model: Module, o: TrainDaeOptions): Promise<History> {
  return fit({
    model,
    optimizer: new Adam(model.parameters(), { lr: o.lr }),
    loss: (out, clean) => binaryCrossEntropy(out, clean),
    train: new DataLoader([o.xTrain], {
      batchSize: o.batchSize,
      shuffle: true,
      seed: o.seed,
      transform: gaussianNoise({ std: o.noise, clip: [0, 1] }),
    }),
    epochs: o.epochs,
    progress: o.progress,
    onEpochEnd: o.onEpochEnd,
  });
}

/** Test BCE and MSE of the denoised images against the clean ones. */
export interface TestScores {
  bce: number;
  mse: number;
}

/** BCE (log clamped at −100, as in PyTorch) and MSE of `denoised` against `clean`. */
export async function testScores(denoised: NDArray, clean: NDArray): Promise<TestScores> {
  const [p, y] = await Promise.all([denoised.data(), clean.data()]);
  let bce = 0;
  let mse = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    const yi = y[i]!;
    bce -= yi * Math.max(Math.log(pi), -100) + (1 - yi) * Math.max(Math.log(1 - pi), -100);
    mse += (pi - yi) ** 2;
  }
  return { bce: bce / p.length, mse: mse / p.length };
}
