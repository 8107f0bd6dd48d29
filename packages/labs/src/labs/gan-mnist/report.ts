/** Figures of the GAN lab. */
import type { NDArray } from '@gradlab/tensor';
import { imageGrid, lineChart, subplots } from '@gradlab/viz';
import type { SampleQuality } from './quality.js';
import type { GanHistory } from './train.js';

const tiles = (x: NDArray) =>
  x.split(1, 0).map((t) => ({ data: t.contiguous().dataSync(), height: 28, width: 28 }));

/** A 4 × 4 grid of generated digits. */
export function sampleGrid(x: NDArray, title: string, tileSize = 72): string {
  return imageGrid({ images: tiles(x), cols: 4, range: [-1, 1], tileSize, title });
}

/** D and G loss per epoch beside D(x) and D(G(z)). */
export function lossFigure(h: GanHistory, budget: string): string {
  const e = h.epoch;
  return subplots(
    [
      lineChart({
        series: [
          { name: 'D loss (real + fake BCE)', x: e, y: h.dLoss },
          { name: 'G loss −log D(G(z))', x: e, y: h.gLoss },
          { name: 'D loss at equilibrium 2 ln 2', x: e, y: e.map(() => 2 * Math.LN2), dash: true },
        ],
        title: `Losses per epoch (${budget})`,
        xLabel: 'epoch',
        yLabel: 'mean loss over the epoch',
        width: 540,
        height: 380,
      }),
      lineChart({
        series: [
          { name: 'D(x), real images', x: e, y: h.dReal },
          { name: 'D(G(z)), generated', x: e, y: h.dFake },
          { name: 'equilibrium 0.5', x: e, y: e.map(() => 0.5), dash: true },
        ],
        title: 'What the discriminator says',
        xLabel: 'epoch',
        yLabel: 'mean probability "real"',
        yDomain: [0, 1],
        width: 540,
        height: 380,
      }),
    ],
    { cols: 2 },
  );
}

/** Epochs to show in the strip: all of them up to 12, else 12 spread evenly (first and last included). */
export function stripEpochs(n: number): number[] {
  if (n <= 12) return Array.from({ length: n }, (_, i) => i + 1);
  return Array.from({ length: 12 }, (_, i) => 1 + Math.round((i * (n - 1)) / 11));
}

/** One row of the 16 fixed-noise samples per shown epoch, the untrained generator first. */
export function stripFigure(initial: NDArray, h: GanHistory): string {
  const shown = stripEpochs(h.epoch.length);
  const rows = [
    { label: 'start', x: initial },
    ...shown.map((e) => ({ label: `epoch ${e}`, x: h.snapshots[e - 1]! })),
  ];
  const images = rows.flatMap((r) => tiles(r.x));
  const titles = rows.flatMap((r) => tiles(r.x).map((_, i) => (i === 0 ? r.label : '')));
  return imageGrid({
    images,
    titles,
    cols: initial.shape[0]!,
    range: [-1, 1],
    tileSize: 44,
    title: 'The same 16 noise vectors through the generator, epoch by epoch (one row per epoch)',
  });
}

/** Classifier score and nearest-image distance of the samples per epoch. */
export function qualityFigure(
  initial: SampleQuality,
  perEpoch: SampleQuality[],
  real: SampleQuality,
): string {
  const e = [0, ...perEpoch.map((_, i) => i + 1)];
  const all = [initial, ...perEpoch];
  return subplots(
    [
      lineChart({
        series: [
          { name: 'generated', x: e, y: all.map((q) => q.classifierScore) },
          { name: 'real test digits', x: e, y: e.map(() => real.classifierScore), dash: true },
        ],
        title: 'Classifier score of the samples',
        xLabel: 'epoch (0 = untrained)',
        yLabel: 'exp E KL(p(y|x) ‖ p(y))',
        yDomain: [0, 10],
        width: 540,
        height: 360,
      }),
      lineChart({
        series: [
          { name: 'generated', x: e, y: all.map((q) => q.nearestDistance) },
          { name: 'real test digits', x: e, y: e.map(() => real.nearestDistance), dash: true },
        ],
        title: 'Distance to the nearest training image',
        xLabel: 'epoch (0 = untrained)',
        yLabel: 'Euclidean distance',
        yDomain: [0, Math.max(...all.map((q) => q.nearestDistance)) * 1.05],
        width: 540,
        height: 360,
      }),
    ],
    { cols: 2 },
  );
}
