import type { Mark } from './mark.js';
import { svgNumber as n } from './svg-number.js';
import { type Numbers, toNumbers } from './to-numbers.js';

/** Options of {@link rectMark}. */
export interface RectMarkOptions {
  /** Left edges. */
  x1: Numbers;
  /** Right edges. */
  x2: Numbers;
  /** Bottom values. */
  y1: Numbers;
  /** Top values. */
  y2: Numbers;
  fill?: string | readonly string[];
  opacity?: number;
  stroke?: string;
  /** Pixels of empty space between neighbouring rectangles (default 0). */
  inset?: number;
}

/**
 * Rectangles spanning `[x1[i], x2[i]] × [y1[i], y2[i]]` on continuous scales
 * (histogram bins, intervals).
 *
 * @param options - edges and style
 * @returns the mark
 */
export function rectMark(options: RectMarkOptions): Mark {
  const x1 = toNumbers(options.x1, 'rectMark: x1');
  const x2 = toNumbers(options.x2, 'rectMark: x2');
  const y1 = toNumbers(options.y1, 'rectMark: y1');
  const y2 = toNumbers(options.y2, 'rectMark: y2');
  for (const [name, arr] of [
    ['x2', x2],
    ['y1', y1],
    ['y2', y2],
  ] as const) {
    if (arr.length !== x1.length) {
      throw new Error(
        `rectMark: ${name} has ${arr.length} entries, expected ${x1.length} (like x1)`,
      );
    }
  }
  const ok = (i: number) => [x1[i], x2[i], y1[i], y2[i]].every((v) => Number.isFinite(v));
  const idx = x1.map((_, i) => i).filter(ok);
  return {
    xValues: idx.flatMap((i) => [x1[i]!, x2[i]!]),
    yValues: idx.flatMap((i) => [y1[i]!, y2[i]!]),
    clip: true,
    render(ctx) {
      const inset = options.inset ?? 0;
      const stroke = options.stroke ? ` stroke="${options.stroke}" stroke-width="1"` : '';
      const opacity = options.opacity !== undefined ? ` fill-opacity="${n(options.opacity)}"` : '';
      let out = '';
      for (const i of idx) {
        const a = ctx.x.map(x1[i]!);
        const b = ctx.x.map(x2[i]!);
        const c = ctx.y.map(y1[i]!);
        const d = ctx.y.map(y2[i]!);
        if (![a, b, c, d].every(Number.isFinite)) continue;
        const left = Math.min(a, b) + inset / 2;
        const w = Math.max(0, Math.abs(b - a) - inset);
        const top = Math.min(c, d);
        const h = Math.abs(d - c);
        const fill =
          typeof options.fill === 'string' ? options.fill : (options.fill?.[i] ?? '#1f77b4');
        out += `<rect x="${n(left)}" y="${n(top)}" width="${n(w)}" height="${n(h)}" fill="${fill}"${opacity}${stroke}/>`;
      }
      return out;
    },
    pixels(ctx) {
      const out: Array<readonly [number, number]> = [];
      for (const i of idx) {
        const top = Math.min(ctx.y.map(y1[i]!), ctx.y.map(y2[i]!));
        const bottom = Math.max(ctx.y.map(y1[i]!), ctx.y.map(y2[i]!));
        const l = Math.min(ctx.x.map(x1[i]!), ctx.x.map(x2[i]!));
        const r = Math.max(ctx.x.map(x1[i]!), ctx.x.map(x2[i]!));
        for (let px = l; px <= r; px += 6) {
          for (let py = top; py <= bottom; py += 6) out.push([px, py]);
        }
      }
      return out;
    },
  };
}
