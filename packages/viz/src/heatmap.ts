import { type ColorMapName, colorMap } from './color-maps.js';
import { extent } from './extent.js';
import { formatNumber } from './format-number.js';
import { cellMark } from './mark-cell.js';
import { matrixRows } from './matrix-rows.js';
import { plot } from './plot.js';
import { luminance } from './rgb.js';
import { textWidth } from './text-width.js';
import { theme } from './theme.js';

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  /** The matrix, `values[row][col]`; row 0 is drawn at the top. */
  values: readonly ArrayLike<number>[];
  /** Column names (default 0, 1, …). */
  xLabels?: readonly string[];
  /** Row names (default 0, 1, …). */
  yLabels?: readonly string[];
  /** Colour map (default `viridis`, or `bwr` when `center` is set). */
  cmap?: ColorMapName;
  /** Value at the bottom of the colour map (default: the minimum). */
  vmin?: number;
  /** Value at the top of the colour map (default: the maximum). */
  vmax?: number;
  /** Make the colour range symmetric around this value (e.g. 0 for weights). */
  center?: number;
  /** Write the value in each cell: true, false, or a formatter (default: when ≤ 144 cells). */
  annotate?: boolean | ((value: number, row: number, col: number) => string);
  /** Decimals of the default annotation (default: up to 2). */
  decimals?: number;
  /** Show a colour bar (default true). */
  colorBar?: boolean;
  colorBarLabel?: string;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

/**
 * A heatmap of a matrix with optional annotated cells and a colour bar: weight
 * matrices (diverging map centred on 0), attention maps, confusion matrices.
 * NaN cells are drawn light gray. The default size makes the cells square.
 *
 * @param options - matrix, labels and colours
 * @returns an SVG document
 */
export function heatmap(options: HeatmapOptions): string {
  const rows = matrixRows(options.values, 'heatmap');
  const nr = rows.length;
  const nc = rows[0]!.length;
  const xLabels = options.xLabels ?? Array.from({ length: nc }, (_, i) => String(i));
  const yLabels = options.yLabels ?? Array.from({ length: nr }, (_, i) => String(i));
  if (xLabels.length !== nc)
    throw new Error(
      `heatmap: xLabels has ${xLabels.length} names, expected ${nc} (one per column)`,
    );
  if (yLabels.length !== nr)
    throw new Error(`heatmap: yLabels has ${yLabels.length} names, expected ${nr} (one per row)`);
  const range = extent(rows.flat()) ?? [0, 1];
  let lo = options.vmin ?? range[0];
  let hi = options.vmax ?? range[1];
  if (options.center !== undefined) {
    const c = options.center;
    const r = Math.max(Math.abs(hi - c), Math.abs(c - lo)) || 1;
    lo = options.vmin ?? c - r;
    hi = options.vmax ?? c + r;
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const cmapName = options.cmap ?? (options.center !== undefined ? 'bwr' : 'viridis');
  const cmap = colorMap(cmapName);
  const fill = rows.map((row) =>
    row.map((v) => (Number.isFinite(v) ? cmap((v - lo) / (hi - lo)) : '#dddddd')),
  );
  const annotate = options.annotate ?? nr * nc <= 144;
  const fmt =
    typeof annotate === 'function'
      ? annotate
      : (v: number) =>
          Number.isFinite(v)
            ? formatNumber(Number(v.toFixed(options.decimals ?? 2)), options.decimals)
            : '—';
  const text = annotate ? rows.map((row, r) => row.map((v, c) => fmt(v, r, c))) : undefined;
  const textFill = fill.map((row) =>
    row.map((f) => (luminance(f) < 0.35 ? '#ffffff' : theme.textColor)),
  );

  const leftGuess =
    yLabels.reduce((m, l) => Math.max(m, textWidth(l, theme.tickFontSize)), 0) +
    24 +
    (options.yLabel ? 22 : 0);
  const xw = xLabels.reduce((m, l) => Math.max(m, textWidth(l, theme.tickFontSize)), 0);
  const cellGuess = Math.max(10, Math.min(80, 520 / nc, 460 / nr));
  const rotate = xw + 6 > cellGuess;
  const bottomGuess = 20 + (rotate ? xw * 0.75 : 0) + (options.xLabel ? 22 : 0);
  const colorBarOn = options.colorBar ?? true;
  const rightGuess = colorBarOn ? 70 + (options.colorBarLabel ? 22 : 0) : 16;
  const topGuess = options.title ? 38 : 14;
  const width = options.width ?? Math.round(Math.max(380, cellGuess * nc + leftGuess + rightGuess));
  const height =
    options.height ?? Math.round(Math.max(300, cellGuess * nr + topGuess + bottomGuess));

  return plot({
    caller: 'heatmap',
    marks: [cellMark({ rows: yLabels, columns: xLabels, fill, text, textFill })],
    title: options.title,
    width,
    height,
    x: { type: 'band', domain: xLabels, label: options.xLabel, grid: false },
    y: { type: 'band', domain: yLabels, label: options.yLabel, grid: false },
    colorBar: colorBarOn
      ? { cmap: cmapName, domain: [lo, hi], label: options.colorBarLabel }
      : undefined,
  });
}
