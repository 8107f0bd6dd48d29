/**
 * A grid of colour (or grey) test images titled with the predicted and the
 * true class, wrong predictions in red — the "sample predictions" figure of
 * the image-classification labs.
 */
import type { NDArray } from '@gradlab/tensor';
import { imageGrid } from '@gradlab/viz';

export interface PredictionsGridOptions {
  /** `[N, C, H, W]` images (C = 1 or 3). */
  images: NDArray;
  /** Which rows to show, in order. */
  indices: readonly number[];
  predicted: ArrayLike<number>;
  labels: ArrayLike<number>;
  classes: readonly string[];
  /** Pixel range of `images` (e.g. [0, 1] or [−1, 1]). */
  range: [number, number];
  title: string;
  cols?: number;
}

/** The SVG of the grid. */
export function predictionsGrid(o: PredictionsGridOptions): string {
  const [, c, h, w] = o.images.shape as [number, number, number, number];
  if (c !== 1 && c !== 3)
    throw new Error(`predictionsGrid: images must have 1 or 3 channels, got [${o.images.shape}]`);
  return imageGrid({
    images: o.indices.map((i) => ({
      data: o.images.narrow(0, i, 1).dataSync(),
      height: h,
      width: w,
      channels: c,
    })),
    titles: o.indices.map(
      (i) =>
        `${o.classes[o.predicted[i]!] ?? o.predicted[i]} / ${o.classes[o.labels[i]!] ?? o.labels[i]}`,
    ),
    titleColors: o.indices.map((i) => (o.predicted[i] === o.labels[i] ? '#1e7b34' : '#c0392b')),
    cols: o.cols ?? Math.min(8, o.indices.length),
    range: o.range,
    tileSize: Math.max(72, Math.min(112, 4 * w)),
    smooth: w >= 64,
    title: o.title,
  });
}
