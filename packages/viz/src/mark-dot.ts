import type { Mark, PlotContext } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { renderSymbol, type SymbolName } from './symbol.js';
import { type Numbers, toNumbers } from './to-numbers.js';

/** Options of {@link dotMark}. */
export interface DotMarkOptions {
  x: Numbers;
  y: Numbers;
  /** One colour for all dots, or one per dot. */
  fill?: string | readonly string[];
  /** One shape for all dots, or one per dot. */
  symbol?: SymbolName | readonly SymbolName[];
  r?: number;
  /** Outline colour (default white, so overlapping dots stay distinct). */
  stroke?: string;
  opacity?: number;
}

/**
 * A dot (marker) at every `(x[i], y[i])`; NaN points are skipped.
 *
 * @param options - data and style
 * @returns the mark
 */
export function dotMark(options: DotMarkOptions): Mark {
  const x = toNumbers(options.x, 'dotMark: x');
  const y = toNumbers(options.y, 'dotMark: y');
  if (x.length !== y.length) {
    throw new Error(`dotMark: x and y have different lengths (${x.length} vs ${y.length})`);
  }
  for (const [name, v] of [
    ['fill', options.fill],
    ['symbol', options.symbol],
  ] as const) {
    if (Array.isArray(v) && v.length !== x.length) {
      throw new Error(`dotMark: ${name} has ${v.length} entries, expected ${x.length}`);
    }
  }
  const ok = (i: number) => Number.isFinite(x[i]!) && Number.isFinite(y[i]!);
  const pts = (ctx: PlotContext) => {
    const out: Array<readonly [number, number, number]> = [];
    for (let i = 0; i < x.length; i++) {
      if (!ok(i)) continue;
      const px = ctx.x.map(x[i]!);
      const py = ctx.y.map(y[i]!);
      if (Number.isFinite(px) && Number.isFinite(py)) out.push([px, py, i]);
    }
    return out;
  };
  return {
    xValues: x.filter((_, i) => ok(i)),
    yValues: y.filter((_, i) => ok(i)),
    clip: false,
    render(ctx) {
      const r = options.r ?? 4.5;
      const stroke = options.stroke ?? '#ffffff';
      const opacity = options.opacity !== undefined ? ` fill-opacity="${n(options.opacity)}"` : '';
      let out = '';
      for (const [px, py, i] of pts(ctx)) {
        const fill =
          typeof options.fill === 'string' ? options.fill : (options.fill?.[i] ?? '#1f77b4');
        const symbol =
          typeof options.symbol === 'string' ? options.symbol : (options.symbol?.[i] ?? 'circle');
        out += renderSymbol(
          symbol,
          px,
          py,
          r,
          `fill="${fill}" stroke="${stroke}" stroke-width="1"${opacity}`,
        );
      }
      return out;
    },
    pixels(ctx) {
      return pts(ctx).map(([px, py]) => [px, py] as const);
    },
  };
}
