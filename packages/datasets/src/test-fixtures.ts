import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Test helper: a fresh temporary directory and a function removing it. */
export function tempDir(prefix = 'gradlab-datasets-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes bytes to `path` (creating folders), gzipped when the name ends in `.gz`. */
export function writeFixture(path: string, bytes: Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(bytes) : bytes);
  return path;
}

function header(magic: number, dims: number[]): Uint8Array {
  const h = new Uint8Array(4 + 4 * dims.length);
  const v = new DataView(h.buffer);
  v.setUint32(0, magic);
  dims.forEach((d, i) => {
    v.setUint32(4 + 4 * i, d);
  });
  return h;
}

/** An IDX3 image file of `n` images of h×w where pixel p of image i is `pixel(i, p)`. */
export function idxImages(
  n: number,
  h: number,
  w: number,
  pixel: (i: number, p: number) => number,
): Uint8Array {
  const head = header(0x803, [n, h, w]);
  const out = new Uint8Array(head.length + n * h * w);
  out.set(head);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < h * w; p++) out[head.length + i * h * w + p] = pixel(i, p);
  return out;
}

/** An IDX1 label file. */
export function idxLabels(labels: number[]): Uint8Array {
  const head = header(0x801, [labels.length]);
  const out = new Uint8Array(head.length + labels.length);
  out.set(head);
  out.set(labels, head.length);
  return out;
}

/** A CIFAR-10 binary batch: record i has `labels[i]` and pixel (c, p) = `pixel(i, c, p)`. */
export function cifarBatch(
  labels: number[],
  pixel: (i: number, c: number, p: number) => number,
): Uint8Array {
  const rec = 3073;
  const out = new Uint8Array(labels.length * rec);
  labels.forEach((l, i) => {
    out[i * rec] = l;
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < 1024; p++) out[i * rec + 1 + c * 1024 + p] = pixel(i, c, p);
  });
  return out;
}

/** A ustar archive of the given files (for the CIFAR archive tests). */
export function tarArchive(files: Record<string, Uint8Array>): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const [name, data] of Object.entries(files)) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => h.set(Buffer.from(s, 'ascii'), at);
    put(name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put('        ', 148);
    put('0', 156);
    put('ustar\0', 257);
    put('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    const body = new Uint8Array(Math.ceil(data.length / 512) * 512);
    body.set(data);
    blocks.push(body);
  }
  blocks.push(new Uint8Array(1024));
  return Buffer.concat(blocks);
}
