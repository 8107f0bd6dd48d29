/**
 * An image as plain numbers. `data` is flat; with 3 channels it is read in
 * `layout` order: `'chw'` (PyTorch tensors, the default) or `'hwc'`
 * (interleaved pixels). A 2-D array of rows is a grayscale image.
 */
export type ImageInput =
  | {
      data: ArrayLike<number>;
      height: number;
      width: number;
      /** 1 (grayscale, default) or 3 (RGB). */
      channels?: 1 | 3;
      /** Memory order for 3 channels (default `'chw'`). */
      layout?: 'chw' | 'hwc';
    }
  | readonly ArrayLike<number>[];

/** An image unpacked to planes: `planes[c][y * width + x]`. */
export interface ImagePlanes {
  width: number;
  height: number;
  planes: number[][];
}

/**
 * Validates an {@link ImageInput} and unpacks it to one array per channel.
 *
 * @param image - the image
 * @param where - `function: images[i]` for error messages
 * @returns size and channel planes
 */
export function toImagePlanes(image: ImageInput, where: string): ImagePlanes {
  if (Array.isArray(image)) {
    const rows = image as readonly ArrayLike<number>[];
    const height = rows.length;
    const width = rows[0]?.length ?? 0;
    if (height === 0 || width === 0) throw new Error(`${where}: image is empty`);
    const plane: number[] = [];
    rows.forEach((row, i) => {
      if (row.length !== width) {
        throw new Error(
          `${where}: rows have different lengths (row ${i} has ${row.length}, expected ${width})`,
        );
      }
      for (let j = 0; j < width; j++) plane.push(row[j]!);
    });
    return { width, height, planes: [plane] };
  }
  const img = image as Exclude<ImageInput, readonly ArrayLike<number>[]>;
  const { width, height } = img;
  const channels = img.channels ?? 1;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${where}: bad image size ${width}×${height}`);
  }
  if (channels !== 1 && channels !== 3)
    throw new Error(`${where}: channels must be 1 or 3, got ${channels}`);
  const n = width * height;
  if (!img.data || img.data.length !== n * channels) {
    throw new Error(
      `${where}: data has ${img.data?.length ?? 0} values, expected ${height}×${width}×${channels} = ${n * channels}`,
    );
  }
  const planes: number[][] = [];
  for (let c = 0; c < channels; c++) {
    const plane = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      plane[i] =
        (img.layout ?? 'chw') === 'chw' ? img.data[c * n + i]! : img.data[i * channels + c]!;
    }
    planes.push(plane);
  }
  return { width, height, planes };
}
