import { escapeXml } from './escape-xml.js';
import type { Mark } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { theme } from './theme.js';

/** Options of {@link cellMark}. */
export interface CellMarkOptions {
  /** Row categories, top to bottom (a band y scale). */
  rows: readonly string[];
  /** Column categories, left to right (a band x scale). */
  columns: readonly string[];
  /** Fill colour of every cell, `fill[row][col]`. */
  fill: readonly (readonly string[])[];
  /** Optional text in every cell. */
  text?: readonly (readonly string[])[];
  /** Text colour of every cell (default dark). */
  textFill?: readonly (readonly string[])[];
  fontSize?: number;
}

/**
 * A grid of coloured cells over band scales (heatmaps, confusion matrices),
 * with optional centred text in each cell.
 *
 * @param options - categories, colours and text
 * @returns the mark
 */
export function cellMark(options: CellMarkOptions): Mark {
  const { rows, columns, fill } = options;
  if (fill.length !== rows.length) {
    throw new Error(`cellMark: fill has ${fill.length} rows, expected ${rows.length}`);
  }
  return {
    xValues: columns,
    yValues: rows,
    clip: false,
    render(ctx) {
      const w = ctx.x.bandwidth;
      const h = ctx.y.bandwidth;
      const fs = options.fontSize ?? Math.max(7, Math.min(theme.fontSize, h * 0.42, w * 0.3));
      let cells = '';
      let labels = '';
      rows.forEach((_, r) => {
        const y = ctx.y.map(r);
        columns.forEach((_, c) => {
          const x = ctx.x.map(c);
          cells += `<rect x="${n(x)}" y="${n(y)}" width="${n(w + 0.3)}" height="${n(h + 0.3)}" fill="${fill[r]![c]}"/>`;
          const t = options.text?.[r]?.[c];
          if (t) {
            const tf = options.textFill?.[r]?.[c] ?? theme.textColor;
            labels += `<text x="${n(x + w / 2)}" y="${n(y + h / 2)}" dy="0.35em" text-anchor="middle" font-size="${n(fs)}" fill="${tf}">${escapeXml(t)}</text>`;
          }
        });
      });
      return cells + labels;
    },
    pixels() {
      return [];
    },
  };
}
