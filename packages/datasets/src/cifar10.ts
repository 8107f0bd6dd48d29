import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheDir, dataSearchDirs } from './data-dirs.js';
import { CIFAR10_ARCHIVE } from './dataset-resources.js';
import { downloadFile } from './download-file.js';
import { type DownloadOptions, downloadEnabled } from './download-options.js';
import { extractTarGz } from './extract-tar.js';
import {
  buildImageDataset,
  type ImageDataset,
  type ImageTransformOptions,
} from './image-dataset.js';
import { DataNotFoundError, locateFile } from './locate-files.js';
import { readDataFile } from './read-data-file.js';

/** Options of {@link loadCifar10}. */
export interface Cifar10Options extends DownloadOptions, ImageTransformOptions {
  /** The training batches (default) or `test_batch`. */
  train?: boolean;
  /**
   * Which training batches to load (1..5). Default: every `data_batch_k`
   * present (this repository's shared data has 1 and 2).
   */
  batches?: readonly number[];
}

/** CIFAR-10's class names, in label order. */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

const RECORD = 1 + 3 * 32 * 32;
const SUBDIRS = ['cifar10', 'cifar10/cifar-10-batches-bin', 'cifar-10-batches-bin', ''];

/**
 * CIFAR-10 from its binary batches: `images` float32 `[N, 3, 32, 32]` in
 * [0, 1] by default, `labels` int32 `[N]`, `classes` from `batches.meta.txt`
 * (or the built-in list). Accepts `data_batch_k.bin`, `.bin.gz`, the flat
 * `cifar10/` layout and the original `cifar-10-batches-bin/` folder, and
 * whichever training batches are present. Each batch must be a whole number of
 * 3073-byte records (label + 3×32×32 pixels, planes R, G, B).
 *
 * Note: in this repository's shared copy of `test_batch`, records 1000–9999
 * come from a lossy JPEG copy; records 0–999 are exact.
 */
export async function loadCifar10(options: Cifar10Options = {}): Promise<ImageDataset> {
  const loader = 'loadCifar10';
  const train = options.train ?? true;
  const wanted = train ? (options.batches ?? [1, 2, 3, 4, 5]) : [0];
  for (const b of train ? wanted : []) {
    if (!Number.isInteger(b) || b < 1 || b > 5) {
      throw new Error(`${loader}: batches must be in 1..5, got ${b}`);
    }
  }
  const names = wanted.map((b) => (b === 0 ? 'test_batch' : `data_batch_${b}`));
  let found = findBatches(dataSearchDirs(options), names);
  const required = options.batches ? names : names.slice(0, 1);
  const missingOf = (f: typeof found) =>
    options.batches || !train ? names.filter((n) => !f?.files.has(n)) : f ? [] : required;
  if (missingOf(found).length > 0) {
    const dirs = dataSearchDirs(options);
    const searched = dirs.flatMap((d) => SUBDIRS.map((s) => join(d, s)));
    const missing = missingOf(found).map((n) => `${n}.bin`);
    const source = CIFAR10_ARCHIVE.mirrors[0] + CIFAR10_ARCHIVE.name;
    if (!downloadEnabled(options)) {
      throw new DataNotFoundError(loader, missing, searched, {
        subdir: 'cifar10',
        sources: [`${source} (unpack cifar-10-batches-bin/)`],
        reason: 'Downloading is off (download: false or GRADLAB_OFFLINE).',
      });
    }
    const target = join(options.root ? resolve(options.root) : cacheDir(), 'cifar10');
    await downloadArchive(loader, target, options, missing, searched);
    found = findBatches([target], names);
  }
  const batchFiles = names.filter((n) => found?.files.has(n)).map((n) => found!.files.get(n)!);
  const buffers = batchFiles.map((p) => readBatch(loader, p));
  const bytes = buffers.length === 1 ? buffers[0]! : concat(buffers);
  const count = bytes.length / RECORD;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = bytes[i * RECORD]!;
    if (label > 9) {
      throw new Error(`${loader}: record ${i} has label ${label}, expected 0..9 (corrupt batch?)`);
    }
    labels[i] = label;
  }
  const classes = readClassNames(loader, found!.dir);
  return buildImageDataset(
    loader,
    {
      pixels: bytes,
      pixelStride: RECORD,
      pixelOffset: 1,
      labels,
      count,
      channels: 3,
      height: 32,
      width: 32,
      classes,
    },
    options,
  );
}

/** Reads one batch file and checks that it holds whole 3073-byte records. */
function readBatch(loader: string, path: string): Uint8Array {
  const bytes = readDataFile(loader, path);
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new Error(
      `${loader}: ${path} has ${bytes.length} bytes, not a whole number of ${RECORD}-byte records (1 label byte + 3×32×32 pixels; a full batch is 10000 records = 30730000 bytes)`,
    );
  }
  return bytes;
}

function findBatches(dirs: readonly string[], names: readonly string[]) {
  for (const dir of dirs) {
    for (const sub of SUBDIRS) {
      const files = new Map<string, string>();
      for (const n of names) {
        const p = locateFile([join(dir, sub)], [''], [`${n}.bin`, `${n}.bin.gz`, n]);
        if (p) files.set(n, p);
      }
      if (files.size > 0) return { dir: join(dir, sub), files };
    }
  }
  return undefined;
}

function readClassNames(loader: string, dir: string): string[] {
  const meta = locateFile([dir], [''], ['batches.meta.txt']);
  if (!meta) return [...CIFAR10_CLASSES];
  const names = readFileSync(meta, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length !== 10) {
    throw new Error(`${loader}: ${meta} lists ${names.length} class names, expected 10`);
  }
  return names;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function downloadArchive(
  loader: string,
  target: string,
  options: Cifar10Options,
  missing: string[],
  searched: string[],
): Promise<void> {
  const archive = join(target, CIFAR10_ARCHIVE.name);
  const errors: string[] = [];
  for (const base of options.mirrors ?? CIFAR10_ARCHIVE.mirrors) {
    try {
      await downloadFile(base + CIFAR10_ARCHIVE.name, archive, {
        md5: CIFAR10_ARCHIVE.md5,
        progress: options.progress,
        caller: loader,
      });
      extractTarGz(loader, archive, target, (name) =>
        /(^|\/)(data_batch_\d|test_batch)\.bin$|(^|\/)batches\.meta\.txt$/.test(name),
      );
      rmSync(archive, { force: true });
      return;
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  throw new DataNotFoundError(loader, missing, searched, {
    subdir: 'cifar10',
    sources: [(options.mirrors ?? CIFAR10_ARCHIVE.mirrors)[0] + CIFAR10_ARCHIVE.name],
    reason: `Downloading failed (no network?):\n  ${errors.join('\n  ')}`,
  });
}
