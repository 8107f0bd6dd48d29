import type { LegendEntry, LegendPosition } from './legend.js';
import type { Mark } from './mark.js';
import { contourMark } from './mark-contour.js';
import { dotMark } from './mark-dot.js';
import { rasterMark } from './mark-raster.js';
import { matrixRows } from './matrix-rows.js';
import { seriesColor } from './palette.js';
import { plot } from './plot.js';
import { mixHex, parseHex } from './rgb.js';
import { symbolNames } from './symbol.js';
import { type Numbers, toNumbers } from './to-numbers.js';

/** Options of {@link decisionRegions}. Give `values` on a grid, or `fn` to sample. */
export interface DecisionRegionsOptions {
  /** Grid x coordinates (columns), ascending and evenly spaced. */
  x?: readonly number[];
  /** Grid y coordinates (rows), ascending and evenly spaced. */
  y?: readonly number[];
  /** `values[i][j]` at `(x[j], y[i])`: a class index, or P(class 1) in [0, 1]. */
  values?: readonly ArrayLike<number>[];
  /** Instead of a grid: a function sampled on `resolution²` points over `xRange × yRange`. */
  fn?: (x: number, y: number) => number;
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** Samples per side for `fn` (default 100). */
  resolution?: number;
  /** `'class'` (integer labels) or `'probability'` (binary P(class 1)); default: guessed from the values. */
  kind?: 'class' | 'probability';
  /** Data points drawn on top, coloured by their class. */
  points?: { x: Numbers; y: Numbers; labels: ArrayLike<number> };
  classNames?: readonly string[];
  /** Draw the decision boundary (default true). */
  boundary?: boolean;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  legendPosition?: LegendPosition;
  width?: number;
  height?: number;
}

function sample(o: DecisionRegionsOptions): { x: number[]; y: number[]; rows: number[][] } {
  if (o.values) {
    if (!o.x || !o.y) throw new Error('decisionRegions: values needs the grid coordinates x and y');
    const rows = matrixRows(o.values, 'decisionRegions');
    if (rows.length !== o.y.length) {
      throw new Error(
        `decisionRegions: values has ${rows.length} rows but y has ${o.y.length} coordinates`,
      );
    }
    if (rows[0]!.length !== o.x.length) {
      throw new Error(
        `decisionRegions: values has ${rows[0]!.length} columns but x has ${o.x.length} coordinates`,
      );
    }
    if (o.x.length < 2 || o.y.length < 2)
      throw new Error('decisionRegions: the grid needs at least 2×2 points');
    return { x: [...o.x], y: [...o.y], rows };
  }
  if (!o.fn || !o.xRange || !o.yRange) {
    throw new Error('decisionRegions: give values with x and y, or fn with xRange and yRange');
  }
  const res = o.resolution ?? 100;
  if (!(Number.isInteger(res) && res >= 2))
    throw new Error(`decisionRegions: resolution must be an integer ≥ 2, got ${res}`);
  const lin = ([a, b]: readonly [number, number]) =>
    Array.from({ length: res }, (_, i) => a + ((b - a) * i) / (res - 1));
  const x = lin(o.xRange);
  const y = lin(o.yRange);
  const fn = o.fn;
  return { x, y, rows: y.map((yv) => x.map((xv) => fn(xv, yv))) };
}

function blur3(rows: readonly number[][]): number[][] {
  const h = rows.length;
  const w = rows[0]!.length;
  return rows.map((row, i) =>
    row.map((_, j) => {
      let sum = 0;
      let count = 0;
      for (let a = Math.max(0, i - 1); a <= Math.min(h - 1, i + 1); a++) {
        for (let b = Math.max(0, j - 1); b <= Math.min(w - 1, j + 1); b++) {
          sum += rows[a]![b]!;
          count++;
        }
      }
      return sum / count;
    }),
  );
}

