import { join } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { loadImageFolder } from './image-folder.js';
import { resizeBilinear } from './resize-bilinear.js';
import { hasSharedData, sharedDataDir, skipNote } from './test-data-dir.js';
import { tempDir, writeFixture } from './test-fixtures.js';

/** A w×h RGBA image filled with one colour. */
function solid(w: number, h: number, rgb: [number, number, number]) {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
  return { width: w, height: h, data };
}

function png(w: number, h: number, rgb: [number, number, number]): Uint8Array {
  const p = new PNG({ width: w, height: h });
  p.data = Buffer.from(solid(w, h, rgb).data);
  return PNG.sync.write(p);
}

function jpeg(w: number, h: number, rgb: [number, number, number]): Uint8Array {
  return encodeJpeg(solid(w, h, rgb), 95).data;
}

describe('loadImageFolder on a tiny PNG + JPEG folder', () => {
  const { dir, cleanup } = tempDir();
  beforeAll(() => {
    writeFixture(join(dir, 'imgs', 'red', 'a.png'), png(8, 6, [255, 0, 0]));
    writeFixture(join(dir, 'imgs', 'red', 'b.jpg'), jpeg(16, 16, [255, 0, 0]));
    writeFixture(join(dir, 'imgs', 'blue', 'c.jpeg'), jpeg(10, 4, [0, 0, 255]));
    writeFixture(join(dir, 'imgs', 'blue', 'notes.txt'), new TextEncoder().encode('ignored'));
  });
  afterAll(cleanup);

  it('decodes JPEG and PNG, resizes, and takes class names from the folders (sorted)', () => {
    const ds = loadImageFolder(join(dir, 'imgs'), { size: 4 });
    expect(ds.classes).toEqual(['blue', 'red']);
    expect(ds.images.shape).toEqual([3, 3, 4, 4]);
    expect(Array.from(ds.labels.dataSync())).toEqual([0, 1, 1]);
    expect(ds.paths.map((p) => p.split('/').pop())).toEqual(['c.jpeg', 'a.png', 'b.jpg']);
    // image 1 is the red PNG: R = 1, B = 0 exactly; the JPEGs are close
    expect(ds.images.get(1, 0, 2, 2)).toBe(1);
    expect(ds.images.get(1, 2, 2, 2)).toBe(0);
    expect(ds.images.get(0, 2, 1, 1)).toBeGreaterThan(0.95);
    expect(ds.images.get(0, 0, 1, 1)).toBeLessThan(0.05);
  });

  it('normalises to [−1, 1], converts to grey, limits per class, selects classes', () => {
    const sym = loadImageFolder(join(dir, 'imgs'), {
      size: [2, 3],
      scale: 'symmetric',
      classes: ['red'],
    });
    expect(sym.images.shape).toEqual([2, 3, 2, 3]);
    expect(sym.images.get(0, 0, 0, 0)).toBe(1);
    expect(sym.images.get(0, 1, 0, 0)).toBe(-1);
    const grey = loadImageFolder(join(dir, 'imgs'), { size: 2, channels: 1, limitPerClass: 1 });
    expect(grey.images.shape).toEqual([2, 1, 2, 2]);
    expect(grey.images.get(1, 0, 0, 0)).toBeCloseTo(0.299, 3); // pure red in luma
  });

  it('errors: no such folder, mixed sizes without size, undecodable file', () => {
    expect(() => loadImageFolder(join(dir, 'nope'))).toThrow(
      /loadImageFolder: .*nope is not a directory/,
    );
    expect(() => loadImageFolder(join(dir, 'imgs'))).toThrow(
      /is 8×6 but .*c.jpeg is 10×4; pass a size option/,
    );
    expect(() => decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]), '/x/bad.png')).toThrow(
      /cannot decode \/x\/bad.png/,
    );
    expect(() => decodeImage(new Uint8Array([1, 2, 3, 4]), '/x/a.jpg')).toThrow(
      /neither a PNG nor a JPEG \(first bytes 01 02 03 04\)/,
    );
  });
});

describe('resizeBilinear', () => {
  it('interpolates between pixel centres (align_corners = false)', () => {
    // 2×1 grey-as-RGB image: 0 and 200 → width 4: 0, 50, 150, 200
    const src = new Uint8Array([0, 0, 0, 200, 200, 200]);
    const out = new Float32Array(12);
    resizeBilinear(src, 2, 1, 3, 1, 4, 3, out, 0);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 50, 150, 200]);
  });
});

describe(`the cats-dogs folder${skipNote('cats-dogs')}`, () => {
  it.skipIf(!hasSharedData('cats-dogs'))('loads cat and dog photos resized to 32×32', () => {
    const ds = loadImageFolder(join(sharedDataDir, 'cats-dogs', 'test'), {
      size: 32,
      limitPerClass: 5,
      scale: 'symmetric',
    });
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.images.shape).toEqual([10, 3, 32, 32]);
    const v = Array.from(ds.images.dataSync());
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
  });
});
