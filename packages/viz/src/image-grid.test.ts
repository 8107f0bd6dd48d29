import { describe, expect, it } from 'vitest';
import { imageGrid } from './image-grid.js';
import { firstEmbeddedPng } from './test-png.js';
import { countTags, expectWellFormed, texts } from './test-svg.js';

// A 4×3 grayscale image whose top row is bright and bottom row dark.
const topBright = { data: [1, 1, 1, 0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0], height: 4, width: 3 };

describe('imageGrid', () => {
  it('draws one tile per image with its title', () => {
    const svg = imageGrid({
      images: [topBright, topBright],
      titles: ['pred 7 / true 7', 'pred 1 / true 7'],
      title: 'Samples',
    });
    expectWellFormed(svg);
    expect(countTags(svg, 'image')).toBe(2);
    expect(texts(svg)).toEqual(['Samples', 'pred 7 / true 7', 'pred 1 / true 7']);
    expect(svg).toContain('image-rendering="optimizeSpeed"');
    expect(svg).toMatchSnapshot();
  });

  it('keeps row 0 at the top (no flipped images)', () => {
    const png = firstEmbeddedPng(imageGrid({ images: [topBright] }));
    expect(png).toMatchObject({ width: 3, height: 4, colorType: 0 });
    expect([...png.rows[0]!]).toEqual([255, 255, 255]);
    expect([...png.rows[3]!]).toEqual([0, 0, 0]);
  });

  it('reads RGB in CHW (default) and HWC layouts alike', () => {
    // 1×2 image: left pixel red, right pixel blue.
    const chw = { data: [1, 0, 0, 0, 0, 1], height: 1, width: 2, channels: 3 as const };
    const hwc = {
      data: [1, 0, 0, 0, 0, 1],
      height: 1,
      width: 2,
      channels: 3 as const,
      layout: 'hwc' as const,
    };
    const a = firstEmbeddedPng(imageGrid({ images: [chw] }));
    expect([...a.rows[0]!]).toEqual([255, 0, 0, 0, 0, 255]);
    const b = firstEmbeddedPng(imageGrid({ images: [hwc] }));
    expect([...b.rows[0]!]).toEqual([255, 0, 0, 0, 0, 255]);
  });

  it('shows signed weights symmetric around zero with a diverging map', () => {
    const png = firstEmbeddedPng(
      imageGrid({ images: [[[-2, 0, 1]]], cmap: 'bwr', range: 'symmetric' }),
    );
    expect(png.colorType).toBe(2);
    const px = [...png.rows[0]!];
    expect(px.slice(0, 3)).toEqual([5, 48, 97]); // −2 → darkest blue
    expect(Math.min(...px.slice(3, 6))).toBeGreaterThan(240); // 0 → near white
  });

  it('explains bad input', () => {
    expect(() => imageGrid({ images: [] })).toThrow('imageGrid: images is empty');
    expect(() => imageGrid({ images: [{ data: [1, 2, 3], height: 2, width: 2 }] })).toThrow(
      'imageGrid: images[0]: data has 3 values, expected 2×2×1 = 4',
    );
    expect(() => imageGrid({ images: [topBright], titles: ['a', 'b'] })).toThrow(
      'imageGrid: titles has 2 entries, expected 1 (one per image)',
    );
  });
});
