import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** A decoded image: RGBA bytes, row-major. */
export interface DecodedImage {
  width: number;
  height: number;
  /** `width · height · 4` bytes, RGBA. */
  rgba: Uint8Array;
}

/**
 * Decodes a JPEG (jpeg-js) or PNG (pngjs) file to RGBA bytes, choosing by the
 * file's magic bytes rather than its extension. Errors name the file.
 */
export function decodeImage(bytes: Uint8Array, path: string, op = 'decodeImage'): DecodedImage {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  try {
    if (isPng) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
    }
    if (isJpeg) {
      const img = decodeJpeg(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxMemoryUsageInMB: 1024,
      });
      return { width: img.width, height: img.height, rgba: img.data };
    }
  } catch (e) {
    throw new Error(`${op}: cannot decode ${path}: ${(e as Error).message}`);
  }
  throw new Error(
    `${op}: ${path} is neither a PNG nor a JPEG (first bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})`,
  );
}
