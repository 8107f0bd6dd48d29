import { type ColorMapName, colorMap } from './color-maps.js';
import { escapeXml } from './escape-xml.js';
import { scaleLinear } from './scale-linear.js';
import { svgNumber as n } from './svg-number.js';
import { textWidth } from './text-width.js';
import { theme } from './theme.js';

/** Options of {@link renderColorBar}. */
export interface ColorBarOptions {
  cmap: ColorMapName;
  /** Values at the bottom and top of the bar. */
  domain: readonly [number, number];
  label?: string;
}

const BAR = 14;
const STEPS = 64;

function barTicks(o: ColorBarOptions, top: number, height: number) {
  const [lo, hi] = o.domain[0] === o.domain[1] ? [o.domain[0] - 1, o.domain[1] + 1] : o.domain;
  return scaleLinear([lo, hi], [top + height, top]).ticks(Math.max(2, Math.round(height / 70)));
}

/**
 * Pixels a colour bar needs to the right of the frame (gap, bar, ticks, label).
 *
 * @param o - the colour bar
 * @param height - its height in pixels
 * @returns the width in pixels
 */
export function colorBarWidth(o: ColorBarOptions, height: number): number {
  const labels = barTicks(o, 0, height).map((t) => textWidth(t.label, theme.tickFontSize));
  return 14 + BAR + 8 + Math.max(0, ...labels) + (o.label ? theme.fontSize + 10 : 0);
}

/**
 * A vertical colour bar (no gradients or ids: stacked rectangles) with ticks
 * and an optional rotated label, its left edge at `x`.
 *
 * @param o - map, domain and label
 * @param x - left edge of the bar in pixels
 * @param top - top of the bar
 * @param height - bar height
 * @returns SVG markup
 */
export function renderColorBar(o: ColorBarOptions, x: number, top: number, height: number): string {
  const map = colorMap(o.cmap);
  let out = '<g class="color-bar">';
  const h = height / STEPS;
  for (let i = 0; i < STEPS; i++) {
    const t = (i + 0.5) / STEPS;
    out += `<rect x="${n(x)}" y="${n(top + height - (i + 1) * h)}" width="${BAR}" height="${n(h + 0.4)}" fill="${map(t)}"/>`;
  }
  out += `<rect x="${n(x)}" y="${n(top)}" width="${BAR}" height="${n(height)}" fill="none" stroke="${theme.axisColor}" stroke-width="0.8"/>`;
  const ticks = barTicks(o, top, height);
  let d = '';
  let labels = '';
  let widest = 0;
  for (const t of ticks) {
    d += `M${n(x + BAR)},${n(t.position)}h4`;
    labels += `<text x="${n(x + BAR + 7)}" y="${n(t.position)}" dy="0.35em">${escapeXml(t.label)}</text>`;
    widest = Math.max(widest, textWidth(t.label, theme.tickFontSize));
  }
  out += `<path d="${d}" stroke="${theme.axisColor}" fill="none"/>`;
  out += `<g font-size="${theme.tickFontSize}" fill="${theme.textColor}">${labels}</g>`;
  if (o.label) {
    const lx = n(x + BAR + 10 + widest + theme.fontSize * 1.3);
    const ly = n(top + height / 2);
    out += `<text x="${lx}" y="${ly}" text-anchor="middle" fill="${theme.textColor}" transform="rotate(-90 ${lx} ${ly})">${escapeXml(o.label)}</text>`;
  }
  return `${out}</g>`;
}
