/** The mnist-mlp lab's figures. */
import type { NDArray } from '@gradlab/tensor';
import { confusionMatrix, imageGrid, lineChart, subplots } from '@gradlab/viz';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import { pct, round4 } from './model.js';

/**
 * The rows of a per-epoch table: training loss and accuracy, then the held-out
 * set's (`valName`: test or val), the learning rate when `lr` is set, and the
 * epoch's training seconds (`secondsDigits` decimals).
 */
export function epochRows(
  h: History,
  {
    valName = 'test',
    lr = false,
    secondsDigits = 1,
  }: { valName?: string; lr?: boolean; secondsDigits?: number } = {},
): Record<string, number>[] {
  const acc = (a: number) => Number((100 * a).toFixed(2));
  return h.epoch.map((e, i) => ({
    epoch: e,
    ...(lr ? { lr: Number(h.lr[i]!.toPrecision(3)) } : {}),
    'train loss': round4(h.trainLoss[i]!),
    'train acc (%)': acc(h.trainAccuracy[i]!),
    [`${valName} loss`]: round4(h.valLoss[i]!),
    [`${valName} acc (%)`]: acc(h.valAccuracy[i]!),
    seconds: Number(h.seconds[i]!.toFixed(secondsDigits)),
  }));
}

/** Loss (log scale) and accuracy per epoch, training and test (or validation: `valName`), side by side. */
export function curvesFigure(h: History, heading: string, valName = 'test'): string {
  const pcts = (v: number[]) => v.map((a) => 100 * a);
  return subplots(
    [
      lineChart({
        series: [
          { name: 'training', x: h.epoch, y: h.trainLoss },
          { name: valName, x: h.epoch, y: h.valLoss, dash: true },
        ],
        title: 'Cross-entropy loss',
        xLabel: 'epoch',
        yLabel: 'loss',
        yScale: 'log',
        markers: true,
        width: 440,
        height: 340,
      }),
      lineChart({
        series: [
          { name: 'training', x: h.epoch, y: pcts(h.trainAccuracy) },
          { name: valName, x: h.epoch, y: pcts(h.valAccuracy), dash: true },
        ],
        title: 'Accuracy',
        xLabel: 'epoch',
        yLabel: 'accuracy (%)',
        legendPosition: 'bottom-right',
        markers: true,
        width: 440,
        height: 340,
      }),
    ],
    { cols: 2, title: heading },
  );
}

/** The first `max` test images (pixels in `range`), titled with prediction and truth (wrong ones in red). */
export function predictionsFigure(
  images: NDArray,
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  title: string,
  onlyWrong: boolean,
  max = 20,
  range: [number, number] = [-1, 1],
): { svg: string; shown: number } {
  const pick: number[] = [];
  for (let i = 0; i < labels.length && pick.length < max; i++)
    if (!onlyWrong || predicted[i] !== labels[i]) pick.push(i);
  if (pick.length === 0) return { svg: '', shown: 0 };
  const px = images.contiguous().dataSync();
  return {
    svg: imageGrid({
      images: pick.map((i) => ({
        data: px.subarray(i * 784, (i + 1) * 784),
        height: 28,
        width: 28,
      })),
      titles: pick.map((i) => `pred ${predicted[i]} / true ${labels[i]}`),
      titleColors: pick.map((i) => (predicted[i] === labels[i] ? '#1e7b34' : '#c0392b')),
      cols: 10,
      range,
      title,
    }),
    shown: pick.length,
  };
}

/**
 * The test-set figures of a 10-class MNIST model: the confusion matrix and
 * the first misclassified images (with prediction and truth), each with its
 * caption; `note` extends the captions.
 */
export function testSetFigures(
  ctx: LabContext,
  o: {
    images: NDArray;
    predicted: ArrayLike<number>;
    labels: ArrayLike<number>;
    accuracy: number;
    /** Pixel range of `images` (default [−1, 1]). */
    range?: [number, number];
    note?: { confusion?: string; mistakes?: string };
  },
): void {
  const n = o.labels.length;
  ctx.figure(
    'confusion-matrix',
    confusionMatrix({
      yTrue: o.labels,
      yPred: o.predicted,
      numClasses: 10,
      title: `Test set: ${n} images, ${pct(o.accuracy)} correct`,
      width: 520,
      height: 480,
    }),
    `Rows are the true digits, columns the predicted ones; everything off the diagonal is a mistake.${o.note?.confusion ? ` ${o.note.confusion}` : ''}`,
  );
  const wrong = predictionsFigure(
    o.images,
    o.predicted,
    o.labels,
    'Misclassified test images',
    true,
    20,
    o.range,
  );
  if (wrong.shown > 0)
    ctx.figure(
      'misclassified',
      wrong.svg,
      `The first ${wrong.shown} test images the network gets wrong, with its prediction and the true label.${o.note?.mistakes ? ` ${o.note.mistakes}` : ''}`,
    );
}
