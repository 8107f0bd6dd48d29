import { escapeXml } from './escape-xml.js';
import type { Mark } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { theme } from './theme.js';

/** Options of {@link barMark}. */
export interface BarMarkOptions {
  /** Category of each bar (on a band x scale). */
  x: readonly string[];
  /** Height of each bar. */
  y: ArrayLike<number>;
  fill?: string;
  /** Index of this series among `groups` side-by-side series (default 0). */
  group?: number;
  /** Number of side-by-side series sharing each band (default 1). */
  groups?: number;
  /** Value the bars start from (default 0). */
  base?: number;
  /** Text written above each bar (e.g. its value); the y domain gets headroom for it. */
  labels?: readonly string[];
}

/**
 * Vertical bars on a band x scale; several bar marks with `group`/`groups`
 * make a grouped bar chart.
 *
 * @param options - categories, values and style
 * @returns the mark
 */
export function barMark(options: BarMarkOptions): Mark {
  const { x } = options;
  const y = Array.from(options.y);
  if (x.length !== y.length) {
    throw new Error(`barMark: x has ${x.length} categories but y has ${y.length} values`);
  }
  const groups = options.groups ?? 1;
  const group = options.group ?? 0;
  if (!(group >= 0 && group < groups)) {
    throw new Error(`barMark: group ${group} is outside 0..${groups - 1}`);
  }
  const base = options.base ?? 0;
  if (options.labels && options.labels.length !== y.length) {
    throw new Error(`barMark: labels has ${options.labels.length} entries, expected ${y.length}`);
  }
  const finite = y.filter(Number.isFinite);
  const headroom =
    options.labels && finite.length
      ? [Math.max(...finite.map((v) => base + (v - base) * 1.12))]
      : [];
  const fill = options.fill ?? '#1f77b4';
  const geometry = (ctx: Parameters<Mark['render']>[0]) =>
    x.flatMap((cat, i) => {
      const v = y[i]!;
      if (!Number.isFinite(v)) return [];
      const w = ctx.x.bandwidth / groups;
      const left = ctx.x.map(cat) + group * w;
      // Bars start at `base` but never leave the frame: with a y domain that excludes the
      // base (e.g. [4.4, 5.1] for losses) they rise from the frame's bottom edge instead.
      const lo = ctx.frame.top;
      const hi = ctx.frame.top + ctx.frame.height;
      const a = Math.min(hi, Math.max(lo, ctx.y.map(base)));
      const b = Math.min(hi, Math.max(lo, ctx.y.map(v)));
      return [{ i, left, w, top: Math.min(a, b), h: Math.abs(a - b) }];
    });
  return {
    xValues: x,
    yValues: [...finite, base, ...headroom],
    clip: false,
    render(ctx) {
      const fs = groups > 2 ? theme.tickFontSize - 1 : theme.tickFontSize;
      return geometry(ctx)
        .map((g) => {
          const bar = `<rect x="${n(g.left + 0.5)}" y="${n(g.top)}" width="${n(Math.max(0, g.w - 1))}" height="${n(g.h)}" fill="${fill}"/>`;
          const label = options.labels?.[g.i];
          if (!label) return bar;
          const up = y[g.i]! >= base;
          let ty = up ? g.top - 4 : g.top + g.h + fs;
          let color: string = theme.textColor;
          if (up && ty - fs < ctx.frame.top && g.h > fs + 6) {
            // No room above the frame's top: write the value inside the bar.
            ty = g.top + fs + 3;
            color = '#ffffff';
          }
          return `${bar}<text x="${n(g.left + g.w / 2)}" y="${n(ty)}" text-anchor="middle" font-size="${fs}" fill="${color}">${escapeXml(label)}</text>`;
        })
        .join('');
    },
    pixels(ctx) {
      return geometry(ctx).flatMap((g) => [
        [g.left + g.w / 2, g.top] as const,
        [g.left + g.w / 2, g.top + g.h / 2] as const,
        [g.left + g.w / 2, g.top + g.h] as const,
      ]);
    },
  };
}
