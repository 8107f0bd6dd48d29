import { extent } from './extent.js';
import type { LegendEntry, LegendPosition } from './legend.js';
import type { Mark } from './mark.js';
import { rectMark } from './mark-rect.js';
import { niceTicks, tickStep } from './nice-ticks.js';
import { seriesColor } from './palette.js';
import { plot } from './plot.js';

/** One distribution of a {@link histogram}. */
export interface HistogramSeries {
  name?: string;
  values: ArrayLike<number>;
  color?: string;
}

/** Options of {@link histogram}. Give `values`, or `series` to overlay several. */
export interface HistogramOptions {
  values?: ArrayLike<number>;
  series?: readonly HistogramSeries[];
  /** Number of bins (default: Sturges' rule, on round edges) or the bin edges. */
  bins?: number | readonly number[];
  /** Show densities (area 1) instead of counts. */
  density?: boolean;
  title?: string;
  xLabel?: string;
  /** Default `'count'` (or `'density'`). */
  yLabel?: string;
  legendPosition?: LegendPosition;
  width?: number;
  height?: number;
}

/**
 * Bin edges: `count` equal bins over round numbers covering `[lo, hi]`.
 *
 * @param lo - smallest value
 * @param hi - largest value
 * @param count - about how many bins
 * @returns ascending edges (bins + 1 of them)
 */
export function binEdges(lo: number, hi: number, count: number): number[] {
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const step = tickStep(lo, hi, count);
  const start = Math.floor(lo / step) * step;
  const edges = niceTicks(
    start,
    Math.ceil(hi / step) * step,
    Math.round((Math.ceil(hi / step) * step - start) / step),
  );
  if (edges[edges.length - 1]! < hi)
    edges.push(Number((edges[edges.length - 1]! + step).toPrecision(12)));
  return edges;
}

/**
 * Counts values into bins (left-closed, the last bin closed on both sides);
 * values outside the edges and NaN are ignored.
 *
 * @param values - the data
 * @param edges - ascending bin edges
 * @returns one count per bin
 */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const last = edges.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= edges[0]! && v <= edges[last]!)) continue;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v >= edges[mid]!) lo = mid;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}

/**
 * A histogram of one or more distributions (weights, activations,
 * gradients). Several series share the bins and are drawn translucent.
 *
 * @param options - data, bins and labels
 * @returns an SVG document
 */
export function histogram(options: HistogramOptions): string {
  const series: readonly HistogramSeries[] =
    options.series ?? (options.values ? [{ values: options.values }] : []);
  if (series.length === 0) throw new Error('histogram: give values or series');
  series.forEach((s, i) => {
    if (!s.values || s.values.length === 0) throw new Error(`histogram: series ${i} has no values`);
  });
  const all = series.flatMap((s) => Array.from(s.values));
  const range = extent(all);
  if (!range) throw new Error('histogram: no finite values');
  let edges: number[];
  if (Array.isArray(options.bins)) {
    edges = [...options.bins];
    if (edges.length < 2 || edges.some((e, i) => i > 0 && !(e > edges[i - 1]!))) {
      throw new Error(
        `histogram: bin edges must be at least 2 ascending numbers, got [${edges.join(', ')}]`,
      );
    }
  } else {
    const count = (options.bins as number | undefined) ?? Math.ceil(Math.log2(all.length) + 1);
    if (!(Number.isInteger(count) && count >= 1))
      throw new Error(`histogram: bins must be a positive integer, got ${count}`);
    edges = binEdges(range[0], range[1], count);
  }
  const marks: Mark[] = [];
  const legend: LegendEntry[] = [];
  series.forEach((s, i) => {
    const counts = binCounts(s.values, edges);
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    const heights = options.density
      ? counts.map((c, b) => c / total / (edges[b + 1]! - edges[b]!))
      : counts;
    const color = s.color ?? seriesColor(i);
    marks.push(
      rectMark({
        x1: edges.slice(0, -1),
        x2: edges.slice(1),
        y1: heights.map(() => 0),
        y2: heights,
        fill: color,
        opacity: series.length > 1 ? 0.55 : 0.9,
        inset: 1,
      }),
    );
    if (s.name) legend.push({ label: s.name, color, kind: 'rect' });
  });
  return plot({
    caller: 'histogram',
    marks,
    title: options.title,
    width: options.width,
    height: options.height,
    x: { label: options.xLabel, nice: false },
    y: { label: options.yLabel ?? (options.density ? 'density' : 'count'), zero: true },
    legend,
    legendPosition: options.legendPosition,
  });
}
