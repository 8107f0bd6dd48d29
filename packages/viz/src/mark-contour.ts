import { contourSegments } from './contour-segments.js';
import type { Mark } from './mark.js';
import { svgNumber as n } from './svg-number.js';

/** Options of {@link contourMark}. */
export interface ContourMarkOptions {
  /** Grid x coordinates (columns), ascending. */
  x: readonly number[];
  /** Grid y coordinates (rows), ascending. */
  y: readonly number[];
  /** `values[i][j]` at `(x[j], y[i])`. */
  values: readonly ArrayLike<number>[];
  /** Iso levels to draw. */
  levels: readonly number[];
  stroke?: string;
  strokeWidth?: number;
  dash?: string;
}

/**
 * Contour lines of a gridded field at the given levels (e.g. a classifier's
 * 0.5 decision boundary), found with marching squares.
 *
 * @param options - grid, field, levels and style
 * @returns the mark
 */
export function contourMark(options: ContourMarkOptions): Mark {
  const { x, y, values } = options;
  if (values.length !== y.length) {
    throw new Error(
      `contourMark: values has ${values.length} rows, expected ${y.length} (one per y)`,
    );
  }
  values.forEach((row, i) => {
    if (row.length !== x.length) {
      throw new Error(
        `contourMark: row ${i} has ${row.length} values, expected ${x.length} (one per x)`,
      );
    }
  });
  const segments = options.levels.flatMap((level) => contourSegments(x, y, values, level));
  return {
    xValues: x.length ? [x[0]!, x[x.length - 1]!] : [],
    yValues: y.length ? [y[0]!, y[y.length - 1]!] : [],
    clip: true,
    render(ctx) {
      if (segments.length === 0) return '';
      const d = segments
        .map(
          ([a, b, c, e]) =>
            `M${n(ctx.x.map(a))},${n(ctx.y.map(b))}L${n(ctx.x.map(c))},${n(ctx.y.map(e))}`,
        )
        .join('');
      const dash = options.dash ? ` stroke-dasharray="${options.dash}"` : '';
      return `<path d="${d}" fill="none" stroke="${options.stroke ?? '#222222'}" stroke-width="${n(options.strokeWidth ?? 1.8)}" stroke-linecap="round"${dash}/>`;
    },
    pixels(ctx) {
      return segments.map(([a, b]) => [ctx.x.map(a), ctx.y.map(b)] as const);
    },
  };
}
