import type { Mark, PlotContext } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { renderSymbol, type SymbolName } from './symbol.js';
import { type Numbers, toNumbers } from './to-numbers.js';

/** Options of {@link lineMark}. */
export interface LineMarkOptions {
  x: Numbers;
  y: Numbers;
  stroke?: string;
  strokeWidth?: number;
  /** SVG dash array, e.g. `'6 4'`. */
  dash?: string;
  /** Draw a marker at every point. */
  marker?: SymbolName;
  markerSize?: number;
  opacity?: number;
}

/**
 * A polyline through `(x[i], y[i])`. Points whose x or y is NaN (or that a
 * log scale cannot show) break the line into separate pieces.
 *
 * @param options - data and style
 * @returns the mark
 */
export function lineMark(options: LineMarkOptions): Mark {
  const x = toNumbers(options.x, 'lineMark: x');
  const y = toNumbers(options.y, 'lineMark: y');
  if (x.length !== y.length) {
    throw new Error(`lineMark: x and y have different lengths (${x.length} vs ${y.length})`);
  }
  const stroke = options.stroke ?? '#1f77b4';
  const points = (ctx: PlotContext): Array<readonly [number, number] | null> =>
    x.map((xv, i) => {
      const yv = y[i]!;
      if (!Number.isFinite(xv) || !Number.isFinite(yv)) return null;
      const px = ctx.x.map(xv);
      const py = ctx.y.map(yv);
      return Number.isFinite(px) && Number.isFinite(py) ? ([px, py] as const) : null;
    });
  return {
    xValues: x.filter((v, i) => Number.isFinite(v) && Number.isFinite(y[i]!)),
    yValues: y.filter((v, i) => Number.isFinite(v) && Number.isFinite(x[i]!)),
    clip: true,
    render(ctx) {
      const pts = points(ctx);
      let d = '';
      let pen = false;
      for (const p of pts) {
        if (!p) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${n(p[0])},${n(p[1])}`;
        pen = true;
      }
      const dash = options.dash ? ` stroke-dasharray="${options.dash}"` : '';
      const opacity =
        options.opacity !== undefined ? ` stroke-opacity="${n(options.opacity)}"` : '';
      let out = d
        ? `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${n(options.strokeWidth ?? 1.8)}" stroke-linejoin="round" stroke-linecap="round"${dash}${opacity}/>`
        : '';
      if (options.marker) {
        const r = options.markerSize ?? 3.2;
        for (const p of pts) {
          if (p)
            out += renderSymbol(
              options.marker,
              p[0],
              p[1],
              r,
              `fill="${stroke}" stroke="#ffffff" stroke-width="0.8"`,
            );
        }
      }
      return out;
    },
    pixels(ctx) {
      return points(ctx).filter((p): p is readonly [number, number] => p !== null);
    },
  };
}
