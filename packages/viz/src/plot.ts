import { renderAxis, renderGrid } from './axis.js';
import { type AxisOptions, buildScale, resolveDomain } from './axis-options.js';
import { type ColorBarOptions, colorBarWidth, renderColorBar } from './color-bar.js';
import { escapeXml } from './escape-xml.js';
import { formatNumber } from './format-number.js';
import {
  type LegendEntry,
  type LegendPosition,
  legendSize,
  placeLegend,
  renderLegend,
} from './legend.js';
import type { Frame, Mark, PlotContext } from './mark.js';
import type { Scale, Tick } from './scale.js';
import { ID_PLACEHOLDER, svgDocument } from './svg-document.js';
import { svgNumber as n } from './svg-number.js';
import { textWidth } from './text-width.js';
import { theme } from './theme.js';

/** Options of {@link plot}: the marks, the two axes and the decorations. */
export interface PlotOptions {
  /** Layers drawn in order over shared scales. */
  marks: readonly Mark[];
  x?: AxisOptions;
  y?: AxisOptions;
  title?: string;
  /** Figure width in pixels (default 640). */
  width?: number;
  /** Figure height in pixels (default 420). */
  height?: number;
  /** Legend rows; no legend when empty or absent. */
  legend?: readonly LegendEntry[];
  /** Legend corner inside the frame (default `'auto'`: where it hides least data). */
  legendPosition?: LegendPosition;
  /** A colour bar to the right of the frame. */
  colorBar?: ColorBarOptions;
  /** Draw a box around the plotting area (default true). */
  frame?: boolean;
  /** Name of the calling function, for error messages (default `'plot'`). */
  caller?: string;
}

const TICK_GAP = 8;

interface AxisTicks {
  ticks: Tick[];
  rotate: boolean;
  widest: number;
}

function labelWidths(ticks: readonly Tick[]): number {
  return ticks.reduce(
    (m, t) => (t.minor ? m : Math.max(m, textWidth(t.label, theme.tickFontSize))),
    0,
  );
}

function format(ticks: Tick[], axis: AxisOptions): Tick[] {
  let out = ticks;
  if (axis.integer) {
    out = out
      .filter((t) => Number.isInteger(t.value))
      .map((t) => ({ ...t, label: t.minor ? t.label : formatNumber(Number(t.value), 0) }));
  }
  const f = axis.tickFormat;
  return f ? out.map((t) => (t.minor ? t : { ...t, label: f(t.value) })) : out;
}

/** The smallest of 1, 2, 5, 10, 20, 50, 100, … that is ≥ `at`. */
function niceEvery(at: number): number {
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) if (m * p >= at) return m * p;
  }
}

function thin(ticks: readonly Tick[], every: number): Tick[] {
  return ticks.filter((_, i) => i % every === 0);
}

function chooseXTicks(scale: Scale, axis: AxisOptions, length: number): AxisTicks {
  const fs = theme.tickFontSize;
  if (scale.type === 'band') {
    const all = format(scale.ticks(0), axis);
    const spacing = length / Math.max(1, all.length);
    const widest = labelWidths(all);
    if (widest + 6 <= spacing) return { ticks: all, rotate: false, widest };
    // Short labels (indices, digits): show every k-th, upright. Long names: rotate by 45°.
    if (widest <= fs * 2.5) {
      const ticks = thin(all, niceEvery((widest + 8) / spacing));
      return { ticks, rotate: false, widest: labelWidths(ticks) };
    }
    const ticks = spacing < fs * 1.2 ? thin(all, niceEvery((fs * 1.2) / spacing)) : all;
    return { ticks, rotate: true, widest: labelWidths(ticks) };
  }
  let count = axis.ticks ?? Math.max(2, Math.round(length / 90));
  for (;;) {
    const ticks = format(scale.ticks(count), axis);
    const major = ticks.filter((t) => !t.minor && t.label);
    let fits = true;
    for (let i = 1; i < major.length; i++) {
      const a = major[i - 1]!;
      const b = major[i]!;
      const need = (textWidth(a.label, fs) + textWidth(b.label, fs)) / 2 + 10;
      if (Math.abs(b.position - a.position) < need) fits = false;
    }
    if (fits || count <= 2) return { ticks, rotate: false, widest: labelWidths(ticks) };
    count = Math.max(2, Math.floor(count * 0.7));
  }
}

function chooseYTicks(scale: Scale, axis: AxisOptions, length: number): AxisTicks {
  const fs = theme.tickFontSize;
  if (scale.type === 'band') {
    const all = format(scale.ticks(0), axis);
    const spacing = length / Math.max(1, all.length);
    const ticks = spacing < fs + 2 ? thin(all, niceEvery((fs + 2) / spacing)) : all;
    return { ticks, rotate: false, widest: labelWidths(ticks) };
  }
  let count = axis.ticks ?? Math.max(2, Math.round(length / 55));
  for (;;) {
    const ticks = format(scale.ticks(count), axis);
    const pos = ticks.filter((t) => !t.minor && t.label).map((t) => t.position);
    let fits = true;
    for (let i = 1; i < pos.length; i++) if (Math.abs(pos[i]! - pos[i - 1]!) < fs + 4) fits = false;
    if (fits || count <= 2) return { ticks, rotate: false, widest: labelWidths(ticks) };
    count = Math.max(2, Math.floor(count * 0.7));
  }
}

/**
 * The plotting core: lays out a figure (title, axes with nice ticks and
 * labels, grid, legend, colour bar) and draws the marks over shared x and y
 * scales, in the spirit of Observable Plot. Domains are inferred from the
 * marks unless given; tick counts shrink until labels no longer overlap, and
 * crowded category labels are rotated.
 *
 * @param options - marks, axes and decorations
 * @returns a standalone SVG document
 */
