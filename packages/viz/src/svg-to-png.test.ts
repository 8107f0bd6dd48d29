import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heatmap } from './heatmap.js';
import { imageGrid } from './image-grid.js';
import { saveSvg } from './save-svg.js';
import { savePng, svgToPng } from './svg-to-png.js';
import { decodeTestPng } from './test-png.js';
import { writeFileAtomic } from './write-file-atomic.js';

// These checks do not depend on fonts being installed: only the PNG signature and size.
describe('svgToPng', () => {
  const svg = heatmap({
    values: [
      [1, 2],
      [3, 4],
    ],
    width: 400,
    height: 300,
  });
  it('renders at the requested scale', () => {
    const png = svgToPng(svg, { scale: 1.5 });
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(decodeTestPng(png, false)).toMatchObject({ width: 600, height: 450 });
    expect(decodeTestPng(svgToPng(svg), false)).toMatchObject({ width: 800, height: 600 });
  });
  it('renders embedded images (image grids) too', () => {
    const png = svgToPng(
      imageGrid({
        images: [
          [
            [0, 1],
            [1, 0],
          ],
        ],
        tileSize: 64,
      }),
      { scale: 1 },
    );
    expect(decodeTestPng(png, false).width).toBeGreaterThan(64);
  });
  it('rejects silly scales', () => {
    expect(() => svgToPng(svg, { scale: 0 })).toThrow('svgToPng: scale must be in (0, 16], got 0');
  });
  it('saves SVG and PNG files atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-png-'));
    savePng(join(dir, 'out', 'fig.png'), svg, { scale: 1 });
    saveSvg(join(dir, 'out', 'fig.svg'), svg);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['fig.png', 'fig.svg']);
    expect(readFileSync(join(dir, 'out', 'fig.svg'), 'utf8')).toBe(svg);
    expect(
      decodeTestPng(new Uint8Array(readFileSync(join(dir, 'out', 'fig.png'))), false).width,
    ).toBe(400);
    expect(() => saveSvg(join(dir, 'x.svg'), 'not svg')).toThrow(
      /saveSvg: expected an SVG document string/,
    );
    expect(() => writeFileAtomic('', 'x')).toThrow(
      'writeFileAtomic: path must be a non-empty string, got ""',
    );
  });
});
