/**
 * A fully connected network written with the tensor package alone: no
 * autograd, no nn modules. Every step a framework hides is a function here —
 * He initialisation, the activations and their derivatives, the forward pass,
 * a numerically stable softmax cross-entropy, the backward pass and the
 * gradient-descent update.
 */
import { type Generator, type NDArray, oneHot, randn, zeros } from '@gradlab/tensor';

/** One dense layer: z = a·W + b with W [in, out] and b [out]. */
export interface Layer {
  weight: NDArray;
  bias: NDArray;
}

/** The hidden layers' activation. */
export type Activation = 'relu' | 'sigmoid';

/** A network: its layers and the activation between them (the last layer gives logits). */
export interface Network {
  sizes: readonly number[];
  activation: Activation;
  layers: Layer[];
}

/**
 * He (Kaiming) initialisation: W ~ N(0, 2 / fanIn), b = 0, which keeps the
 * variance of ReLU activations about constant from layer to layer.
 */
export function heInit(fanIn: number, fanOut: number, generator: Generator): Layer {
  return {
    weight: randn([fanIn, fanOut], { generator }).mul(Math.sqrt(2 / fanIn)),
    bias: zeros([fanOut]),
  };
}

/** A network with layer sizes `sizes` (e.g. [784, 128, 10]), every layer He-initialised. */
export function createNetwork(
  sizes: readonly number[],
  activation: Activation,
  generator: Generator,
): Network {
  if (sizes.length < 2) throw new Error(`createNetwork: need at least 2 sizes, got [${sizes}]`);
  const layers = sizes.slice(1).map((out, i) => heInit(sizes[i]!, out, generator));
  return { sizes: [...sizes], activation, layers };
}

/** ReLU: max(0, z). */
export const relu = (z: NDArray): NDArray => z.relu();
/** ReLU's derivative: 1 where z > 0, else 0. */
export const reluGrad = (z: NDArray): NDArray => z.gt(0).float();
/** The logistic sigmoid σ(z) = 1 / (1 + e^−z). */
export const sigmoid = (z: NDArray): NDArray => z.sigmoid();
/** σ'(z) = σ(z)·(1 − σ(z)). */
export const sigmoidGrad = (z: NDArray): NDArray => {
  const s = z.sigmoid();
  return s.mul(s.neg().add(1));
};

const ACTIVATIONS = {
  relu: { f: relu, df: reluGrad },
  sigmoid: { f: sigmoid, df: sigmoidGrad },
} as const;

/** What the forward pass keeps for the backward pass: every layer's input and pre-activation. */
export interface ForwardCache {
  inputs: NDArray[];
  preActivations: NDArray[];
  logits: NDArray;
}

/** The forward pass: logits [B, classes] for inputs x [B, features], with the cache for backward. */
export function forward(net: Network, x: NDArray): ForwardCache {
  const act = ACTIVATIONS[net.activation];
  const inputs: NDArray[] = [];
  const preActivations: NDArray[] = [];
  let a = x;
  net.layers.forEach((layer, i) => {
    inputs.push(a);
    const z = a.matmul(layer.weight).add(layer.bias);
    preActivations.push(z);
    a = i < net.layers.length - 1 ? act.f(z) : z;
  });
  return { inputs, preActivations, logits: a };
}

/**
 * Mean softmax cross-entropy of logits [B, C] against int32 labels [B],
 * computed stably: log softmax(z)ᵢ = zᵢ − logsumexp(z), where logsumexp
 * subtracts the row maximum before exponentiating so nothing overflows.
 * Also returns dLoss/dlogits = (softmax(z) − onehot(y)) / B. The loss and
 * the count of correct argmax predictions stay one-element arrays, so a GPU
 * runs the whole step without waiting for a read-back; read them with
 * `await x.data()` (or `.item()` on the CPU backends).
 */
export function softmaxCrossEntropy(
  logits: NDArray,
  labels: NDArray,
): { loss: NDArray; dLogits: NDArray; correct: NDArray } {
  const [b, c] = logits.shape as [number, number];
  const max = logits.max(1, true);
  const shifted = logits.sub(max);
  const lse = shifted.exp().sum(1, true).log(); // log Σ exp(z − max)
  const logProbs = shifted.sub(lse);
  const target = oneHot(labels, c).float();
  const loss = logProbs.mul(target).sum().div(-b);
  const dLogits = logProbs.exp().sub(target).div(b);
  const correct = logits.argmax(1).eq(labels).sum();
  return { loss, dLogits, correct };
}

/** The backward pass: dW and db of every layer, from dLoss/dlogits. */
export function backward(net: Network, cache: ForwardCache, dLogits: NDArray): Layer[] {
  const act = ACTIVATIONS[net.activation];
  const grads: Layer[] = new Array(net.layers.length);
  let dz = dLogits;
  for (let i = net.layers.length - 1; i >= 0; i--) {
    grads[i] = { weight: cache.inputs[i]!.T.matmul(dz), bias: dz.sum(0) };
    if (i > 0) {
      const da = dz.matmul(net.layers[i]!.weight.T); // dLoss/da of the layer below
      dz = da.mul(act.df(cache.preActivations[i - 1]!));
    }
  }
  return grads;
}

/** Plain gradient descent, in place: W ← W − lr·dW, b ← b − lr·db. */
export function update(net: Network, grads: readonly Layer[], lr: number): void {
  net.layers.forEach((layer, i) => {
    layer.weight.sub_(grads[i]!.weight.mul(lr));
    layer.bias.sub_(grads[i]!.bias.mul(lr));
  });
}

/** Number of weights and biases. */
export function parameterCount(net: Network): number {
  return net.layers.reduce((n, l) => n + l.weight.size + l.bias.size, 0);
}
