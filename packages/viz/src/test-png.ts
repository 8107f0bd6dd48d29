// Test helper (not part of the build): decodes PNG files well enough to check size and pixels.
import { inflateSync } from 'node:zlib';

/** A decoded PNG (filter type 0 rows only, as written by encodePng). */
export interface TestPng {
  width: number;
  height: number;
  colorType: number;
  rows: Uint8Array[];
}

/** Reads the IHDR size of any PNG, and the pixel rows of unfiltered 8-bit PNGs. */
export function decodeTestPng(png: Uint8Array, pixels = true): TestPng {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const colorType = png[25]!;
  if (!pixels) return { width, height, colorType, rows: [] };
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colorType === 0 ? 1 : colorType === 2 ? 3 : 4;
  const stride = width * channels + 1;
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++)
    rows.push(new Uint8Array(raw.subarray(y * stride + 1, (y + 1) * stride)));
  return { width, height, colorType, rows };
}

/** Decodes the first `data:image/png;base64,` image embedded in an SVG string. */
export function firstEmbeddedPng(svg: string): TestPng {
  const m = /href="data:image\/png;base64,([^"]+)"/.exec(svg);
  if (!m) throw new Error('no embedded PNG');
  return decodeTestPng(new Uint8Array(Buffer.from(m[1]!, 'base64')));
}
