import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Reads a data file, gunzipping it when it starts with the gzip magic bytes
 * (whatever its name), so `x.gz` and `x` are both accepted. Errors name the
 * loader and the file.
 */
export function readDataFile(loader: string, path: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`${loader}: cannot read ${path}: ${(e as Error).message}`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      const out = gunzipSync(raw);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (e) {
      throw new Error(
        `${loader}: ${path} is not a valid gzip file (${(e as Error).message}); it may be truncated — delete it and download it again`,
      );
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
