import type { NDArray } from '@gradlab/tensor';
import { TensorDataset } from './tensor-dataset.js';

/**
 * Anything the {@link DataLoader} and the splitters accept: a
 * {@link TensorDataset}, a list of arrays, an image dataset (`images`,
 * `labels`) or a tabular one (`features`, `targets`).
 */
export type DatasetLike =
  | TensorDataset
  | readonly NDArray[]
  | { images: NDArray; labels: NDArray }
  | { features: NDArray; targets?: NDArray };

/** Wraps a {@link DatasetLike} as a {@link TensorDataset} (no copy). */
export function toTensorDataset(op: string, dataset: DatasetLike): TensorDataset {
  if (dataset instanceof TensorDataset) return dataset;
  if (Array.isArray(dataset)) return new TensorDataset(...(dataset as NDArray[]));
  const d = dataset as Partial<Record<'images' | 'labels' | 'features' | 'targets', NDArray>>;
  if (d.images && d.labels) return new TensorDataset(d.images, d.labels);
  if (d.features) {
    return d.targets ? new TensorDataset(d.features, d.targets) : new TensorDataset(d.features);
  }
  throw new Error(
    `${op}: expected a TensorDataset, an array of NDArrays, { images, labels } or { features, targets }, got an object with keys ${Object.keys(dataset).join(', ') || '(none)'}`,
  );
}