export function plot(options: PlotOptions): string {
  const caller = options.caller ?? 'plot';
  const W = options.width ?? theme.width;
  const H = options.height ?? theme.height;
  if (!(W > 50 && H > 50)) throw new Error(`${caller}: figure size ${W}×${H} is too small`);
  const xo = options.x ?? {};
  const yo = options.y ?? {};
  const xd = resolveDomain(
    `${caller}: x axis`,
    xo,
    options.marks.flatMap((m) => m.xValues),
  );
  const yd = resolveDomain(
    `${caller}: y axis`,
    yo,
    options.marks.flatMap((m) => m.yValues),
  );
  const fs = theme.fontSize;
  const top = options.title ? theme.titleFontSize + 22 : 14;

  let frame: Frame = { left: 60, top, width: W - 80, height: H - top - 50 };
  let xt: AxisTicks = { ticks: [], rotate: false, widest: 0 };
  let yt: AxisTicks = { ticks: [], rotate: false, widest: 0 };
  let x: Scale = buildScale(xd, [0, 1]);
  let y: Scale = buildScale(yd, [0, 1]);
  let xLabelOffset = 0;
  let yLabelOffset = 0;
  for (let pass = 0; pass < 3; pass++) {
    const yRange: [number, number] =
      yd.type === 'band'
        ? [frame.top, frame.top + frame.height]
        : [frame.top + frame.height, frame.top];
    y = buildScale(yd, yRange, yo.bandPadding);
    yt = chooseYTicks(y, yo, frame.height);
    yLabelOffset = 5 + 3 + yt.widest + TICK_GAP + fs * 0.25;
    const left = Math.max(24, yLabelOffset + (yo.label ? fs + 6 : 0));
    let right = 16;
    if (options.colorBar) right = colorBarWidth(options.colorBar, frame.height) + 10;
    x = buildScale(xd, [left, W - right], xo.bandPadding);
    xt = chooseXTicks(x, xo, W - right - left);
    const lastX = xt.ticks.filter((t) => t.label && !t.minor).at(-1);
    if (lastX && !options.colorBar && !xt.rotate) {
      right = Math.max(
        right,
        textWidth(lastX.label, theme.tickFontSize) / 2 + 6 - (W - right - lastX.position),
      );
    }
    const tickLabelHeight = xt.rotate
      ? (xt.widest + fs * 0.5) * Math.SQRT1_2 + 6
      : theme.tickFontSize + 2;
    xLabelOffset = 5 + 3 + tickLabelHeight + 6;
    const bottom = xLabelOffset + (xo.label ? fs + 8 : 0) + 4;
    frame = { left, top, width: W - left - right, height: H - top - bottom };
    if (frame.width < 20 || frame.height < 20) {
      throw new Error(`${caller}: figure ${W}×${H} is too small for its labels`);
    }
  }
  const xRange: [number, number] = [frame.left, frame.left + frame.width];
  x = buildScale(xd, xRange, xo.bandPadding);
  xt = chooseXTicks(x, xo, frame.width);
  const yRange: [number, number] =
    yd.type === 'band'
      ? [frame.top, frame.top + frame.height]
      : [frame.top + frame.height, frame.top];
  y = buildScale(yd, yRange, yo.bandPadding);
  yt = chooseYTicks(y, yo, frame.height);
  const ctx: PlotContext = { x, y, frame };

  let body = '';
  if (options.title) {
    const cx = Math.min(Math.max(frame.left + frame.width / 2, W / 2 - 40), W / 2 + 40);
    body += `<text x="${n(cx)}" y="${n(10 + theme.titleFontSize * 0.85)}" text-anchor="middle" font-size="${theme.titleFontSize}" font-weight="bold" fill="${theme.textColor}">${escapeXml(options.title)}</text>`;
  }
  if (xo.grid ?? x.type !== 'band') body += renderGrid('bottom', frame, xt.ticks);
  if (yo.grid ?? y.type !== 'band') body += renderGrid('left', frame, yt.ticks);
  const clipId = `${ID_PLACEHOLDER}-clip`;
  if (options.marks.some((m) => m.clip)) {
    body += `<clipPath id="${clipId}"><rect x="${n(frame.left - 1)}" y="${n(frame.top - 1)}" width="${n(frame.width + 2)}" height="${n(frame.height + 2)}"/></clipPath>`;
  }
  for (const m of options.marks) {
    const svg = m.render(ctx);
    if (svg) body += m.clip ? `<g clip-path="url(#${clipId})">${svg}</g>` : svg;
  }
  if (options.frame ?? true) {
    body += `<rect x="${n(frame.left)}" y="${n(frame.top)}" width="${n(frame.width)}" height="${n(frame.height)}" fill="none" stroke="${theme.axisColor}" stroke-width="0.8"/>`;
  }
  body += renderAxis({
    orient: 'bottom',
    frame,
    ticks: xt.ticks,
    label: xo.label,
    labelOffset: xLabelOffset,
    rotate: xt.rotate,
  });
  body += renderAxis({
    orient: 'left',
    frame,
    ticks: yt.ticks,
    label: yo.label,
    labelOffset: yLabelOffset,
  });
  const entries = options.legend ?? [];
  const position = options.legendPosition ?? 'auto';
  if (entries.length > 0 && position !== 'none') {
    const size = legendSize(entries);
    const at = placeLegend(
      position,
      frame,
      size,
      options.marks.flatMap((m) => m.pixels(ctx)),
    );
    body += renderLegend(entries, at.x, at.y);
  }
  if (options.colorBar) {
    body += renderColorBar(
      options.colorBar,
      frame.left + frame.width + 14,
      frame.top,
      frame.height,
    );
  }
  return svgDocument(W, H, body, options.title);
}
