/** Mini-batch gradient descent for the from-scratch networks, with per-epoch evaluation. */
import { cpuBackend, type Generator, type NDArray, randperm } from '@gradlab/tensor';
import { readScalars } from '../../lib/train.js';
import { backward, forward, type Network, softmaxCrossEntropy, update } from './network.js';

/** Per-epoch record of one network's training. */
export interface ScratchHistory {
  /** Mean loss and accuracy over the epoch's mini-batches (the weights change during the epoch). */
  trainLoss: number[];
  trainAccuracy: number[];
  testLoss: number[];
  testAccuracy: number[];
  /** Seconds spent on the mini-batch updates of each epoch (evaluation not included). */
  seconds: number[];
}

/** The row indices of each mini-batch of one epoch: a fresh seeded shuffle, the last batch may be smaller. */
export function miniBatches(n: number, batchSize: number, generator: Generator): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`miniBatches: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const order = Int32Array.from(randperm(n, { generator, backend: cpuBackend }).dataSync());
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += batchSize)
    batches.push(order.subarray(start, Math.min(n, start + batchSize)));
  return batches;
}

/** Mean loss and accuracy of `net` on (x, y), in chunks so the activations stay small. */
export async function evaluateNetwork(
  net: Network,
  x: NDArray,
  y: NDArray,
  chunk = 1000,
): Promise<{ loss: number; accuracy: number }> {
  const n = x.shape[0]!;
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    const out = softmaxCrossEntropy(
      forward(net, x.narrow(0, start, len)).logits,
      y.narrow(0, start, len),
    );
    const [l, c] = await readScalars(out.loss, out.correct);
    loss += l * len;
    correct += c;
  }
  return { loss: loss / n, accuracy: correct / n };
}

/** Options of {@link trainNetwork}. */
export interface TrainOptions {
  lr: number;
  batchSize: number;
  epochs: number;
  generator: Generator;
  /** After every mini-batch, with the epoch's running loss and accuracy. */
  onBatch?: (loss: number, accuracy: number) => void;
  /** After every epoch, with the history so far. */
  onEpoch?: (epoch: number, history: ScratchHistory) => void;
}

/**
 * Trains `net` in place by mini-batch gradient descent — forward, loss,
 * backward, update for every batch — and evaluates it on the test set after
 * every epoch.
 */
export async function trainNetwork(
  net: Network,
  data: { xTrain: NDArray; yTrain: NDArray; xTest: NDArray; yTest: NDArray },
  o: TrainOptions,
): Promise<ScratchHistory> {
  const h: ScratchHistory = {
    trainLoss: [],
    trainAccuracy: [],
    testLoss: [],
    testAccuracy: [],
    seconds: [],
  };
  const n = data.xTrain.shape[0]!;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (const idx of miniBatches(n, o.batchSize, o.generator)) {
      const index = Array.from(idx);
      const xb = data.xTrain.indexSelect(0, index);
      const yb = data.yTrain.indexSelect(0, index);
      const cache = forward(net, xb);
      const out = softmaxCrossEntropy(cache.logits, yb);
      update(net, backward(net, cache, out.dLogits), o.lr);
      // Read after queueing the update: a GPU computes it while the loss comes back.
      const [loss, c] = await readScalars(out.loss, out.correct);
      if (!Number.isFinite(loss))
        throw new Error(`trainNetwork: the loss became ${loss} in epoch ${epoch}; lower --lr`);
      lossSum += loss * index.length;
      correct += c;
      seen += index.length;
      o.onBatch?.(lossSum / seen, correct / seen);
    }
    h.seconds.push((performance.now() - t0) / 1000);
    h.trainLoss.push(lossSum / seen);
    h.trainAccuracy.push(correct / seen);
    const test = await evaluateNetwork(net, data.xTest, data.yTest);
    h.testLoss.push(test.loss);
    h.testAccuracy.push(test.accuracy);
    o.onEpoch?.(epoch, h);
  }
  return h;
}
