/** The figures of the mlp-flu lab. */
import { Tensor } from '@gradlab/autograd';
import type { StandardScaler } from '@gradlab/datasets';
import type { Module } from '@gradlab/nn';
import { array, type NDArray } from '@gradlab/tensor';
import { decisionRegions, lineChart, scatterPlot, subplots } from '@gradlab/viz';
import type { History } from '../../lib/train.js';

/** Loss and accuracy per epoch, with a marker every 10 epochs. */
export function curvesFigure(h: History): string {
  const every = h.epoch.filter((e) => e % 10 === 0);
  const at = (ys: number[]) => every.map((e) => ys[e - 1]!);
  const panel = (name: string, ys: number[], extra: object) =>
    lineChart({
      series: [
        { name: `${name} (every epoch)`, x: h.epoch, y: ys, marker: false },
        { name: 'every 10 epochs', x: every, y: at(ys), marker: 'circle', strokeWidth: 0 },
      ],
      xLabel: 'epoch',
      yLabel: name,
      width: 460,
      height: 320,
      ...extra,
    });
  return subplots(
    [
      panel('loss', h.trainLoss, { title: 'Training loss (BCE)', legendPosition: 'top-right' }),
      panel('accuracy', h.trainAccuracy, {
        title: 'Training accuracy',
        yDomain: [0, 1.05],
        legendPosition: 'bottom-right',
      }),
    ],
    { cols: 2 },
  );
}

/** P(flu) over the original (°F, inflammation) plane. */
export function boundaryFigure(
  model: Module,
  scaler: StandardScaler,
  xRaw: NDArray,
  y: NDArray,
): string {
  const res = 90;
  const temps = Array.from({ length: res }, (_, i) => 97.8 + (3 * i) / (res - 1));
  const infl = Array.from({ length: res }, (_, i) => (1.1 * i) / (res - 1));
  const grid = array(infl.flatMap((v) => temps.map((t) => [t, v])));
  const p = model.forward(new Tensor(scaler.transform(grid))).data.dataSync();
  const rows = xRaw.toArray() as number[][];
  return decisionRegions({
    x: temps,
    y: infl,
    values: infl.map((_, i) => Array.from(p.subarray(i * res, (i + 1) * res))),
    kind: 'probability',
    points: {
      x: rows.map((r) => r[0]!),
      y: rows.map((r) => r[1]!),
      labels: Array.from(y.dataSync()),
    },
    classNames: ['no flu', 'flu'],
    title: 'P(flu) over temperature and inflammation',
    xLabel: 'temperature (°F)',
    yLabel: 'inflammation',
    legendPosition: 'top-left',
    width: 560,
    height: 440,
  });
}

/** The hidden activations projected on PC1 and PC2. */
export function pcaFigure(projected: NDArray, y: NDArray, ratios: readonly number[]): string {
  const pts = projected.toArray() as number[][];
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  // One scale for both axes, so PC2's small share of the variance looks small.
  const span = (v: number[]) => Math.max(...v) - Math.min(...v);
  const half = Math.max(span(xs), span(ys), 0.2) * 0.6;
  const around = (v: number[]) => {
    const mid = (Math.max(...v) + Math.min(...v)) / 2;
    return [mid - half, mid + half] as const;
  };
  return scatterPlot({
    x: xs,
    y: ys,
    labels: Array.from(y.dataSync()),
    classNames: ['no flu', 'flu'],
    r: 7,
    xDomain: around(xs),
    yDomain: around(ys),
    title: 'Hidden-layer activations, PCA',
    xLabel: `PC1 (${(100 * ratios[0]!).toFixed(1)} % of variance)`,
    yLabel: `PC2 (${(100 * ratios[1]!).toFixed(1)} % of variance)`,
    width: 480,
    height: 460,
  });
}
