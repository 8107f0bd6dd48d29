import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Extracts the regular files of a (gzipped) ustar archive whose path passes
 * `filter` into `dest`, flattened to their base names. Each file is written
 * to a temporary name and renamed, so no half-written file is left behind.
 * Returns the paths written.
 */
export function extractTarGz(
  loader: string,
  archive: string,
  dest: string,
  filter: (name: string) => boolean = () => true,
): string[] {
  let bytes: Uint8Array = readFileSync(archive);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`${loader}: ${archive} is not a valid gzip file: ${(e as Error).message}`);
    }
  }
  mkdirSync(dest, { recursive: true });
  const written: string[] = [];
  let pos = 0;
  while (pos + 512 <= bytes.length) {
    const header = bytes.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const name = cString(header, 0, 100);
    const prefix = cString(header, 345, 155);
    const full = prefix && cString(header, 257, 6).startsWith('ustar') ? `${prefix}/${name}` : name;
    const size = Number.parseInt(cString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (!Number.isFinite(size) || size < 0) {
      throw new Error(`${loader}: ${archive} has a corrupt tar header at byte ${pos}`);
    }
    const start = pos + 512;
    if (start + size > bytes.length) {
      throw new Error(
        `${loader}: ${archive} is truncated: entry ${full} needs ${size} bytes at offset ${start}, archive has ${bytes.length}`,
      );
    }
    if ((type === '0' || type === '\0') && filter(full)) {
      const out = join(dest, basename(full));
      const tmp = `${out}.${process.pid}.part`;
      try {
        writeFileSync(tmp, bytes.subarray(start, start + size));
        renameSync(tmp, out);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      written.push(out);
    }
    pos = start + Math.ceil(size / 512) * 512;
  }
  return written;
}

function cString(b: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && b[end] !== 0) end++;
  return Buffer.from(b.subarray(start, end)).toString('utf8');
}
