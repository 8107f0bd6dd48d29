/**
 * The Keras-style ConvNets of the image labs (`cifar10-convnet`,
 * `cats-vs-dogs`): blocks of Conv 3×3 'same' + ReLU + MaxPool 2, then
 * Flatten, Dense layers with ReLU and a Dense output layer.
 */
import {
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  type Module,
  ReLU,
  Sequential,
  Softmax,
} from '@gradlab/nn';
import type { Generator } from '@gradlab/tensor';
import { kerasInit_ } from './keras-init.js';

export interface ConvNetSpec {
  /** Input channels (3 for RGB). */
  inChannels: number;
  /** Input height and width (square). */
  size: number;
  /** Output channels of each Conv + ReLU + MaxPool block. */
  channels: readonly number[];
  /** Hidden Dense layers (ReLU). */
  dense: readonly number[];
  classes: number;
  /**
   * End in a Softmax layer, as the Keras model is written. Training uses the
   * logits with the cross-entropy (which applies log-softmax itself), so this
   * is for the summary.
   */
  softmax?: boolean;
}

/** Builds the ConvNet with Keras's default initialisation (Glorot-uniform, zero biases). */
export function convNet(spec: ConvNetSpec, generator: Generator): Sequential {
  const layers: Module[] = [];
  let c = spec.inChannels;
  let s = spec.size;
  for (const out of spec.channels) {
    if (s < 2)
      throw new Error(
        `convNet: a ${spec.size}×${spec.size} input is too small for ${spec.channels.length} pooling blocks`,
      );
    layers.push(new Conv2d(c, out, 3, { padding: 'same' }), new ReLU(), new MaxPool2d(2));
    c = out;
    s = Math.floor(s / 2);
  }
  layers.push(new Flatten());
  let features = c * s * s;
  for (const d of spec.dense) {
    layers.push(new Linear(features, d), new ReLU());
    features = d;
  }
  layers.push(new Linear(features, spec.classes));
  if (spec.softmax) layers.push(new Softmax(1));
  return kerasInit_(new Sequential(...layers), generator);
}
