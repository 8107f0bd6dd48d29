/**
 * The ConvNet of the cifar10-convnet lab: three blocks of Conv 3×3 'same'
 * (32, 64, 128 channels) + ReLU + MaxPool 2, Flatten, Dense 128 + ReLU,
 * Dense 10 (softmax), with Keras's default initialisation.
 */
import { summary } from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';
import { type ConvNetSpec, convNet } from '../../lib/convnet.js';

/** The blocks shared by Part 1 (64×64) and Part 2 (32×32). */
export const CIFAR_BLOCKS = { inChannels: 3, channels: [32, 64, 128], dense: [128], classes: 10 };

/** The ConvNet for `size × size` RGB inputs. */
export function cifarConvNet(size: number, generator: Generator, softmax = false) {
  const spec: ConvNetSpec = { ...CIFAR_BLOCKS, size, softmax };
  return convNet(spec, generator);
}

/**
 * Parameters per layer with weights, as Keras's `model.summary()` lists them
 * for the 64×64×3 model: Conv2D 3·3·3·32 + 32, 3·3·32·64 + 64,
 * 3·3·64·128 + 128, Dense 8·8·128·128 + 128, Dense 128·10 + 10.
 */
export const KERAS_PARAMS_64 = [896, 18496, 73856, 1048704, 1290] as const;

/** The Keras-style summary of the model for a batch of `size × size` RGB images. */
export function cifarSummary(size: number, generator: Generator) {
  return summary(cifarConvNet(size, generator, true), [1, 3, size, size]);
}
