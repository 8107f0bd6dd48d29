/** Part 2 of the sequence labs: recurrent networks learning to sum a random sequence. */
import { DataLoader, makeSequenceSums, StandardScaler } from '@gradlab/datasets';
import { mseLoss } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { NDArray, prefetch } from '@gradlab/tensor';
import { lineChart, scatterPlot, seriesColor, subplots } from '@gradlab/viz';
import type { ProgressHandle } from '../runner/lab.js';
import {
  errorScores,
  meanStd,
  predictSequences,
  type SequenceRegressor,
} from './sequence-model.js';
import { fit } from './train.js';

/** The summing task's data: sequences `[N, length, 1]` of U(0, 1) values and their sums, split 80/20. */
export interface SumTask {
  length: number;
  xTrain: NDArray;
  yTrain: NDArray;
  xTest: NDArray;
  yTest: NDArray;
  /** The test sums, read back once (yTest may live on a device). */
  testSums: Float32Array;
  /** Variance of the test sums: the MSE of always predicting their mean. */
  testVariance: number;
}

/** One model's outcome on the summing task, in units of the sum. */
export interface SumResult {
  name: string;
  key: string;
  parameters: number;
  trainMse: number[];
  testMse: number[];
  finalTestMse: number;
  seconds: number;
  predicted: Float32Array;
}

/** Makes `nSamples` random sequences of `length` steps and splits them 80/20. */
export async function makeSumTask(
  nSamples: number,
  length: number,
  seed: number,
): Promise<SumTask> {
  const { features, targets } = makeSequenceSums({ nSamples, length, seed });
  const nTrain = Math.round(0.8 * nSamples);
  const idx = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const xTrain = features.indexSelect(0, idx(0, nTrain));
  const yTrain = targets.indexSelect(0, idx(0, nTrain));
  const xTest = features.indexSelect(0, idx(nTrain, nSamples));
  const yTest = targets.indexSelect(0, idx(nTrain, nSamples));
  // Read back once: the scaler fitted on the sums reads them on the host.
  await prefetch([xTrain, yTrain, xTest, yTest]);
  const testSums = yTest.dataSync() as Float32Array;
  return {
    length,
    xTrain,
    yTrain,
    xTest,
    yTest,
    testSums,
    testVariance: meanStd(testSums).std ** 2,
  };
}

/**
 * Trains each model with Adam on the MSE of the standardised sum (the
 * scaler is fitted on the training sums) and reports the MSE per epoch in
 * units of the sum².
 */
export async function trainSumModels(
  task: SumTask,
  models: readonly { name: string; key: string; model: SequenceRegressor }[],
  o: {
    epochs: number;
    batchSize: number;
    lr: number;
    seed: number;
    progress: (label: string, total: number) => ProgressHandle;
  },
): Promise<SumResult[]> {
  const scaler = new StandardScaler().fit(task.yTrain);
  const toSum = scaler.scale![0]! ** 2;
  const results: SumResult[] = [];
  for (const { name, key, model } of models) {
    const bar = o.progress(`sum task: ${name}`, o.epochs);
    const t0 = performance.now();
    const h = await fit({
      model,
      optimizer: new Adam(model.parameters(), { lr: o.lr }),
      loss: (out, target) => mseLoss(out, target),
      train: new DataLoader([task.xTrain, scaler.transform(task.yTrain)], {
        batchSize: o.batchSize,
        shuffle: true,
        seed: o.seed,
      }),
      val: new DataLoader([task.xTest, scaler.transform(task.yTest)], { batchSize: 256 }),
      epochs: o.epochs,
      onEpochEnd: (_, hh) =>
        bar.tick({
          train_mse: hh.trainLoss.at(-1)! * toSum,
          test_mse: hh.valLoss.at(-1)! * toSum,
        }),
    });
    const seconds = (performance.now() - t0) / 1000;
    const raw = await predictSequences(model, task.xTest);
    const predicted = Float32Array.from(
      scaler.inverseTransform(NDArray.fromTypedArray(raw, [raw.length, 1])).dataSync(),
    );
    results.push({
      name,
      key,
      parameters: model.numParameters(),
      trainMse: h.trainLoss.map((v) => v * toSum),
      testMse: h.valLoss.map((v) => v * toSum),
      finalTestMse: errorScores(predicted, task.testSums).mse,
      seconds,
      predicted,
    });
  }
  return results;
}

/** Training and test MSE per epoch of each model (log y), with the variance of the sums for scale. */
export function sumLossFigure(results: readonly SumResult[], variance: number): string {
  const epochs = results[0]!.trainMse.map((_, i) => i + 1);
  return lineChart({
    series: [
      ...results.flatMap((r, i) => [
        { name: `${r.name} train`, x: epochs, y: r.trainMse, color: seriesColor(i) },
        { name: `${r.name} test`, x: epochs, y: r.testMse, color: seriesColor(i), dash: true },
      ]),
      {
        name: `variance of the sums (${variance.toFixed(2)})`,
        x: [1, epochs.length],
        y: [variance, variance],
        color: '#555555',
        dash: '2 3',
      },
    ],
    title: 'Summing task: MSE per epoch (units of the sum²)',
    xLabel: 'epoch',
    yLabel: 'MSE',
    yScale: 'log',
    markers: false,
    legendPosition: 'top-right',
    width: 760,
    height: 380,
  });
}

/** Predicted against true sums on the test sequences, one panel per model. */
export function sumPredictionsFigure(
  results: readonly SumResult[],
  actual: ArrayLike<number>,
): string {
  const y = Array.from(actual);
  const lo = Math.min(...y, ...results.flatMap((r) => Array.from(r.predicted)));
  const hi = Math.max(...y, ...results.flatMap((r) => Array.from(r.predicted)));
  const pad = 0.04 * (hi - lo);
  const d: [number, number] = [lo - pad, hi + pad];
  return subplots(
    results.map((r, i) =>
      scatterPlot({
        x: y,
        y: r.predicted,
        labels: new Array<number>(y.length).fill(i),
        classNames: results.map((m) => m.name),
        lines: [{ name: 'predicted = true', x: d, y: d, dash: true }],
        title: `${r.name}: test MSE ${r.finalTestMse.toPrecision(3)}`,
        xLabel: 'true sum',
        yLabel: 'predicted sum',
        xDomain: d,
        yDomain: d,
        r: 3,
        width: 400,
        height: 380,
      }),
    ),
    { cols: results.length },
  );
}
