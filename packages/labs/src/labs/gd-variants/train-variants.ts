/**
 * The training loop of the `gd-variants` lab: plain SGD updates on batches of
 * a given size (the whole training set for batch gradient descent, 1 for
 * stochastic, 32 for mini-batch), with the test accuracy measured at
 * geometrically spaced steps so the curves read well on a log axis of
 * samples seen. Evaluation time is not counted as training time.
 */
import { Tensor } from '@gradlab/autograd';
import { crossEntropy, type Module } from '@gradlab/nn';
import { SGD } from '@gradlab/optim';
import { Generator, type NDArray } from '@gradlab/tensor';
import { miniBatches } from '../mnist-from-scratch/train-scratch.js';
import { accuracyOf, predictClasses } from '../mnist-mlp/model.js';

/** Training and test data, flattened. */
export interface Data {
  xTrain: NDArray;
  yTrain: NDArray;
  xTest: NDArray;
  yTest: NDArray;
}

/** How one variant trains. */
export interface VariantOptions {
  /** Examples per step; the number of training images for batch gradient descent. */
  batchSize: number;
  lr: number;
  /** Update steps to take. */
  steps: number;
  /** Seed of the shuffled order (ignored when a batch is the whole training set). */
  orderSeed: number;
  /** About how many evaluation points besides the start (geometrically spaced). */
  evalPoints?: number;
  /** Called after every step with the running mean training loss. */
  onStep?: (loss: number) => void;
}

/** What a variant did: the accuracy curve and the totals. */
export interface VariantHistory {
  /** Steps taken at each evaluation point (0 = the initial weights). */
  steps: number[];
  /** Training examples processed at each evaluation point (counting repeats). */
  samples: number[];
  /** Seconds spent training (not evaluating) at each evaluation point. */
  seconds: number[];
  testAccuracy: number[];
  /** Mean training loss over the steps since the previous evaluation point. */
  trainLoss: number[];
  totalSteps: number;
  totalSamples: number;
  trainSeconds: number;
}

/** Integer steps from 1 to `last`, about `points` of them, spaced geometrically (always ending at `last`). */
export function geometricSteps(last: number, points: number): number[] {
  const out = new Set<number>();
  for (let i = 1; i <= points; i++) out.add(Math.round(last ** (i / points)));
  out.add(last);
  return [...out].filter((s) => s >= 1).sort((a, b) => a - b);
}

/**
 * Trains `model` with plain SGD (W ← W − lr·∇W) for `o.steps` steps of
 * `o.batchSize` examples, reshuffling the order at every pass over the data.
 */
export async function trainVariant(
  model: Module,
  data: Data,
  o: VariantOptions,
): Promise<VariantHistory> {
  const n = data.xTrain.shape[0]!;
  if (!Number.isInteger(o.steps) || o.steps < 1)
    throw new Error(`trainVariant: steps must be an integer ≥ 1, got ${o.steps}`);
  const full = o.batchSize >= n;
  const opt = new SGD(model.parameters(), { lr: o.lr });
  const labels = data.yTest.dataSync();
  const evalAt = new Set(geometricSteps(o.steps, o.evalPoints ?? 24));
  const h: VariantHistory = {
    steps: [0],
    samples: [0],
    seconds: [0],
    testAccuracy: [accuracyOf(await predictClasses(model, data.xTest), labels)],
    trainLoss: [Number.NaN],
    totalSteps: 0,
    totalSamples: 0,
    trainSeconds: 0,
  };
  const order = new Generator(o.orderSeed);
  let batches: Int32Array[] = [];
  let next = 0;
  let lossSum = 0;
  let lossCount = 0;
  let runningSum = 0;
  let seconds = 0;
  let samples = 0;
  model.train();
  for (let step = 1; step <= o.steps; step++) {
    const t0 = performance.now();
    let x: NDArray;
    let y: NDArray;
    if (full) {
      x = data.xTrain;
      y = data.yTrain;
    } else {
      if (next >= batches.length) {
        batches = miniBatches(n, o.batchSize, order);
        next = 0;
      }
      const index = Array.from(batches[next++]!);
      x = data.xTrain.indexSelect(0, index);
      y = data.yTrain.indexSelect(0, index);
    }
    const loss = crossEntropy(model.forward(new Tensor(x)), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    const lv = loss.item();
    seconds += (performance.now() - t0) / 1000;
    if (!Number.isFinite(lv))
      throw new Error(`the loss became ${lv} at step ${step}; lower the learning rate`);
    samples += x.shape[0]!;
    lossSum += lv;
    lossCount++;
    runningSum += lv;
    o.onStep?.(runningSum / step);
    if (evalAt.has(step)) {
      h.steps.push(step);
      h.samples.push(samples);
      h.seconds.push(seconds);
      h.testAccuracy.push(accuracyOf(await predictClasses(model, data.xTest), labels));
      h.trainLoss.push(lossSum / lossCount);
      lossSum = 0;
      lossCount = 0;
    }
  }
  h.totalSteps = o.steps;
  h.totalSamples = samples;
  h.trainSeconds = seconds;
  return h;
}

/** Seconds to predict the classes of the whole test set (the best of `repeats` timings) and the accuracy. */
export async function timeInference(
  model: Module,
  data: Data,
  repeats = 3,
): Promise<{ seconds: number; accuracy: number }> {
  const labels = data.yTest.dataSync();
  let best = Number.POSITIVE_INFINITY;
  let accuracy = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const predicted = await predictClasses(model, data.xTest);
    best = Math.min(best, (performance.now() - t0) / 1000);
    accuracy = accuracyOf(predicted, labels);
  }
  return { seconds: best, accuracy };
}