/**
 * Decision regions of a 2-D classifier: the plane filled by predicted class
 * (or by P(class 1), light to saturated), the decision boundary as a contour
 * line, and the data points on top with a legend.
 *
 * @param options - the gridded predictions (or a function) and the points
 * @returns an SVG document
 */
export function decisionRegions(options: DecisionRegionsOptions): string {
  const { x, y, rows } = sample(options);
  const flat = rows.flat();
  const kind =
    options.kind ??
    (flat.every((v) => !Number.isFinite(v) || Number.isInteger(v)) ? 'class' : 'probability');
  const nx = x.length;
  const ny = y.length;
  const pixels = new Uint8Array(nx * ny * 3);
  const tint = (c: number) => mixHex(seriesColor(c), '#ffffff', 0.62);
  const lowColor = tint(0);
  const highColor = tint(1);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const v = rows[i]![j]!;
      let color: string;
      if (!Number.isFinite(v)) color = '#ffffff';
      else if (kind === 'class') color = tint(Math.round(v));
      else {
        const p = Math.max(0, Math.min(1, v));
        color =
          p < 0.5
            ? mixHex(lowColor, '#ffffff', p * 2)
            : mixHex('#ffffff', highColor, (p - 0.5) * 2);
      }
      pixels.set(parseHex(color), ((ny - 1 - i) * nx + j) * 3);
    }
  }
  const dx = (x[nx - 1]! - x[0]!) / (nx - 1);
  const dy = (y[ny - 1]! - y[0]!) / (ny - 1);
  const marks: Mark[] = [
    rasterMark({
      x: [x[0]! - dx / 2, x[nx - 1]! + dx / 2],
      y: [y[0]! - dy / 2, y[ny - 1]! + dy / 2],
      width: nx,
      height: ny,
      pixels,
      channels: 3,
      smooth: kind === 'probability',
    }),
  ];
  if (options.boundary ?? true) {
    if (kind === 'probability') {
      marks.push(
        contourMark({ x, y, values: rows, levels: [0.5], stroke: '#333333', strokeWidth: 1.8 }),
      );
    } else {
      const classes = [...new Set(flat.filter(Number.isFinite).map(Math.round))];
      for (const c of classes) {
        // Blurring the 0/1 indicator turns grid staircases into straight, smooth boundary lines.
        const indicator = blur3(
          blur3(rows.map((r) => r.map((v) => (Math.round(v) === c ? 1 : 0)))),
        );
        marks.push(
          contourMark({
            x,
            y,
            values: indicator,
            levels: [0.5],
            stroke: '#333333',
            strokeWidth: 1.2,
          }),
        );
      }
    }
  }
  const legend: LegendEntry[] = [];
  if (options.points) {
    const px = toNumbers(options.points.x, 'decisionRegions: points.x');
    const py = toNumbers(options.points.y, 'decisionRegions: points.y');
    const labels = Array.from(options.points.labels);
    if (px.length !== py.length || px.length !== labels.length) {
      throw new Error(
        `decisionRegions: points.x, points.y and points.labels must have the same length (${px.length}, ${py.length}, ${labels.length})`,
      );
    }
    const classes = [...new Set(labels)].sort((a, b) => a - b);
    for (const c of classes) {
      const idx = labels.flatMap((l, i) => (l === c ? [i] : []));
      const symbol = symbolNames[c % symbolNames.length]!;
      const color = seriesColor(c);
      marks.push(
        dotMark({
          x: idx.map((i) => px[i]!),
          y: idx.map((i) => py[i]!),
          fill: color,
          symbol,
          r: 5.5,
          stroke: '#222222',
        }),
      );
      legend.push({ label: options.classNames?.[c] ?? `class ${c}`, color, kind: 'dot', symbol });
    }
  }
  return plot({
    caller: 'decisionRegions',
    marks,
    title: options.title,
    width: options.width,
    height: options.height,
    x: { label: options.xLabel, nice: false, grid: false },
    y: { label: options.yLabel, nice: false, grid: false },
    legend,
    legendPosition: options.legendPosition,
  });
}
