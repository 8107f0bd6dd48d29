/** The figures of the credit-risk-mlp lab. */
import { Tensor } from '@gradlab/autograd';
import type { StandardScaler } from '@gradlab/datasets';
import type { Sequential } from '@gradlab/nn';
import { array, type NDArray } from '@gradlab/tensor';
import { decisionRegions, lineChart, subplots } from '@gradlab/viz';
import type { History } from '../../lib/train.js';

/** Loss and accuracy per epoch, scaled vs raw features. */
export function curvesFigure(scaled: History, raw: History): string {
  const x = scaled.epoch;
  return subplots(
    [
      lineChart({
        series: [
          { name: 'standardised', x, y: scaled.trainLoss },
          { name: 'raw features', x: raw.epoch, y: raw.trainLoss, dash: true },
        ],
        title: 'Training loss (BCE)',
        xLabel: 'epoch',
        yLabel: 'loss',
        legendPosition: 'top-right',
        width: 460,
        height: 340,
      }),
      lineChart({
        series: [
          { name: 'standardised', x, y: scaled.trainAccuracy },
          { name: 'raw features', x: raw.epoch, y: raw.trainAccuracy, dash: true },
        ],
        yDomain: [0, 1.05],
        title: 'Training accuracy',
        xLabel: 'epoch',
        yLabel: 'accuracy',
        legendPosition: 'bottom-right',
        width: 460,
        height: 340,
      }),
    ],
    { cols: 2 },
  );
}

/** Every parameter over the epochs: one panel per hidden unit (its weights from age and income, and its bias), one for the output unit. */
export function weightsFigure(
  trajectory: readonly { epoch: number; params: Record<string, number[]> }[],
): string {
  const epochs = trajectory.map((t) => t.epoch);
  const track = (name: string, k: number) => trajectory.map((t) => t.params[name]![k]!);
  const hidden = trajectory[0]!.params['0.bias']!.length;
  const panel = (title: string, series: { name: string; y: number[] }[]) =>
    lineChart({
      series: series.map((s) => ({ ...s, x: epochs })),
      markers: false,
      title,
      xLabel: 'epoch',
      yLabel: 'value',
      width: 340,
      height: 300,
    });
  const panels = Array.from({ length: hidden }, (_, j) =>
    panel(`hidden unit ${j + 1} (layer 1)`, [
      { name: 'w from age', y: track('0.weight', 2 * j) },
      { name: 'w from income', y: track('0.weight', 2 * j + 1) },
      { name: 'bias', y: track('0.bias', j) },
    ]),
  );
  panels.push(
    panel('output unit (layer 2)', [
      ...Array.from({ length: hidden }, (_, j) => ({
        name: `w from h${j + 1}`,
        y: track('2.weight', j),
      })),
      { name: 'bias', y: track('2.bias', 0) },
    ]),
  );
  return subplots(panels, { cols: 3, title: 'Weights of every layer during training' });
}

/** P(risk) over the original (age, income) plane, with the six applicants. */
export function boundaryFigure(
  model: Sequential,
  scaler: StandardScaler,
  xRaw: NDArray,
  y: NDArray,
): string {
  const res = 80;
  const ages = Array.from({ length: res }, (_, i) => 20 + (45 * i) / (res - 1));
  const incomes = Array.from({ length: res }, (_, i) => 10000 + (45000 * i) / (res - 1));
  const grid = array(incomes.flatMap((inc) => ages.map((a) => [a, inc])));
  const p = model.forward(new Tensor(scaler.transform(grid))).data.dataSync();
  const rows = xRaw.toArray() as number[][];
  return decisionRegions({
    x: ages,
    y: incomes,
    values: incomes.map((_, i) => Array.from(p.subarray(i * res, (i + 1) * res))),
    kind: 'probability',
    points: {
      x: rows.map((r) => r[0]!),
      y: rows.map((r) => r[1]!),
      labels: Array.from(y.dataSync()),
    },
    classNames: ['low risk (0)', 'high risk (1)'],
    title: 'P(risk) over age and income (original units)',
    xLabel: 'age (years)',
    yLabel: 'income',
    legendPosition: 'top-left',
    width: 560,
    height: 440,
  });
}
