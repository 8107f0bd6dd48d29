import type { Generator, NDArray } from '@gradlab/tensor';
import { permutation, resolveGenerator, type SeedOptions } from './seed-option.js';
import type { TensorDataset } from './tensor-dataset.js';
import { type DatasetLike, toTensorDataset } from './to-tensor-dataset.js';

/** What a per-batch transform is given besides the batch. */
export interface BatchContext {
  /** The loader's generator: draw any randomness from it to stay reproducible. */
  generator: Generator;
  /** 0-based epoch (the number of iterations started before this one). */
  epoch: number;
  /** 0-based batch index within the epoch. */
  batchIndex: number;
}

/** A function applied to every batch, e.g. {@link gaussianNoise}. */
export type BatchTransform = (batch: NDArray[], context: BatchContext) => NDArray[];

/** Options of {@link DataLoader}, named as in PyTorch. */
export interface DataLoaderOptions extends SeedOptions {
  /** Rows per batch. Default 1. */
  batchSize?: number;
  /** Draw a new seeded permutation at the start of every epoch. Default false. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
  /** Applied to each batch before it is yielded. */
  transform?: BatchTransform;
}

/**
 * Iterates over a dataset in mini-batches, like PyTorch's `DataLoader`. Each
 * `for … of` over the loader is one epoch and yields one array per tensor of
 * the dataset (`[images, labels]` for an image dataset). With `shuffle`, every
 * epoch draws a fresh permutation from the seeded generator, so a run is
 * reproducible and epochs differ. Only the rows of the current batch are
 * copied; without shuffling, batches of a whole dataset are views (no copy).
 *
 * @example
 * const loader = new DataLoader(await loadMnist(), { batchSize: 64, shuffle: true, seed: 1 });
 * for (const [x, y] of loader) { … }
 */
export class DataLoader implements Iterable<NDArray[]> {
  readonly dataset: TensorDataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator;
  private readonly transform: BatchTransform | undefined;
  private epochsStarted = 0;

  constructor(dataset: DatasetLike, options: DataLoaderOptions = {}) {
    this.dataset = toTensorDataset('DataLoader', dataset);
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`DataLoader: batchSize must be an integer ≥ 1, got ${batchSize}`);
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = resolveGenerator(options);
    this.transform = options.transform;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Number of epochs started so far. */
  get epoch(): number {
    return this.epochsStarted;
  }

  *[Symbol.iterator](): Iterator<NDArray[]> {
    const epoch = this.epochsStarted++;
    const n = this.dataset.length;
    const order = this.shuffle ? permutation(n, this.generator) : undefined;
    const views = !order && this.dataset.indices === undefined;
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, n - start);
      let batch: NDArray[];
      if (views) {
        batch = this.dataset.tensors.map((t) => t.narrow(0, start, size));
      } else {
        const items = order
          ? order.subarray(start, start + size)
          : Int32Array.from({ length: size }, (_, i) => start + i);
        batch = this.dataset.gather(items);
      }
      yield this.transform
        ? this.transform(batch, { generator: this.generator, epoch, batchIndex: b })
        : batch;
    }
  }
}
