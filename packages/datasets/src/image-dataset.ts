import { NDArray } from '@gradlab/tensor';

/**
 * What the image loaders return: `images` float32 `[N, C, H, W]` (or
 * `[N, C·H·W]` with `flatten`), `labels` int32 `[N]` holding indices into
 * `classes`.
 */
export interface ImageDataset {
  images: NDArray;
  labels: NDArray;
  classes: string[];
}

/** Pixel scaling, normalisation, filtering and subsetting shared by the image loaders. */
export interface ImageTransformOptions {
  /**
   * Value range of the pixels: `'unit'` [0, 1] (default, like torchvision's
   * `ToTensor`), `'symmetric'` [−1, 1], or `'byte'` [0, 255] as floats.
   */
  scale?: 'unit' | 'symmetric' | 'byte';
  /**
   * Then subtract `mean` and divide by `std` (one number, or one per channel),
   * like `transforms.Normalize` — e.g. `{ mean: 0.1307, std: 0.3081 }` for MNIST.
   */
  normalize?: { mean: number | readonly number[]; std: number | readonly number[] };
  /** Return `[N, C·H·W]` instead of `[N, C, H, W]`. */
  flatten?: boolean;
  /**
   * Keep only these classes (label indices or class names), e.g. `[3, 7]`.
   * Labels are renumbered 0..k−1 in the order given, and `classes` follows
   * (so 3-vs-7 gives labels 0 for 3 and 1 for 7), unless `relabel: false`.
   */
  classes?: readonly (number | string)[];
  /** With `classes`: keep the original label numbers and class list. Default false. */
  relabel?: boolean;
  /** Binarise: 1 where the [0, 1] pixel is > threshold, else 0 (`true` means 0.5); applied before `scale`. */
  binarize?: boolean | number;
  /** Keep only the first `limit` images (after class filtering). */
  limit?: number;
}

/** Raw decoded images: bytes in `[N, C, H, W]` order, one label each. */
export interface RawImages {
  /** Image `i` starts at `pixelOffset + i * pixelStride` (defaults 0 and C·H·W). */
  pixels: Uint8Array;
  pixelStride?: number;
  pixelOffset?: number;
  labels: ArrayLike<number>;
  count: number;
  channels: number;
  height: number;
  width: number;
  classes: readonly string[];
}

/**
 * Turns raw bytes into an {@link ImageDataset}: filters classes, subsets,
 * scales through a 256-entry lookup table per channel (one pass, no
 * intermediate arrays) and wraps the result without copying.
 */
export function buildImageDataset(
  loader: string,
  raw: RawImages,
  options: ImageTransformOptions = {},
): ImageDataset {
  const { channels, height, width } = raw;
  const perImage = channels * height * width;
  let keep: number[] | undefined;
  let classes = [...raw.classes];
  const remap = new Map<number, number>();
  if (options.classes) {
    const wanted = options.classes.map((c) => {
      const idx = typeof c === 'number' ? c : raw.classes.indexOf(c);
      if (!Number.isInteger(idx) || idx < 0 || idx >= raw.classes.length) {
        throw new Error(
          `${loader}: unknown class ${JSON.stringify(c)} in classes option (expected an index 0..${raw.classes.length - 1} or one of ${raw.classes.join(', ')})`,
        );
      }
      return idx;
    });
    const relabel = options.relabel ?? true;
    for (const [i, c] of wanted.entries()) remap.set(c, relabel ? i : c);
    if (relabel) classes = wanted.map((c) => raw.classes[c]!);
    keep = [];
    for (let i = 0; i < raw.count; i++) if (remap.has(raw.labels[i]!)) keep.push(i);
  }
  let n = keep ? keep.length : raw.count;
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 0) {
      throw new Error(`${loader}: limit must be an integer ≥ 0, got ${options.limit}`);
    }
    n = Math.min(n, options.limit);
  }
  const luts = lookupTables(loader, channels, options);
  const out = new Float32Array(n * perImage);
  const labels = new Int32Array(n);
  const plane = height * width;
  const stride = raw.pixelStride ?? perImage;
  const first = raw.pixelOffset ?? 0;
  const pixels = raw.pixels;
  for (let i = 0; i < n; i++) {
    const src = keep ? keep[i]! : i;
    const label = raw.labels[src]!;
    labels[i] = keep ? remap.get(label)! : label;
    for (let c = 0; c < channels; c++) {
      const lut = luts[c]!;
      const from = first + src * stride + c * plane;
      const to = i * perImage + c * plane;
      for (let p = 0; p < plane; p++) out[to + p] = lut[pixels[from + p]!]!;
    }
  }
  const shape = options.flatten ? [n, perImage] : [n, channels, height, width];
  return {
    images: NDArray.fromTypedArray(out, shape),
    labels: NDArray.fromTypedArray(labels, [n]),
    classes,
  };
}

function perChannel(loader: string, name: string, v: number | readonly number[], channels: number) {
  const arr = typeof v === 'number' ? new Array<number>(channels).fill(v) : [...v];
  if (arr.length !== channels) {
    throw new Error(
      `${loader}: normalize.${name} has ${arr.length} values, expected 1 or ${channels} (one per channel)`,
    );
  }
  return arr;
}

function lookupTables(loader: string, channels: number, options: ImageTransformOptions) {
  const scale = options.scale ?? 'unit';
  if (!['unit', 'symmetric', 'byte'].includes(scale)) {
    throw new Error(`${loader}: scale must be 'unit', 'symmetric' or 'byte', got '${scale}'`);
  }
  const threshold = options.binarize === true ? 0.5 : options.binarize;
  const mean = options.normalize
    ? perChannel(loader, 'mean', options.normalize.mean, channels)
    : undefined;
  const std = options.normalize
    ? perChannel(loader, 'std', options.normalize.std, channels)
    : undefined;
  std?.forEach((s) => {
    if (!(s > 0)) throw new Error(`${loader}: normalize.std must be > 0, got ${s}`);
  });
  const luts: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) {
      let x = v / 255;
      if (typeof threshold === 'number') x = x > threshold ? 1 : 0;
      if (scale === 'symmetric') x = x * 2 - 1;
      else if (scale === 'byte') x = x * 255;
      if (mean && std) x = (x - mean[c]!) / std[c]!;
      lut[v] = x;
    }
    luts.push(lut);
  }
  return luts;
}
