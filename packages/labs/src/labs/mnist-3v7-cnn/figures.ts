/** The mnist-3v7-cnn lab's figures. */
import { confusionMatrix, lineChart, subplots } from '@gradlab/viz';
import type { History } from '../../lib/train.js';

/** Counts [[3→3, 3→7], [7→3, 7→7]] when "7" is predicted for p ≥ threshold. */
export function binaryConfusion(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): number[][] {
  const m = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![probabilities[i]! >= threshold ? 1 : 0]!++;
  return m;
}

/** Fraction correct in a 2×2 confusion matrix. */
export function accuracy(m: number[][]): number {
  return (m[0]![0]! + m[1]![1]!) / (m[0]![0]! + m[0]![1]! + m[1]![0]! + m[1]![1]!);
}

export function confusionFigure(matrix: number[][], title: string, size = 360): string {
  return confusionMatrix({
    matrix,
    classNames: ['3', '7'],
    title,
    width: size,
    height: size - 30,
  });
}

/** Training and validation loss and accuracy per epoch, the best epoch marked. */
export function learningCurves(h: History, title: string, width = 440): string {
  const best = { name: `best (epoch ${h.bestEpoch})`, x: [h.bestEpoch], y: [0] };
  const bi = h.epoch.indexOf(h.bestEpoch);
  return subplots(
    [
      lineChart({
        series: [
          { name: 'training', x: h.epoch, y: h.trainLoss },
          { name: 'validation', x: h.epoch, y: h.valLoss, dash: true },
          { ...best, y: [h.valLoss[bi]!] },
        ],
        title: 'Binary cross-entropy',
        xLabel: 'epoch',
        yLabel: 'loss',
        yScale: 'log',
        markers: true,
        width,
        height: 320,
      }),
      lineChart({
        series: [
          { name: 'training', x: h.epoch, y: h.trainAccuracy.map((a) => 100 * a) },
          { name: 'validation', x: h.epoch, y: h.valAccuracy.map((a) => 100 * a), dash: true },
        ],
        title: 'Accuracy (threshold 0.5)',
        xLabel: 'epoch',
        yLabel: 'accuracy (%)',
        legendPosition: 'bottom-right',
        markers: true,
        width,
        height: 320,
      }),
    ],
    { cols: 2, title },
  );
}

/** The validation (solid) and training (dashed) loss of each initialiser, one panel each, same y range. */
export function compareCurves(runs: { label: string; history: History }[]): string {
  const all = runs.flatMap((r) => [...r.history.trainLoss, ...r.history.valLoss]);
  const yDomain: [number, number] = [Math.min(...all) * 0.9, Math.max(...all) * 1.1];
  const maxEpoch = Math.max(...runs.map((r) => r.history.epoch.at(-1)!));
  return subplots(
    runs.map((r) =>
      lineChart({
        series: [
          { name: 'training', x: r.history.epoch, y: r.history.trainLoss, dash: true },
          { name: 'validation', x: r.history.epoch, y: r.history.valLoss },
        ],
        title: `${r.label}: best epoch ${r.history.bestEpoch}`,
        xLabel: 'epoch',
        yLabel: 'loss',
        yScale: 'log',
        yDomain,
        xDomain: [1, Math.max(2, maxEpoch)],
        markers: true,
        width: 340,
        height: 300,
      }),
    ),
    { cols: runs.length, title: 'Learning curves by kernel initialiser (binary cross-entropy)' },
  );
}
