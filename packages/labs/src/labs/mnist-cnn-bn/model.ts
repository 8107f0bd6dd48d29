/**
 * The course's CNN for MNIST: three blocks of Conv 5×5 'same' + BatchNorm +
 * ReLU + AvgPool 2×2 (32, 32, 64 channels: 28 → 14 → 7 → 3), then
 * Linear(576, 64) + BatchNorm1d + ReLU and Linear(64, 10).
 */
import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  type Module,
  ReLU,
  Sequential,
} from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';

function block(inChannels: number, outChannels: number, generator: Generator): Module[] {
  return [
    new Conv2d(inChannels, outChannels, 5, { padding: 'same', generator }),
    new BatchNorm2d(outChannels),
    new ReLU(),
    new AvgPool2d(2),
  ];
}

/** The course CNN with PyTorch's default initialisation drawn from `generator`. */
export function courseCnn(generator: Generator): Sequential {
  return new Sequential(
    ...block(1, 32, generator),
    ...block(32, 32, generator),
    ...block(32, 64, generator),
    new Flatten(),
    new Linear(576, 64, { generator }),
    new BatchNorm1d(64),
    new ReLU(),
    new Linear(64, 10, { generator }),
  );
}
