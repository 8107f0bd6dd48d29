import { formatNumber } from './format-number.js';
import type { LegendEntry, LegendPosition } from './legend.js';
import type { Mark } from './mark.js';
import { barMark } from './mark-bar.js';
import { seriesColor } from './palette.js';
import { plot } from './plot.js';

/** One group member of a {@link barChart}: a value per category. */
export interface BarSeries {
  name?: string;
  values: ArrayLike<number>;
  color?: string;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  /** Category names along the x axis. */
  categories: readonly string[];
  /** One or more series; several series make grouped bars. */
  series: readonly BarSeries[];
  /** Write each bar's value above it (default: when there are ≤ 24 bars). */
  valueLabels?: boolean;
  /** Decimals of the value labels (default: up to 3 significant decimals). */
  decimals?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  yDomain?: readonly [number, number];
  legendPosition?: LegendPosition;
  width?: number;
  height?: number;
}

function valueLabel(v: number, decimals: number | undefined): string {
  if (decimals !== undefined) return formatNumber(v, decimals);
  const a = Math.abs(v);
  return formatNumber(Number(v.toFixed(a >= 100 ? 0 : a >= 1 ? 2 : 3)));
}

/**
 * A (grouped) bar chart: accuracy or training time per optimiser, loss per
 * setting of a sweep. Bars start at zero.
 *
 * @param options - categories and series
 * @returns an SVG document
 */
export function barChart(options: BarChartOptions): string {
  const { categories, series } = options;
  if (!categories || categories.length === 0) throw new Error('barChart: categories is empty');
  if (!series || series.length === 0) throw new Error('barChart: series is empty');
  if (new Set(categories).size !== categories.length)
    throw new Error('barChart: categories must be unique');
  const marks: Mark[] = [];
  const legend: LegendEntry[] = [];
  const labels = options.valueLabels ?? categories.length * series.length <= 24;
  series.forEach((s, g) => {
    if (s.values.length !== categories.length) {
      throw new Error(
        `barChart: series ${g}${s.name ? ` (${JSON.stringify(s.name)})` : ''} has ${s.values.length} values, expected ${categories.length} (one per category)`,
      );
    }
    const color = s.color ?? seriesColor(g);
    const values = Array.from(s.values);
    const text = labels
      ? values.map((v) => (Number.isFinite(v) ? valueLabel(v, options.decimals) : ''))
      : undefined;
    const bar = barMark({
      x: categories,
      y: values,
      fill: color,
      group: g,
      groups: series.length,
      labels: text,
    });
    marks.push(bar);
    if (s.name) legend.push({ label: s.name, color, kind: 'rect' });
  });
  if (legend.length > 1 && !options.yDomain) {
    // Headroom above the tallest bar so the legend can sit inside the frame without covering bars.
    const top = series.reduce(
      (m, s) => Math.max(m, ...Array.from(s.values).filter(Number.isFinite)),
      0,
    );
    if (top > 0)
      marks.push({
        xValues: [],
        yValues: [top * 1.22],
        clip: false,
        render: () => '',
        pixels: () => [],
      });
  }
  return plot({
    caller: 'barChart',
    marks,
    title: options.title,
    width: options.width,
    height: options.height,
    x: { type: 'band', domain: categories, label: options.xLabel, bandPadding: 0.2, grid: false },
    y: { label: options.yLabel, domain: options.yDomain, zero: true },
    legend,
    legendPosition: options.legendPosition,
  });
}
