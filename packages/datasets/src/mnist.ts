import { fashionMnistFiles, mnistFiles } from './dataset-resources.js';
import type { DownloadOptions } from './download-options.js';
import type { DatasetFiles } from './ensure-files.js';
import { ensureFiles } from './ensure-files.js';
import {
  buildImageDataset,
  type ImageDataset,
  type ImageTransformOptions,
} from './image-dataset.js';
import { parseIdx } from './parse-idx.js';
import { readDataFile } from './read-data-file.js';

/** Options of {@link loadMnist} and {@link loadFashionMnist}. */
export interface MnistOptions extends DownloadOptions, ImageTransformOptions {
  /** The 60 000 training images (default) or the 10 000 test images. */
  train?: boolean;
}

/** MNIST's class names: the digits. */
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Fashion-MNIST's class names, in label order. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/**
 * MNIST handwritten digits: `images` float32 `[N, 1, 28, 28]` in [0, 1] by
 * default, `labels` int32 `[N]`, `classes` `'0'..'9'`. Files are looked up in
 * `root`, `$GRADLAB_DATA`, then the cache, under `mnist/` (`.gz` or raw IDX),
 * and downloaded when missing (see {@link DownloadOptions}).
 *
 * @example
 * const { images, labels } = await loadMnist({ train: true, classes: [3, 7], flatten: true });
 */
export function loadMnist(options: MnistOptions = {}): Promise<ImageDataset> {
  return loadIdxImages('loadMnist', mnistFiles(options.train ?? true), MNIST_CLASSES, options);
}

/** Fashion-MNIST (Zalando): the same format and options as {@link loadMnist}, under `fashion-mnist/`. */
export function loadFashionMnist(options: MnistOptions = {}): Promise<ImageDataset> {
  return loadIdxImages(
    'loadFashionMnist',
    fashionMnistFiles(options.train ?? true),
    FASHION_MNIST_CLASSES,
    options,
  );
}

async function loadIdxImages(
  loader: string,
  files: DatasetFiles,
  classes: readonly string[],
  options: MnistOptions,
): Promise<ImageDataset> {
  const [imagePath, labelPath] = await ensureFiles(loader, files, options);
  return readIdxPair(loader, imagePath!, labelPath!, classes, options);
}

/**
 * Reads an IDX image file and its IDX label file (any size of images), checks
 * that they agree, and builds an {@link ImageDataset}.
 */
export function readIdxPair(
  loader: string,
  imagePath: string,
  labelPath: string,
  classes: readonly string[],
  options: ImageTransformOptions = {},
): ImageDataset {
  const images = parseIdx(readDataFile(loader, imagePath), loader, imagePath, 3, 'images');
  const labels = parseIdx(readDataFile(loader, labelPath), loader, labelPath, 1, 'labels');
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new Error(
      `${loader}: ${imagePath} has ${count} images but ${labelPath} has ${labels.dims[0]} labels`,
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels.data[i]! >= classes.length) {
      throw new Error(
        `${loader}: ${labelPath} has label ${labels.data[i]} at index ${i}, expected 0..${classes.length - 1}`,
      );
    }
  }
  return buildImageDataset(
    loader,
    { pixels: images.data, labels: labels.data, count, channels: 1, height, width, classes },
    options,
  );
}
