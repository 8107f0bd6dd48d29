import type { LegendEntry, LegendPosition } from './legend.js';
import type { Mark } from './mark.js';
import { lineMark } from './mark-line.js';
import { seriesColor } from './palette.js';
import { plot } from './plot.js';
import { type SymbolName, symbolNames } from './symbol.js';
import type { Numbers } from './to-numbers.js';

/** One line of a {@link lineChart}. */
export interface LineSeries {
  /** Legend label; series without a name are left out of the legend. */
  name?: string;
  /** x values (numbers or Dates); default 0, 1, 2, … like matplotlib. */
  x?: Numbers;
  /** y values; NaN breaks the line. */
  y: Numbers;
  /** Colour (default: the next category colour). */
  color?: string;
  /** `true` for a dashed line (e.g. the test curve), or an SVG dash array. */
  dash?: boolean | string;
  /** Marker at each point: a shape, `true` for the series' own shape, `false` for none. */
  marker?: SymbolName | boolean;
  strokeWidth?: number;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  series: readonly LineSeries[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** `'time'` when x holds dates (detected automatically), `'log'` for a log x axis. */
  xScale?: 'linear' | 'log' | 'time';
  /** `'log'` for a log y axis (loss curves); non-positive values are skipped. */
  yScale?: 'linear' | 'log';
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  /** Markers on every series: `'auto'` (default) shows them when series are short (≤ 30 points). */
  markers?: boolean | 'auto';
  legendPosition?: LegendPosition;
  width?: number;
  height?: number;
}

/**
 * A line chart of one or more series: training curves (train vs test with a
 * dashed line), loss on a log axis, values over dates.
 *
 * @example
 * ```ts
 * lineChart({ series: [{ name: 'train', y: trainLoss }, { name: 'test', y: testLoss, dash: true }], yScale: 'log' });
 * ```
 * @param options - series and axes
 * @returns an SVG document
 */
export function lineChart(options: LineChartOptions): string {
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) throw new Error('lineChart: series is empty');
  const short = series.every((s) => (s.y?.length ?? 0) <= 30);
  const marks: Mark[] = [];
  const legend: LegendEntry[] = [];
  let isTime = options.xScale === 'time';
  let integerX = true;
  series.forEach((s, i) => {
    const what = `lineChart: series ${i}${s.name ? ` (${JSON.stringify(s.name)})` : ''}`;
    if (!s.y || s.y.length === 0) throw new Error(`${what} is empty`);
    const x = s.x ?? Array.from({ length: s.y.length }, (_, k) => k);
    if (x.length !== s.y.length) {
      throw new Error(`${what}: x has ${x.length} values but y has ${s.y.length}`);
    }
    if (x.length > 0 && x[0] instanceof Date) isTime = true;
    for (let k = 0; k < x.length && integerX; k++) {
      const v = x[k] as unknown;
      if (typeof v !== 'number' || !(Number.isInteger(v) || Number.isNaN(v))) integerX = false;
    }
    const color = s.color ?? seriesColor(i);
    const dash = s.dash === true ? '6 4' : s.dash || undefined;
    const auto =
      options.markers === undefined || options.markers === 'auto' ? short : options.markers;
    const wantMarker: SymbolName | boolean = s.marker ?? auto;
    const marker: SymbolName | undefined =
      typeof wantMarker === 'string'
        ? wantMarker
        : wantMarker
          ? symbolNames[i % symbolNames.length]
          : undefined;
    marks.push(lineMark({ x, y: s.y, stroke: color, dash, marker, strokeWidth: s.strokeWidth }));
    if (s.name) legend.push({ label: s.name, color, kind: 'line', dash, symbol: marker });
  });
  return plot({
    caller: 'lineChart',
    marks,
    title: options.title,
    width: options.width,
    height: options.height,
    x: {
      type: isTime ? 'time' : (options.xScale ?? 'linear'),
      label: options.xLabel,
      domain: options.xDomain,
      integer: integerX && !isTime && options.xScale !== 'log',
    },
    y: {
      type: options.yScale ?? 'linear',
      label: options.yLabel,
      domain: options.yDomain,
      padding: 0.02,
    },
    legend,
    legendPosition: options.legendPosition,
  });
}
