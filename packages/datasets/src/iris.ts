import { NDArray } from '@gradlab/tensor';
import { IRIS_FEATURES, IRIS_LABELS } from './iris-data.js';
import type { TabularDataset } from './tabular-dataset.js';

/** Iris' column names, as in scikit-learn. */
export const IRIS_FEATURE_NAMES = [
  'sepal length (cm)',
  'sepal width (cm)',
  'petal length (cm)',
  'petal width (cm)',
];
/** Iris' classes, in label order. */
export const IRIS_CLASSES = ['setosa', 'versicolor', 'virginica'];

/**
 * Fisher's Iris flowers, embedded (no files needed): `features` float32
 * `[150, 4]`, `targets` int32 `[150]` (50 per class, in order), `classes`
 * `setosa, versicolor, virginica`.
 */
export function loadIris(): TabularDataset {
  const x = new Float32Array(150 * 4);
  for (const [i, row] of IRIS_FEATURES.entries()) x.set(row, i * 4);
  const y = Int32Array.from(IRIS_LABELS, (c) => Number(c));
  return {
    features: NDArray.fromTypedArray(x, [150, 4]),
    targets: NDArray.fromTypedArray(y, [150]),
    featureNames: [...IRIS_FEATURE_NAMES],
    targetName: 'species',
    classes: [...IRIS_CLASSES],
    categories: {},
  };
}
