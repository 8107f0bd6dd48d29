import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { NDArray } from '@gradlab/tensor';
import { decodeImage } from './decode-image.js';
import type { ImageDataset } from './image-dataset.js';
import { resizeBilinear } from './resize-bilinear.js';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /**
   * Resize every image (bilinear) to `size × size` or `[height, width]`.
   * Without it, all images must already have the same size.
   */
  size?: number | readonly [number, number];
  /** 3 (RGB, default) or 1 (grey). */
  channels?: 1 | 3;
  /** `'unit'` [0, 1] (default), `'symmetric'` [−1, 1] or `'byte'` [0, 255]. */
  scale?: 'unit' | 'symmetric' | 'byte';
  /** Then `(x − mean) / std`, one value or one per channel. */
  normalize?: { mean: number | readonly number[]; std: number | readonly number[] };
  /** Only these class folders, in this order (default: every sub-folder, sorted). */
  classes?: readonly string[];
  /** At most this many images per class (the first ones in sorted order). */
  limitPerClass?: number;
  /** File extensions read (case-insensitive). Default `.jpg`, `.jpeg`, `.png`. */
  extensions?: readonly string[];
}

/**
 * Loads an ImageFolder-style directory, `root/<class>/<image>.jpg|png`, like
 * torchvision's `ImageFolder`: classes are the sub-folder names (sorted),
 * labels their indices. Decodes JPEG with jpeg-js and PNG with pngjs, resizes
 * bilinearly, and returns float32 `[N, C, H, W]` plus each image's `paths`.
 */
export function loadImageFolder(
  root: string,
  options: ImageFolderOptions = {},
): ImageDataset & { paths: string[] } {
  const op = 'loadImageFolder';
  const dir = resolve(root);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${op}: ${dir} is not a directory (expected root/<class>/<image>.jpg|png)`);
  }
  const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(natural);
  const classes = options.classes ? [...options.classes] : folders;
  if (classes.length === 0) {
    throw new Error(
      `${op}: ${dir} has no class sub-folders (expected root/<class>/<image>.jpg|png)`,
    );
  }
  const exts = new Set(
    (options.extensions ?? ['.jpg', '.jpeg', '.png']).map((e) => e.toLowerCase()),
  );
  const files: { path: string; label: number }[] = [];
  classes.forEach((cls, label) => {
    if (!folders.includes(cls)) {
      throw new Error(
        `${op}: no class folder ${cls} in ${dir} (found: ${folders.join(', ') || 'none'})`,
      );
    }
    let names = readdirSync(join(dir, cls))
      .filter((f) => exts.has(extname(f).toLowerCase()))
      .sort(natural);
    if (names.length === 0) {
      throw new Error(`${op}: ${join(dir, cls)} has no images (${[...exts].join(', ')})`);
    }
    if (options.limitPerClass !== undefined) names = names.slice(0, options.limitPerClass);
    for (const f of names) files.push({ path: join(dir, cls, f), label });
  });

  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3)
    throw new Error(`${op}: channels must be 1 or 3, got ${channels}`);
  let height = 0;
  let width = 0;
  if (options.size !== undefined) {
    [height, width] =
      typeof options.size === 'number' ? [options.size, options.size] : options.size;
    if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0)) {
      throw new Error(
        `${op}: size must be a positive integer or [height, width], got ${JSON.stringify(options.size)}`,
      );
    }
  }
  const per = () => channels * height * width;
  let out = new Float32Array(0);
  files.forEach((f, i) => {
    const img = decodeImage(readFileSync(f.path), f.path, op);
    if (i === 0) {
      if (height === 0) [height, width] = [img.height, img.width];
      out = new Float32Array(files.length * per());
    } else if (options.size === undefined && (img.height !== height || img.width !== width)) {
      throw new Error(
        `${op}: ${f.path} is ${img.width}×${img.height} but ${files[0]!.path} is ${width}×${height}; pass a size option to resize`,
      );
    }
    resizeBilinear(img.rgba, img.width, img.height, 4, height, width, channels, out, i * per());
  });
  applyScale(op, out, channels, height * width, options);
  return {
    images: NDArray.fromTypedArray(out, [files.length, channels, height, width]),
    labels: NDArray.fromTypedArray(
      Int32Array.from(files, (f) => f.label),
      [files.length],
    ),
    classes,
    paths: files.map((f) => f.path),
  };
}

function applyScale(
  op: string,
  out: Float32Array,
  channels: number,
  plane: number,
  o: ImageFolderOptions,
) {
  const scale = o.scale ?? 'unit';
  const [a, b] = scale === 'unit' ? [1 / 255, 0] : scale === 'symmetric' ? [2 / 255, -1] : [1, 0];
  const expand = (v: number | readonly number[], name: string) => {
    const arr = typeof v === 'number' ? new Array<number>(channels).fill(v) : [...v];
    if (arr.length !== channels) {
      throw new Error(
        `${op}: normalize.${name} has ${arr.length} values, expected 1 or ${channels}`,
      );
    }
    return arr;
  };
  const mean = o.normalize ? expand(o.normalize.mean, 'mean') : new Array<number>(channels).fill(0);
  const std = o.normalize ? expand(o.normalize.std, 'std') : new Array<number>(channels).fill(1);
  for (let i = 0; i < out.length; i++) {
    const c = Math.floor(i / plane) % channels;
    out[i] = (out[i]! * a + b - mean[c]!) / std[c]!;
  }
}
