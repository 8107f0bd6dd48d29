/** Figures of the `gd-variants` lab: accuracy curves and the final bars. */
import { barChart, lineChart, subplots } from '@gradlab/viz';
import type { VariantHistory } from './train-variants.js';

/** Test accuracy against samples seen (log axis) and against training seconds, one line per method. */
export function curvesFigure(
  names: readonly string[],
  histories: readonly VariantHistory[],
): string {
  const bySamples = lineChart({
    series: histories.map((h, i) => ({
      name: names[i]!,
      x: h.samples.slice(1),
      y: h.testAccuracy.slice(1).map((a) => 100 * a),
    })),
    title: 'Test accuracy vs training examples processed',
    xLabel: 'samples seen (log scale, repeats counted)',
    yLabel: 'test accuracy (%)',
    xScale: 'log',
    yDomain: [0, 100],
    markers: true,
    legendPosition: 'top-left',
    width: 560,
    height: 400,
  });
  const bySeconds = lineChart({
    series: histories.map((h, i) => ({
      name: names[i]!,
      x: h.seconds,
      y: h.testAccuracy.map((a) => 100 * a),
    })),
    title: 'Test accuracy vs training time',
    xLabel: 'training seconds (evaluation excluded)',
    yLabel: 'test accuracy (%)',
    yDomain: [0, 100],
    markers: true,
    legendPosition: 'bottom-right',
    width: 560,
    height: 400,
  });
  return subplots([bySamples, bySeconds], { cols: 2 });
}

/** Bars of the final test accuracy and the training time of each method. */
export function barsFigure(
  names: readonly string[],
  accuracy: readonly number[],
  seconds: readonly number[],
): string {
  return subplots(
    [
      barChart({
        categories: names,
        series: [{ values: accuracy.map((a) => 100 * a) }],
        title: 'Final test accuracy (%)',
        yLabel: 'accuracy (%)',
        yDomain: [0, 100],
        decimals: 1,
        width: 460,
        height: 360,
      }),
      barChart({
        categories: names,
        series: [{ values: [...seconds] }],
        title: 'Training time (s)',
        yLabel: 'seconds',
        decimals: 1,
        width: 460,
        height: 360,
      }),
    ],
    { cols: 2 },
  );
}
