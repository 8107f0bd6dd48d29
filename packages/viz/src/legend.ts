import { escapeXml } from './escape-xml.js';
import type { Frame } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { renderSymbol, type SymbolName } from './symbol.js';
import { textWidth } from './text-width.js';
import { theme } from './theme.js';

/** One legend row: a swatch (line, dot or square) and a label. */
export interface LegendEntry {
  label: string;
  color: string;
  /** Swatch shape (default `'line'`). */
  kind?: 'line' | 'dot' | 'rect';
  dash?: string;
  /** Marker drawn on a line swatch, or the dot's shape. */
  symbol?: SymbolName;
}

/** Where to put the legend inside the frame; `'auto'` avoids the data. */
export type LegendPosition =
  | 'auto'
  | 'top-right'
  | 'top-left'
  | 'bottom-right'
  | 'bottom-left'
  | 'none';

const ROW = 18;
const PAD = 7;
const SWATCH = 24;
const INSET = 8;

/**
 * Pixel size of a legend box.
 *
 * @param entries - the rows
 * @returns width and height
 */
export function legendSize(entries: readonly LegendEntry[]): { width: number; height: number } {
  const w = Math.max(0, ...entries.map((e) => textWidth(e.label, theme.tickFontSize)));
  return { width: PAD * 2 + SWATCH + 6 + w, height: PAD * 2 + entries.length * ROW - 4 };
}

/**
 * Picks the legend corner: the one given, or with `'auto'` the corner of the
 * frame whose box covers the fewest data pixels (ties prefer top-right).
 *
 * @param position - wanted position
 * @param frame - the plotting area
 * @param size - the legend's size
 * @param pixels - data positions to avoid
 * @returns the top-left corner of the legend box
 */
export function placeLegend(
  position: Exclude<LegendPosition, 'none'>,
  frame: Frame,
  size: { width: number; height: number },
  pixels: ReadonlyArray<readonly [number, number]>,
): { x: number; y: number } {
  const corners = {
    'top-right': { x: frame.left + frame.width - size.width - INSET, y: frame.top + INSET },
    'top-left': { x: frame.left + INSET, y: frame.top + INSET },
    'bottom-right': {
      x: frame.left + frame.width - size.width - INSET,
      y: frame.top + frame.height - size.height - INSET,
    },
    'bottom-left': { x: frame.left + INSET, y: frame.top + frame.height - size.height - INSET },
  };
  if (position !== 'auto') return corners[position];
  let best = corners['top-right'];
  let bestCount = Number.POSITIVE_INFINITY;
  for (const c of Object.values(corners)) {
    let count = 0;
    for (const [px, py] of pixels) {
      if (
        px >= c.x - 4 &&
        px <= c.x + size.width + 4 &&
        py >= c.y - 4 &&
        py <= c.y + size.height + 4
      )
        count++;
    }
    if (count < bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Draws a legend box with its top-left corner at `(x, y)`.
 *
 * @param entries - the rows
 * @param x - left edge in pixels
 * @param y - top edge in pixels
 * @returns SVG markup
 */
export function renderLegend(entries: readonly LegendEntry[], x: number, y: number): string {
  const { width, height } = legendSize(entries);
  let out = `<g class="legend" font-size="${theme.tickFontSize}" fill="${theme.textColor}">`;
  out += `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="3" fill="#ffffff" fill-opacity="0.88" stroke="#cccccc"/>`;
  entries.forEach((e, i) => {
    const cy = y + PAD + ROW / 2 - 2 + i * ROW;
    const sx = x + PAD;
    const kind = e.kind ?? 'line';
    if (kind === 'line') {
      const dash = e.dash ? ` stroke-dasharray="${e.dash}"` : '';
      out += `<path d="M${n(sx)},${n(cy)}h${SWATCH}" stroke="${e.color}" stroke-width="2"${dash}/>`;
      if (e.symbol)
        out += renderSymbol(
          e.symbol,
          sx + SWATCH / 2,
          cy,
          3.2,
          `fill="${e.color}" stroke="#ffffff" stroke-width="0.8"`,
        );
    } else if (kind === 'dot') {
      out += renderSymbol(
        e.symbol ?? 'circle',
        sx + SWATCH / 2,
        cy,
        4.5,
        `fill="${e.color}" stroke="#ffffff" stroke-width="1"`,
      );
    } else {
      out += `<rect x="${n(sx + 4)}" y="${n(cy - 6)}" width="${SWATCH - 8}" height="12" fill="${e.color}"/>`;
    }
    out += `<text x="${n(sx + SWATCH + 6)}" y="${n(cy)}" dy="0.35em">${escapeXml(e.label)}</text>`;
  });
  return `${out}</g>`;
}
