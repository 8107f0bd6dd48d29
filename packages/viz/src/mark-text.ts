import { escapeXml } from './escape-xml.js';
import type { Mark } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { theme } from './theme.js';
import { type Numbers, toNumbers } from './to-numbers.js';

/** Options of {@link textMark}. */
export interface TextMarkOptions {
  x: Numbers;
  y: Numbers;
  text: readonly string[];
  fill?: string;
  fontSize?: number;
  anchor?: 'start' | 'middle' | 'end';
  /** Pixel offsets from the anchor point. */
  dx?: number;
  dy?: number;
  fontWeight?: 'normal' | 'bold';
}

/**
 * A text label at every `(x[i], y[i])`.
 *
 * @param options - positions, strings and style
 * @returns the mark
 */
export function textMark(options: TextMarkOptions): Mark {
  const x = toNumbers(options.x, 'textMark: x');
  const y = toNumbers(options.y, 'textMark: y');
  if (x.length !== y.length || x.length !== options.text.length) {
    throw new Error(
      `textMark: x, y and text must have the same length (${x.length}, ${y.length}, ${options.text.length})`,
    );
  }
  const ok = (i: number) => Number.isFinite(x[i]!) && Number.isFinite(y[i]!);
  return {
    xValues: x.filter((_, i) => ok(i)),
    yValues: y.filter((_, i) => ok(i)),
    clip: false,
    render(ctx) {
      const fs = options.fontSize ?? theme.tickFontSize;
      const weight = options.fontWeight === 'bold' ? ' font-weight="bold"' : '';
      let out = '';
      for (let i = 0; i < x.length; i++) {
        if (!ok(i)) continue;
        const px = ctx.x.map(x[i]!) + (options.dx ?? 0);
        const py = ctx.y.map(y[i]!) + (options.dy ?? 0);
        out += `<text x="${n(px)}" y="${n(py)}" dy="0.35em" text-anchor="${options.anchor ?? 'middle'}" font-size="${n(fs)}" fill="${options.fill ?? theme.textColor}"${weight}>${escapeXml(options.text[i]!)}</text>`;
      }
      return out;
    },
    pixels(ctx) {
      return x.flatMap((xv, i) => (ok(i) ? [[ctx.x.map(xv), ctx.y.map(y[i]!)] as const] : []));
    },
  };
}
