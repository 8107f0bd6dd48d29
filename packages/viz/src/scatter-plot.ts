import type { LegendEntry, LegendPosition } from './legend.js';
import type { LineSeries } from './line-chart.js';
import type { Mark } from './mark.js';
import { dotMark } from './mark-dot.js';
import { lineMark } from './mark-line.js';
import { seriesColor } from './palette.js';
import { plot } from './plot.js';
import { symbolNames } from './symbol.js';
import { type Numbers, toNumbers } from './to-numbers.js';

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions {
  x: Numbers;
  y: Numbers;
  /** Class index of every point (0, 1, …): colours, shapes and the legend. */
  labels?: ArrayLike<number>;
  /** Names of the classes, indexed by label (default `class 0`, …). */
  classNames?: readonly string[];
  /** Lines drawn over the points (a separating line, a fit); they are clipped to the data's frame and do not widen the axes. */
  lines?: readonly LineSeries[];
  /** A different marker shape per class (default true: readable in gray print). */
  shapes?: boolean;
  /** Dot radius in pixels (default 5). */
  r?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  legendPosition?: LegendPosition;
  width?: number;
  height?: number;
}

/**
 * A scatter plot, optionally coloured by class with a legend, with optional
 * lines on top (a perceptron's separating line, predicted vs true diagonal).
 *
 * @param options - points, classes and overlays
 * @returns an SVG document
 */
export function scatterPlot(options: ScatterPlotOptions): string {
  const x = toNumbers(options.x, 'scatterPlot: x');
  const y = toNumbers(options.y, 'scatterPlot: y');
  if (x.length === 0) throw new Error('scatterPlot: no points (x is empty)');
  if (x.length !== y.length)
    throw new Error(`scatterPlot: x has ${x.length} values but y has ${y.length}`);
  const marks: Mark[] = [];
  const legend: LegendEntry[] = [];
  const shapes = options.shapes ?? true;
  if (options.labels) {
    const labels = Array.from(options.labels);
    if (labels.length !== x.length) {
      throw new Error(
        `scatterPlot: labels has ${labels.length} entries but there are ${x.length} points`,
      );
    }
    labels.forEach((l, i) => {
      if (!Number.isInteger(l) || l < 0) {
        throw new Error(`scatterPlot: label ${i} must be a class index (0, 1, …), got ${l}`);
      }
    });
    const classes = [...new Set(labels)].sort((a, b) => a - b);
    for (const c of classes) {
      const idx = labels.flatMap((l, i) => (l === c ? [i] : []));
      const symbol = shapes ? symbolNames[c % symbolNames.length]! : 'circle';
      const color = seriesColor(c);
      marks.push(
        dotMark({
          x: idx.map((i) => x[i]!),
          y: idx.map((i) => y[i]!),
          fill: color,
          symbol,
          r: options.r,
        }),
      );
      legend.push({ label: options.classNames?.[c] ?? `class ${c}`, color, kind: 'dot', symbol });
    }
  } else {
    marks.push(
      dotMark({
        x,
        y,
        fill: seriesColor(0),
        r: options.r,
        opacity: x.length > 500 ? 0.6 : undefined,
      }),
    );
  }
  (options.lines ?? []).forEach((s, i) => {
    const color = s.color ?? '#222222';
    const dash = s.dash === true ? '6 4' : s.dash || undefined;
    if (!s.x) throw new Error(`scatterPlot: lines[${i}] needs x values`);
    const line = lineMark({ x: s.x, y: s.y, stroke: color, dash, strokeWidth: s.strokeWidth });
    // Overlays do not stretch the axes: a steep separating line is clipped to the data's frame.
    marks.push({ ...line, xValues: [], yValues: [] });
    if (s.name) legend.push({ label: s.name, color, kind: 'line', dash });
  });
  return plot({
    caller: 'scatterPlot',
    marks,
    title: options.title,
    width: options.width,
    height: options.height,
    x: { label: options.xLabel, domain: options.xDomain, padding: 0.05 },
    y: { label: options.yLabel, domain: options.yDomain, padding: 0.05 },
    legend,
    legendPosition: options.legendPosition,
  });
}
