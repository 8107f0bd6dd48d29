/**
 * The autoencoders of the lab: an encoder 784 → hidden… → bottleneck and a
 * mirrored decoder bottleneck → …hidden → 784 with a sigmoid output, trained
 * on the pixel MSE with Adam.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { Linear, type Module, mseLoss, ReLU, Sequential, Sigmoid, Tanh } from '@gradlab/nn';
import type { Generator, NDArray } from '@gradlab/tensor';
import { fitOnInputs, type TrainOnInputsOptions } from '../../lib/fit-on-inputs.js';
import type { History } from '../../lib/train.js';

/** Hidden-layer activations the sweep compares. */
export type Activation = 'relu' | 'tanh' | 'sigmoid';

/** One autoencoder architecture. */
export interface AeSpec {
  /** Encoder hidden sizes before the bottleneck, e.g. [128, 64]. */
  hidden: readonly number[];
  bottleneck: number;
  activation: Activation;
}

const act = (a: Activation): Module =>
  a === 'relu' ? new ReLU() : a === 'tanh' ? new Tanh() : new Sigmoid();

/** `784-128-64-32` style name of the encoder. */
export const specName = (s: AeSpec): string =>
  `${[784, ...s.hidden, s.bottleneck].join('-')} ${s.activation}`;

/**
 * Builds encoder and decoder for `spec`: Linear + activation per layer (the
 * bottleneck code also goes through the activation, as in the course's
 * model), the decoder mirrored, sigmoid on the 784 outputs.
 */
export function buildAutoencoder(
  spec: AeSpec,
  generator: Generator,
): { encoder: Sequential; decoder: Sequential; model: Sequential } {
  const sizes = [784, ...spec.hidden, spec.bottleneck];
  const enc: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++)
    enc.push(new Linear(sizes[i]!, sizes[i + 1]!, { generator }), act(spec.activation));
  const dec: Module[] = [];
  const back = [...sizes].reverse();
  for (let i = 0; i + 1 < back.length; i++) {
    dec.push(new Linear(back[i]!, back[i + 1]!, { generator }));
    dec.push(i + 2 < back.length ? act(spec.activation) : new Sigmoid());
  }
  const encoder = new Sequential(...enc);
  const decoder = new Sequential(...dec);
  return { encoder, decoder, model: new Sequential(encoder, decoder) };
}

/** Trainable parameters of a module. */
export const parameterCount = (m: Module): number =>
  m.parameters().reduce((n, p) => n + p.data.size, 0);

/** Options of {@link trainAutoencoder}. */
export type TrainAeOptions = TrainOnInputsOptions;

/** Trains `model` to reproduce its input (MSE, Adam); test MSE after each epoch. */
export async function trainAutoencoder(model: Module, o: TrainAeOptions): Promise<History> {
  return fitOnInputs(model, { ...o, loss: (out, x) => mseLoss(out, x) });
}

/** The model's outputs for `x`, without gradients, in eval mode. */
export function reconstruct(model: Module, x: NDArray): NDArray {
  model.eval();
  const out = noGrad(() => model.forward(new Tensor(x)).data);
  model.train();
  return out;
}

/** Per-image mean squared error between two [N, 784] arrays. */
export async function perImageMse(a: NDArray, b: NDArray): Promise<Float32Array> {
  return Float32Array.from(await a.sub(b).square().mean(1).data());
}
