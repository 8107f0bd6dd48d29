/**
 * The 3-vs-7 CNN of the Keras assignment: Conv 3×3×32 + ReLU, MaxPool 2,
 * Conv 3×3×64 + ReLU, MaxPool 2, Flatten, Dropout 0.5, Dense 1 + sigmoid —
 * 320 + 18 496 + 1 601 = 20 417 parameters — with a choice of Keras
 * kernel initialiser (biases start at zero, as in Keras).
 */
import {
  Conv2d,
  Dropout,
  Flatten,
  glorotUniform,
  Linear,
  MaxPool2d,
  ReLU,
  randomNormal,
  randomUniform,
  Sequential,
  Sigmoid,
  zeros_,
} from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';

/** The kernel initialisers compared, by their Keras names. */
export const INITIALIZERS = {
  glorot_uniform: {
    label: 'Glorot uniform',
    formula: 'U(±√(6 / (fan_in + fan_out)))',
    init: glorotUniform,
  },
  random_uniform: { label: 'random uniform', formula: 'U(−0.05, 0.05)', init: randomUniform },
  random_normal: { label: 'random normal', formula: 'N(0, 0.05²)', init: randomNormal },
} as const;

export type InitializerName = keyof typeof INITIALIZERS;

/** The model; `dropoutGenerator` draws the dropout masks (saved in checkpoints). */
export function cnn3v7(
  initializer: InitializerName,
  generator: Generator,
  dropoutGenerator: Generator,
): Sequential {
  const conv1 = new Conv2d(1, 32, 3);
  const conv2 = new Conv2d(32, 64, 3);
  const dense = new Linear(5 * 5 * 64, 1);
  for (const l of [conv1, conv2, dense]) {
    INITIALIZERS[initializer].init(l.weight, { generator });
    if (l.bias) zeros_(l.bias);
  }
  return new Sequential(
    conv1,
    new ReLU(),
    new MaxPool2d(2),
    conv2,
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Dropout(0.5, { generator: dropoutGenerator }),
    dense,
    new Sigmoid(),
  );
}
