/** The lstm-weather lab's figures. */
import { lineChart, subplots } from '@gradlab/viz';
import type { History } from '../../lib/train.js';
import type { DailySeries } from './data.js';

/** Training and test MSE per epoch in the series' units², log axis. */
export function weatherLossFigure(
  h: History,
  toUnits: number,
  unit: string,
  naiveMse: number,
): string {
  return lineChart({
    series: [
      { name: 'training MSE', x: h.epoch, y: h.trainLoss.map((v) => v * toUnits) },
      { name: 'test MSE', x: h.epoch, y: h.valLoss.map((v) => v * toUnits), dash: true },
      {
        name: `naive "tomorrow = today" (${naiveMse.toFixed(2)})`,
        x: [h.epoch[0]!, h.epoch.at(-1)!],
        y: [naiveMse, naiveMse],
        color: '#888888',
        dash: '2 3',
      },
    ],
    title: 'Stacked LSTM: MSE per epoch',
    xLabel: 'epoch',
    yLabel: `MSE (${unit}²)`,
    yScale: 'log',
    markers: false,
    width: 760,
    height: 380,
  });
}

/** The whole series (training span, test span) and, below, the test span with the forecasts by date. */
export function forecastFigure(
  s: DailySeries,
  label: string,
  split: number,
  testDates: Date[],
  actual: Float32Array,
  predicted: Float32Array,
  naive: Float32Array,
  zoomDays: number,
): string {
  const z = Math.max(0, actual.length - zoomDays);
  return subplots(
    [
      lineChart({
        series: [
          {
            name: 'training span',
            x: s.dates.slice(0, split),
            y: s.values.slice(0, split),
            strokeWidth: 1,
          },
          { name: 'test span (actual)', x: testDates, y: actual, strokeWidth: 1 },
          { name: 'LSTM forecast', x: testDates, y: predicted, strokeWidth: 1.5 },
        ],
        title: 'The whole series: training span, test span and the LSTM’s forecasts',
        xLabel: 'date',
        yLabel: label,
        markers: false,
        legendPosition: 'top-left',
        width: 980,
        height: 340,
      }),
      lineChart({
        series: [
          {
            name: 'actual',
            x: testDates.slice(z),
            y: actual.slice(z),
            color: '#555555',
            marker: 'circle',
          },
          {
            name: 'LSTM forecast',
            x: testDates.slice(z),
            y: predicted.slice(z),
            color: '#d62728',
            strokeWidth: 2,
          },
          {
            name: 'naive: tomorrow = today',
            x: testDates.slice(z),
            y: naive.slice(z),
            color: '#2ca02c',
            dash: true,
          },
        ],
        title: `The last ${actual.length - z} test days: actual vs one-day-ahead forecasts`,
        xLabel: 'date',
        yLabel: label,
        markers: false,
        legendPosition: 'top-left',
        width: 980,
        height: 360,
      }),
    ],
    { cols: 1 },
  );
}
