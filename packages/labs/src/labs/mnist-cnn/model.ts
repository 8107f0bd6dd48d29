/**
 * The Keras-style 10-class MNIST CNN: Conv 3×3×32 + ReLU, MaxPool 2,
 * Conv 3×3×64 + ReLU, Flatten, Dense 64 + ReLU, Dense 10 (logits), with
 * Keras's default initialisation (Glorot-uniform kernels, zero biases).
 */
import {
  Conv2d,
  Flatten,
  glorotUniform,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
  zeros_,
} from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';

export function mnistCnn(generator: Generator): Sequential {
  const conv1 = new Conv2d(1, 32, 3);
  const conv2 = new Conv2d(32, 64, 3);
  const dense1 = new Linear(11 * 11 * 64, 64);
  const dense2 = new Linear(64, 10);
  for (const l of [conv1, conv2, dense1, dense2]) {
    glorotUniform(l.weight, { generator });
    if (l.bias) zeros_(l.bias);
  }
  return new Sequential(
    conv1,
    new ReLU(),
    new MaxPool2d(2),
    conv2,
    new ReLU(),
    new Flatten(),
    dense1,
    new ReLU(),
    dense2,
  );
}
