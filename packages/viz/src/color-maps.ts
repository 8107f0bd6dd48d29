import { parseHex, type Rgb, toHex } from './rgb.js';

/** Names of the built-in colour maps. */
export type ColorMapName = 'viridis' | 'magma' | 'gray' | 'blues' | 'rdbu' | 'bwr';

/** A colour map: `t` in 0–1 to a `#rrggbb` colour (t is clamped). */
export type ColorMap = (t: number) => string;

const STOPS: Record<ColorMapName, readonly string[]> = {
  // Sequential, perceptually uniform (matplotlib's default).
  viridis: [
    '#440154',
    '#482475',
    '#414487',
    '#355f8d',
    '#2a788e',
    '#21918c',
    '#22a884',
    '#44bf70',
    '#7ad151',
    '#bddf26',
    '#fde725',
  ],
  magma: [
    '#000004',
    '#140e36',
    '#3b0f70',
    '#641a80',
    '#8c2981',
    '#b73779',
    '#de4968',
    '#f7705c',
    '#fe9f6d',
    '#fecf92',
    '#fcfdbf',
  ],
  gray: ['#000000', '#ffffff'],
  // Sequential white → blue, for confusion matrices.
  blues: [
    '#f7fbff',
    '#deebf7',
    '#c6dbef',
    '#9ecae1',
    '#6baed6',
    '#4292c6',
    '#2171b5',
    '#08519c',
    '#08306b',
  ],
  // Diverging red → white → blue (matplotlib's RdBu: low values red).
  rdbu: [
    '#67001f',
    '#b2182b',
    '#d6604d',
    '#f4a582',
    '#fddbc7',
    '#f7f7f7',
    '#d1e5f0',
    '#92c5de',
    '#4393c3',
    '#2166ac',
    '#053061',
  ],
  // Diverging blue → white → red (RdBu reversed: negative blue, positive red), for weights.
  bwr: [
    '#053061',
    '#2166ac',
    '#4393c3',
    '#92c5de',
    '#d1e5f0',
    '#f7f7f7',
    '#fddbc7',
    '#f4a582',
    '#d6604d',
    '#b2182b',
    '#67001f',
  ],
};

const PARSED = new Map<ColorMapName, Rgb[]>();

/** The names of every built-in colour map. */
export const colorMapNames = Object.keys(STOPS) as ColorMapName[];

/**
 * Colour maps that are diverging (a neutral middle): `rdbu` and `bwr`.
 *
 * @param name - a colour map name
 * @returns whether the map is diverging
 */
export function isDiverging(name: ColorMapName): boolean {
  return name === 'rdbu' || name === 'bwr';
}

/**
 * Returns a colour map function by name: sequential `viridis`, `magma`,
 * `gray`, `blues`, diverging `rdbu` (red low, blue high) and `bwr` (blue low,
 * red high). Colours are interpolated linearly between fixed stops.
 *
 * @param name - the map
 * @returns a function from `t ∈ [0, 1]` to `#rrggbb`
 */
export function colorMap(name: ColorMapName): ColorMap {
  const stops = STOPS[name];
  if (!stops)
    throw new Error(
      `colorMap: unknown colour map ${JSON.stringify(name)} (try ${colorMapNames.join(', ')})`,
    );
  let rgb = PARSED.get(name);
  if (!rgb) {
    rgb = stops.map(parseHex);
    PARSED.set(name, rgb);
  }
  const table = rgb;
  return (t: number): string => {
    const u = Number.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
    const pos = u * (table.length - 1);
    const i = Math.min(table.length - 2, Math.floor(pos));
    const f = pos - i;
    const a = table[i]!;
    const b = table[i + 1]!;
    return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
  };
}
