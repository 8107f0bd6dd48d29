import { NDArray } from '@gradlab/tensor';
import type { TabularDataset } from './tabular-dataset.js';

function toySet(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  featureNames: string[],
  targetName: string,
): TabularDataset {
  const f = featureNames.length;
  const x = new Float32Array(rows.length * f);
  for (const [i, r] of rows.entries()) x.set(r, i * f);
  return {
    features: NDArray.fromTypedArray(x, [rows.length, f]),
    targets: NDArray.fromTypedArray(Float32Array.from(targets), [targets.length, 1]),
    featureNames,
    targetName,
    categories: {},
  };
}

/**
 * The two-electrode EEG toy set of the perceptron lab: 6 points, targets +1
 * (first three) and −1 as float32 `[6, 1]`.
 */
export function perceptronEeg(): TabularDataset {
  return toySet(
    [
      [2, 3],
      [1, 4],
      [2, 4],
      [4, 2],
      [5, 1],
      [4, 3],
    ],
    [1, 1, 1, -1, -1, -1],
    ['electrode1', 'electrode2'],
    'class',
  );
}

/** Six patients (temperature °F, inflammation) → flu (0/1, float32 `[6, 1]`), unscaled. */
export function fluPatients(): TabularDataset {
  return toySet(
    [
      [98.6, 0.2],
      [99.5, 0.9],
      [98.7, 0.8],
      [99.0, 0.3],
      [100.2, 0.7],
      [98.4, 0.6],
    ],
    [0, 1, 1, 0, 1, 0],
    ['temperature', 'inflammation'],
    'flu',
  );
}

/**
 * The toy credit-risk set (age, income) → risk (0/1, float32 `[6, 1]`),
 * unscaled: income is ~1000× age, which is why the lab scales the features.
 */
export function creditRisk(): TabularDataset {
  return toySet(
    [
      [30, 20000],
      [40, 30000],
      [50, 40000],
      [60, 50000],
      [25, 15000],
      [45, 35000],
    ],
    [0, 0, 1, 1, 0, 1],
    ['age', 'income'],
    'risk',
  );
}

/** XOR's truth table: inputs `[4, 2]`, targets float32 `[4, 1]` = 0, 1, 1, 0. */
export function xor(): TabularDataset {
  return toySet(
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    [0, 1, 1, 0],
    ['x1', 'x2'],
    'xor',
  );
}
