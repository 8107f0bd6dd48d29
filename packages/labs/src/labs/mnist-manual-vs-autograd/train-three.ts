/**
 * The three training procedures of the lab, all over the same seeded
 * mini-batch order: hand-written backprop with SGD on NDArrays, and autograd
 * (nn modules) with SGD or Adam.
 */
import { Tensor } from '@gradlab/autograd';
import { crossEntropy, type Linear, type Sequential } from '@gradlab/nn';
import { Adam, type Optimizer, SGD } from '@gradlab/optim';
import { Generator, type NDArray } from '@gradlab/tensor';
import { readScalars } from '../../lib/train.js';
import {
  backward,
  forward,
  type Network,
  softmaxCrossEntropy,
  update,
} from '../mnist-from-scratch/network.js';
import { evaluateNetwork, miniBatches } from '../mnist-from-scratch/train-scratch.js';
import { accuracyOf, predictClasses } from '../mnist-mlp/model.js';

/** Training and test data, flattened. */
export interface Data {
  xTrain: NDArray;
  yTrain: NDArray;
  xTest: NDArray;
  yTest: NDArray;
}

/** Per-epoch record of one procedure. */
export interface RunHistory {
  trainLoss: number[];
  testAccuracy: number[];
  /** Seconds of training (no evaluation) per epoch. */
  seconds: number[];
}

/** Common options: learning rate, batch size, epochs, the seed of the batch order, a per-batch hook. */
export interface RunOptions {
  lr: number;
  batchSize: number;
  epochs: number;
  orderSeed: number;
  onBatch?: (epoch: number, loss: number) => void;
  onEpoch?: (epoch: number, h: RunHistory) => void;
}

/** A copy of an nn MLP's weights as a from-scratch network (W stored [in, out]). */
export function toScratch(model: Sequential): Network {
  const linears = model.layers.filter((_, i) => i % 2 === 0) as Linear[];
  return {
    sizes: [784, 128, 64, 10],
    activation: 'relu',
    layers: linears.map((l) => ({
      weight: l.weight.data.T.contiguous().clone(),
      bias: l.bias!.data.clone(),
    })),
  };
}

async function loop(
  data: Data,
  o: RunOptions,
  /** One update on the rows `index`; returns the batch loss (a one-element array). */
  step: (index: number[]) => NDArray,
  evaluate: () => Promise<number>,
): Promise<RunHistory> {
  const h: RunHistory = { trainLoss: [], testAccuracy: [], seconds: [] };
  const order = new Generator(o.orderSeed);
  const n = data.xTrain.shape[0]!;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let lossSum = 0;
    let seen = 0;
    for (const idx of miniBatches(n, o.batchSize, order)) {
      const index = Array.from(idx);
      const [loss] = await readScalars(step(index));
      if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} in epoch ${epoch}`);
      lossSum += loss * index.length;
      seen += index.length;
      o.onBatch?.(epoch, lossSum / seen);
    }
    h.seconds.push((performance.now() - t0) / 1000);
    h.trainLoss.push(lossSum / seen);
    h.testAccuracy.push(await evaluate());
    o.onEpoch?.(epoch, h);
  }
  return h;
}

/** Hand-written backprop: forward, softmax cross-entropy, backward and W ← W − lr·dW, no autograd. */
export function trainManual(net: Network, data: Data, o: RunOptions): Promise<RunHistory> {
  return loop(
    data,
    o,
    (index) => {
      const cache = forward(net, data.xTrain.indexSelect(0, index));
      const { loss, dLogits } = softmaxCrossEntropy(
        cache.logits,
        data.yTrain.indexSelect(0, index),
      );
      update(net, backward(net, cache, dLogits), o.lr);
      return loss;
    },
    async () => (await evaluateNetwork(net, data.xTest, data.yTest)).accuracy,
  );
}

/** Autograd: loss.backward() fills the gradients, the optimizer (SGD or Adam) steps. */
export async function trainAutograd(
  model: Sequential,
  kind: 'sgd' | 'adam',
  data: Data,
  o: RunOptions & { adamLr: number },
): Promise<RunHistory> {
  const opt: Optimizer =
    kind === 'sgd'
      ? new SGD(model.parameters(), { lr: o.lr })
      : new Adam(model.parameters(), { lr: o.adamLr });
  const labels = await data.yTest.data();
  return loop(
    data,
    o,
    (index) => {
      const out = model.forward(new Tensor(data.xTrain.indexSelect(0, index)));
      const loss = crossEntropy(out, data.yTrain.indexSelect(0, index));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.data;
    },
    async () => accuracyOf(await predictClasses(model, data.xTest), labels),
  );
}
