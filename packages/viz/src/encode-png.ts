const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 255;
  out[at + 1] = (v >>> 16) & 255;
  out[at + 2] = (v >>> 8) & 255;
  out[at + 3] = v & 255;
}

/**
 * Encodes 8-bit pixels as a PNG file, in pure TypeScript (zlib "stored"
 * blocks, no compression: small images such as 28×28 digits or a 100×100
 * decision-region raster embed fine as data URIs).
 *
 * @param pixels - row-major pixels, top row first, `channels` bytes each
 * @param width - image width in pixels
 * @param height - image height in pixels
 * @param channels - 1 (gray), 3 (RGB) or 4 (RGBA)
 * @returns the PNG bytes
 */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`encodePng: bad size ${width}×${height}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new Error(
      `encodePng: expected ${width}×${height}×${channels} = ${width * height * channels} bytes, got ${pixels.length}`,
    );
  }
  const rowLen = width * channels + 1;
  const raw = new Uint8Array(rowLen * height);
  for (let y = 0; y < height; y++) {
    raw[y * rowLen] = 0;
    raw.set(pixels.subarray(y * width * channels, (y + 1) * width * channels), y * rowLen + 1);
  }
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const zlib = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  zlib[0] = 0x78;
  zlib[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    zlib[at] = b === blocks - 1 ? 1 : 0;
    zlib[at + 1] = len & 255;
    zlib[at + 2] = len >>> 8;
    zlib[at + 3] = ~len & 255;
    zlib[at + 4] = (~len >>> 8) & 255;
    zlib.set(raw.subarray(start, start + len), at + 5);
    at += 5 + len;
  }
  let a = 1;
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + raw[i]!) % 65521;
    s = (s + a) % 65521;
  }
  writeU32(zlib, at, ((s << 16) | a) >>> 0);

  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, width);
  writeU32(ihdr, 4, height);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const chunks: Array<[string, Uint8Array]> = [
    ['IHDR', ihdr],
    ['IDAT', zlib],
    ['IEND', new Uint8Array(0)],
  ];
  const total = 8 + chunks.reduce((sum, [, d]) => sum + 12 + d.length, 0);
  const out = new Uint8Array(total);
  out.set([137, 80, 78, 71, 13, 10, 26, 10], 0);
  let p = 8;
  for (const [type, data] of chunks) {
    writeU32(out, p, data.length);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    out.set(data, p + 8);
    writeU32(out, p + 8 + data.length, crc32(out, p + 4, p + 8 + data.length));
    p += 12 + data.length;
  }
  return out;
}
