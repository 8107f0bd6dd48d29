/** The poly-optimizers lab's figures: loss curves, learned functions, predicted vs true. */
import type { NDArray } from '@gradlab/tensor';
import {
  dotMark,
  lineChart,
  lineMark,
  plot,
  scatterPlot,
  seriesColor,
  subplots,
} from '@gradlab/viz';

/** Train and test MSE per epoch (log y) for every optimiser, with the noise floor. */
export function lossFigure(
  results: readonly { name: string; trainMse: number[]; testMse: number[] }[],
  noiseFloor: number,
): string {
  const epochs = results[0]!.trainMse.map((_, i) => i + 1);
  const floor = {
    name: `σ² = ${noiseFloor}`,
    x: [1, epochs.length],
    y: [noiseFloor, noiseFloor],
    color: '#555555',
    dash: true,
  };
  const panel = (which: 'trainMse' | 'testMse', title: string) =>
    lineChart({
      series: [
        ...results.map((r, i) => ({ name: r.name, x: epochs, y: r[which], color: seriesColor(i) })),
        ...(noiseFloor > 0 ? [floor] : []),
      ],
      title,
      xLabel: 'epoch',
      yLabel: 'MSE (units of y²)',
      yScale: 'log',
      markers: false,
      legendPosition: 'top-right',
      width: 760,
      height: 340,
    });
  return subplots([panel('trainMse', 'Training MSE'), panel('testMse', 'Test MSE')], {
    cols: 1,
    title: 'Loss per epoch, same initial weights, batch order and epochs',
  });
}

/** The learned curves over the input range with the test points and the true parabola. */
export function fitsFigure(
  grid: NDArray,
  curves: readonly { name: string; y: number[] }[],
  xTest: NDArray,
  yTest: NDArray,
): string {
  const x = Array.from(grid.dataSync());
  const truth = x.map((v) => 3 * v * v + 2 * v + 1);
  return plot({
    caller: 'fitsFigure',
    title: 'Learned functions vs the true curve y = 3x² + 2x + 1',
    width: 760,
    height: 460,
    marks: [
      dotMark({ x: xTest.dataSync(), y: yTest.dataSync(), fill: '#bbbbbb', r: 3 }),
      ...curves.map((c, i) => lineMark({ x, y: c.y, stroke: seriesColor(i), strokeWidth: 2 })),
      lineMark({ x, y: truth, stroke: '#111111', dash: '6 4', strokeWidth: 1.5 }),
    ],
    x: { label: 'x' },
    y: { label: 'y' },
    legend: [
      { label: 'test points', color: '#bbbbbb', kind: 'dot', symbol: 'circle' },
      ...curves.map((c, i) => ({ label: c.name, color: seriesColor(i), kind: 'line' as const })),
      { label: 'true 3x² + 2x + 1', color: '#111111', kind: 'line', dash: '6 4' },
    ],
    legendPosition: 'top-left',
  });
}

/** One predicted-vs-true panel per optimiser, on shared axes, with the diagonal. */
export function predictedVsTrueFigure(
  preds: readonly { name: string; predicted: number[] }[],
  truth: number[],
): string {
  const all = [...truth, ...preds.flatMap((p) => p.predicted)];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = 0.05 * (hi - lo);
  const domain = [lo - pad, hi + pad] as const;
  const panels = preds.map((p, i) =>
    scatterPlot({
      x: truth,
      y: p.predicted,
      labels: truth.map(() => i),
      classNames: Array.from({ length: i + 1 }, () => p.name),
      lines: [{ name: 'ŷ = y', x: [...domain], y: [...domain], color: '#111111', dash: true }],
      title: p.name,
      xLabel: 'true y',
      yLabel: 'predicted y',
      xDomain: domain,
      yDomain: domain,
      r: 3,
      legendPosition: 'top-left',
      width: 380,
      height: 360,
    }),
  );
  return subplots(panels, { cols: 2, title: 'Predicted vs true y on the test split' });
}
