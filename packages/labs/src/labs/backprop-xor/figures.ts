/** The figures of the backprop-xor lab (SVG strings from @gradlab/viz). */
import { array } from '@gradlab/tensor';
import { barChart, decisionRegions, lineChart, scatterPlot, subplots } from '@gradlab/viz';
import type { SigmoidNetwork } from './network.js';

interface NetRun {
  name: string;
  net: SigmoidNetwork;
  history: number[];
  predictions: number[];
}

/** Loss per epoch of every network, log y axis. */
export function lossFigure(nets: readonly NetRun[]): string {
  return lineChart({
    series: nets.map((n) => ({ name: n.name, y: n.history, x: n.history.map((_, i) => i + 1) })),
    yScale: 'log',
    title: 'Training loss (full-batch gradient descent)',
    xLabel: 'epoch',
    yLabel: 'loss',
    legendPosition: 'bottom-left',
  });
}

/** Targets and each network's output for the four inputs, as grouped bars. */
export function predictionsFigure(
  inputs: readonly string[],
  targets: readonly number[],
  nets: readonly NetRun[],
): string {
  return barChart({
    categories: inputs.map((s) => `x = ${s}`),
    series: [
      { name: 'target', values: targets },
      ...nets.map((n) => ({ name: n.name, values: n.predictions })),
    ],
    decimals: 2,
    yDomain: [0, 1.15],
    title: 'XOR: targets and network outputs',
    xLabel: 'input',
    yLabel: 'output ŷ',
    legendPosition: 'top-right',
  });
}

/** P(class 1) of every network over [−0.5, 1.5]², with the four XOR points. */
export function regionsFigure(nets: readonly NetRun[]): string {
  const res = 81;
  const grid = Array.from({ length: res }, (_, i) => -0.5 + (2 * i) / (res - 1));
  const rows = grid.flatMap((yv) => grid.map((xv) => [xv, yv]));
  const panels = nets.map((n) => {
    const out = n.net.predict(array(rows, { dtype: 'float64' })).dataSync();
    const values = grid.map((_, i) => Array.from(out.subarray(i * res, (i + 1) * res)));
    return decisionRegions({
      x: grid,
      y: grid,
      values,
      kind: 'probability',
      points: { x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels: [0, 1, 1, 0] },
      classNames: ['0', '1'],
      title: `${n.name}: output over the input plane`,
      xLabel: 'x1',
      yLabel: 'x2',
      width: 420,
      height: 380,
    });
  });
  return subplots(panels, { cols: 2 });
}

/** Max error per seed for each architecture, with the convergence threshold. */
export function sweepFigure(
  seeds: readonly number[],
  sweeps: readonly { name: string; runs: { maxError: number }[] }[],
  tolerance: number,
): string {
  const shift = (k: number) => (k - (sweeps.length - 1) / 2) * 0.12;
  return scatterPlot({
    x: sweeps.flatMap((_, k) => seeds.map((s) => s + shift(k))),
    y: sweeps.flatMap((s) => s.runs.map((r) => r.maxError)),
    labels: sweeps.flatMap((_, k) => seeds.map(() => k)),
    classNames: sweeps.map((s) => s.name),
    lines: [
      {
        name: `converged below ${tolerance}`,
        x: [seeds[0]! - 0.5, seeds.at(-1)! + 0.5],
        y: [tolerance, tolerance],
        dash: true,
        color: '#888',
      },
    ],
    xDomain: [seeds[0]! - 0.5, seeds.at(-1)! + 0.5],
    yDomain: [0, 1],
    title: 'Seed sweep: worst |ŷ − y| after training',
    xLabel: 'seed',
    yLabel: 'max error',
    legendPosition: 'top-right',
  });
}
