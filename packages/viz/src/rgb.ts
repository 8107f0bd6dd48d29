/** A colour as red, green, blue in 0–255. */
export type Rgb = readonly [number, number, number];

/**
 * Parses `#rgb` or `#rrggbb` into channels.
 *
 * @param hex - the colour
 * @returns `[r, g, b]` in 0–255
 */
export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`parseHex: not a #rgb or #rrggbb colour: ${JSON.stringify(hex)}`);
  let h = m[1]!;
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [
    Number.parseInt(h.slice(0, 2), 16),
    Number.parseInt(h.slice(2, 4), 16),
    Number.parseInt(h.slice(4, 6), 16),
  ];
}

/**
 * Writes channels as `#rrggbb` (rounded and clamped to 0–255).
 *
 * @param rgb - `[r, g, b]`
 * @returns the hex colour
 */
export function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((c) =>
      Math.max(0, Math.min(255, Math.round(c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * Mixes two hex colours: `t = 0` gives `a`, `t = 1` gives `b`.
 *
 * @param a - first colour
 * @param b - second colour
 * @param t - amount of `b`, 0–1
 * @returns the mixed hex colour
 */
export function mixHex(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

/**
 * Relative luminance (0 black … 1 white) of a hex colour, to choose black or
 * white text on top of it.
 *
 * @param hex - the colour
 * @returns luminance in 0–1
 */
export function luminance(hex: string): number {
  const lin = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}
