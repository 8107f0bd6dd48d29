/** The mnist-from-scratch lab's figures. */
import type { NDArray } from '@gradlab/tensor';
import { imageGrid, lineChart, subplots } from '@gradlab/viz';
import type { ScratchHistory } from './train-scratch.js';

/** Loss and accuracy curves (train and test) of one network, headed with its configuration. */
export function curvesFigure(history: ScratchHistory, heading: string): string {
  const x = history.trainLoss.map((_, i) => i + 1);
  const pct = (v: number[]) => v.map((a) => 100 * a);
  return subplots(
    [
      lineChart({
        series: [
          { name: 'training', x, y: history.trainLoss },
          { name: 'test', x, y: history.testLoss, dash: true },
        ],
        title: 'Cross-entropy loss',
        xLabel: 'epoch',
        yLabel: 'loss',
        yScale: 'log',
        width: 440,
        height: 340,
      }),
      lineChart({
        series: [
          { name: 'training', x, y: pct(history.trainAccuracy) },
          { name: 'test', x, y: pct(history.testAccuracy), dash: true },
        ],
        title: 'Accuracy',
        xLabel: 'epoch',
        yLabel: 'accuracy (%)',
        legendPosition: 'bottom-right',
        width: 440,
        height: 340,
      }),
    ],
    { cols: 2, title: heading },
  );
}

/** The linear model's ten weight columns as 28×28 images (blue negative, red positive). */
export function templatesFigure(weight: NDArray): string {
  const w = weight.contiguous().dataSync(); // [784, 10]
  const images = Array.from({ length: 10 }, (_, k) => ({
    data: Array.from({ length: 784 }, (_, p) => w[p * 10 + k]!),
    height: 28,
    width: 28,
  }));
  return imageGrid({
    images,
    titles: images.map((_, k) => `digit ${k}`),
    cols: 5,
    cmap: 'bwr',
    range: 'symmetric',
    tileSize: 112,
    title: 'Linear model: the weights into each output unit, as a 28×28 image',
  });
}

/** Test accuracy per epoch of every network on one chart. */
export function comparisonFigure(
  runs: readonly { name: string; history: ScratchHistory }[],
  heading: string,
): string {
  return lineChart({
    series: runs.map((r) => ({
      name: r.name,
      x: r.history.testAccuracy.map((_, i) => i + 1),
      y: r.history.testAccuracy.map((a) => 100 * a),
    })),
    title: heading,
    xLabel: 'epoch',
    yLabel: 'test accuracy (%)',
    legendPosition: 'bottom-right',
    width: 760,
    height: 380,
  });
}

/** Test images the best network got wrong, titled with prediction and truth. */
export function mistakesFigure(
  images: NDArray,
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  max = 20,
): { svg: string; shown: number } {
  const wrong: number[] = [];
  for (let i = 0; i < labels.length && wrong.length < max; i++)
    if (predicted[i] !== labels[i]) wrong.push(i);
  if (wrong.length === 0) return { svg: '', shown: 0 };
  const px = images.contiguous().dataSync();
  return {
    svg: imageGrid({
      images: wrong.map((i) => ({
        data: px.subarray(i * 784, (i + 1) * 784),
        height: 28,
        width: 28,
      })),
      titles: wrong.map((i) => `pred ${predicted[i]} / true ${labels[i]}`),
      titleColors: wrong.map(() => '#c0392b'),
      cols: 10,
      range: [0, 1],
      title: 'First misclassified test images',
    }),
    shown: wrong.length,
  };
}
