import { describe, expect, it } from 'vitest';
import { colorMap, colorMapNames, isDiverging } from './color-maps.js';
import { category10, seriesColor } from './palette.js';
import { luminance, mixHex, parseHex, toHex } from './rgb.js';

describe('colorMap', () => {
  it('has the documented endpoints', () => {
    expect(colorMap('viridis')(0)).toBe('#440154');
    expect(colorMap('viridis')(1)).toBe('#fde725');
    expect(colorMap('gray')(0)).toBe('#000000');
    expect(colorMap('gray')(1)).toBe('#ffffff');
    expect(colorMap('gray')(0.5)).toBe('#808080');
    expect(colorMap('rdbu')(0)).toBe('#67001f');
    expect(colorMap('bwr')(0)).toBe('#053061');
    expect(colorMap('bwr')(1)).toBe('#67001f');
  });
  it('diverging maps are neutral in the middle', () => {
    for (const name of colorMapNames.filter(isDiverging)) {
      const [r, g, b] = parseHex(colorMap(name)(0.5));
      expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(10);
      expect(luminance(colorMap(name)(0.5))).toBeGreaterThan(0.85);
    }
  });
  it('sequential maps grow monotonically in luminance', () => {
    for (const name of ['viridis', 'magma', 'gray'] as const) {
      const map = colorMap(name);
      const lum = [0, 0.25, 0.5, 0.75, 1].map((t) => luminance(map(t)));
      for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeGreaterThan(lum[i - 1]!);
    }
  });
  it('clamps out-of-range and NaN input', () => {
    const map = colorMap('viridis');
    expect(map(-3)).toBe(map(0));
    expect(map(7)).toBe(map(1));
    expect(map(Number.NaN)).toBe(map(0));
  });
  it('names unknown maps', () => {
    expect(() => colorMap('jet' as never)).toThrow(/colorMap: unknown colour map "jet"/);
  });
});

describe('palette and rgb', () => {
  it('cycles through ten category colours', () => {
    expect(seriesColor(0)).toBe('#1f77b4');
    expect(seriesColor(10)).toBe(seriesColor(0));
    expect(new Set(category10).size).toBe(10);
  });
  it('parses, mixes and writes hex colours', () => {
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(toHex([300, -5, 127.6])).toBe('#ff0080');
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(() => parseHex('red')).toThrow('parseHex: not a #rgb or #rrggbb colour: "red"');
  });
});
