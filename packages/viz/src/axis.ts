import { escapeXml } from './escape-xml.js';
import type { Frame } from './mark.js';
import type { Tick } from './scale.js';
import { svgNumber as n } from './svg-number.js';
import { theme } from './theme.js';

/** Options of {@link renderAxis}. */
export interface RenderAxisOptions {
  orient: 'bottom' | 'left';
  frame: Frame;
  ticks: readonly Tick[];
  label?: string;
  /** Pixels between the tick labels and the axis label. */
  labelOffset: number;
  /** Rotate tick labels by −45° (crowded category names). */
  rotate?: boolean;
}

const TICK = 5;

/**
 * Tick marks, tick labels and the axis label of a bottom or left axis.
 *
 * @param o - orientation, frame, ticks and label
 * @returns SVG markup
 */
export function renderAxis(o: RenderAxisOptions): string {
  const { frame, orient } = o;
  const fs = theme.tickFontSize;
  const bottom = frame.top + frame.height;
  let marks = '';
  let labels = '';
  for (const t of o.ticks) {
    const len = t.minor ? TICK * 0.6 : TICK;
    if (orient === 'bottom') {
      marks += `M${n(t.position)},${n(bottom)}v${len}`;
      if (t.label && !t.minor) {
        const text = escapeXml(t.label);
        if (o.rotate) {
          const x = n(t.position);
          const y = n(bottom + TICK + 4);
          labels += `<text x="${x}" y="${y}" dy="0.35em" text-anchor="end" transform="rotate(-45 ${x} ${y})">${text}</text>`;
        } else {
          labels += `<text x="${n(t.position)}" y="${n(bottom + TICK + 3)}" dy="0.8em" text-anchor="middle">${text}</text>`;
        }
      }
    } else {
      marks += `M${n(frame.left)},${n(t.position)}h${-len}`;
      if (t.label && !t.minor) {
        labels += `<text x="${n(frame.left - TICK - 3)}" y="${n(t.position)}" dy="0.35em" text-anchor="end">${escapeXml(t.label)}</text>`;
      }
    }
  }
  let out = `<g class="axis-${orient}" fill="${theme.textColor}" font-size="${fs}">`;
  if (marks) out += `<path d="${marks}" stroke="${theme.axisColor}" stroke-width="1" fill="none"/>`;
  out += labels;
  if (o.label) {
    const text = escapeXml(o.label);
    if (orient === 'bottom') {
      const x = n(frame.left + frame.width / 2);
      const y = n(bottom + o.labelOffset);
      out += `<text x="${x}" y="${y}" dy="0.8em" text-anchor="middle" font-size="${theme.fontSize}">${text}</text>`;
    } else {
      const x = n(frame.left - o.labelOffset);
      const y = n(frame.top + frame.height / 2);
      out += `<text x="${x}" y="${y}" text-anchor="middle" font-size="${theme.fontSize}" transform="rotate(-90 ${x} ${y})">${text}</text>`;
    }
  }
  return `${out}</g>`;
}

/**
 * Grid lines across the frame at each major tick.
 *
 * @param orient - `'bottom'` draws vertical lines, `'left'` horizontal ones
 * @param frame - the plotting area
 * @param ticks - the axis ticks
 * @returns SVG markup (empty when there are no ticks)
 */
export function renderGrid(
  orient: 'bottom' | 'left',
  frame: Frame,
  ticks: readonly Tick[],
): string {
  let d = '';
  for (const t of ticks) {
    if (t.minor) continue;
    d +=
      orient === 'bottom'
        ? `M${n(t.position)},${n(frame.top)}v${n(frame.height)}`
        : `M${n(frame.left)},${n(t.position)}h${n(frame.width)}`;
  }
  return d ? `<path d="${d}" stroke="${theme.gridColor}" stroke-width="1" fill="none"/>` : '';
}
