/** The rnn-sine lab's figures. */
import { lineChart } from '@gradlab/viz';
import type { History } from '../../lib/train.js';

/** Training and test MSE per epoch on a log axis. */
export function sineLossFigure(h: History, lr: number, batchSize: number, noise: number): string {
  return lineChart({
    series: [
      { name: 'training MSE', x: h.epoch, y: h.trainLoss },
      { name: 'test MSE', x: h.epoch, y: h.valLoss, dash: true },
      ...(noise > 0
        ? [
            {
              name: `noise variance ${(noise * noise).toFixed(4)}`,
              x: [h.epoch[0]!, h.epoch.at(-1)!],
              y: [noise * noise, noise * noise],
              color: '#888888',
              dash: '2 3',
            },
          ]
        : []),
    ],
    title: `Sine RNN: MSE per epoch (Adam lr ${lr}, batch ${batchSize})`,
    xLabel: 'epoch',
    yLabel: 'MSE',
    yScale: 'log',
    markers: false,
    width: 760,
    height: 380,
  });
}

/** The noisy test values, the RNN's forecasts and the naive forecasts over time. */
export function sinePredictionFigure(
  t: readonly number[],
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  naive: ArrayLike<number>,
): string {
  return lineChart({
    series: [
      { name: 'actual (noisy)', x: t, y: actual, color: '#999999', marker: 'circle' },
      { name: 'RNN forecast', x: t, y: predicted, strokeWidth: 2 },
      { name: 'naive: next = last', x: t, y: naive, dash: true },
    ],
    title: 'Test span: actual vs one-step forecasts',
    xLabel: 't (radians)',
    yLabel: 'value',
    markers: false,
    legendPosition: 'bottom-right',
    width: 900,
    height: 400,
  });
}
