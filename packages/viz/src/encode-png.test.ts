import { describe, expect, it } from 'vitest';
import { base64Encode } from './base64.js';
import { encodePng } from './encode-png.js';
import { decodeTestPng } from './test-png.js';

describe('encodePng', () => {
  it('writes a valid PNG that zlib can inflate, top row first', () => {
    const pixels = new Uint8Array([0, 50, 100, 150, 200, 250]); // 3 wide, 2 high, gray
    const png = encodePng(pixels, 3, 2, 1);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const decoded = decodeTestPng(png);
    expect(decoded).toMatchObject({ width: 3, height: 2, colorType: 0 });
    expect([...decoded.rows[0]!]).toEqual([0, 50, 100]);
    expect([...decoded.rows[1]!]).toEqual([150, 200, 250]);
  });
  it('splits big images into several stored blocks', () => {
    const pixels = new Uint8Array(200 * 200 * 3).map((_, i) => i % 251);
    const decoded = decodeTestPng(encodePng(pixels, 200, 200, 3));
    expect(decoded.colorType).toBe(2);
    expect([...decoded.rows[199]!.subarray(0, 3)]).toEqual([
      ...pixels.subarray(199 * 600, 199 * 600 + 3),
    ]);
  });
  it('checks the byte count', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2, 1)).toThrow(
      'encodePng: expected 2×2×1 = 4 bytes, got 5',
    );
  });
});

describe('base64Encode', () => {
  it('matches Node for every padding case', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 37) % 256);
      expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
