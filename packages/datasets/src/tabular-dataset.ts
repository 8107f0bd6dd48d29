import type { NDArray } from '@gradlab/tensor';

/**
 * What the tabular loaders return. `features` is float32 `[N, F]` with `NaN`
 * where a value is missing (impute before training). `targets` is int32 `[N]`
 * of indices into `classes` for a class label, or float32 `[N, 1]` for a
 * numeric one; it is absent when no label column was chosen.
 */
export interface TabularDataset {
  features: NDArray;
  targets?: NDArray;
  /** One name per feature column (`col=value` for one-hot columns). */
  featureNames: string[];
  targetName?: string;
  /** Class names when the target is a class label. */
  classes?: string[];
  /** The levels of each categorical feature column, in code order. */
  categories: Record<string, string[]>;
}
