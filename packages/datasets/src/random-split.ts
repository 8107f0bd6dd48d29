import { permutation, resolveGenerator, type SeedOptions } from './seed-option.js';
import { TensorDataset } from './tensor-dataset.js';
import { type DatasetLike, toTensorDataset } from './to-tensor-dataset.js';

/**
 * Splits a dataset into non-overlapping random subsets, like PyTorch's
 * `random_split`: `lengths` are row counts summing to the dataset's length, or
 * fractions summing to 1 (remainders go to the first subsets, round-robin).
 * Subsets share the data (index lists only).
 */
export function randomSplit(
  dataset: DatasetLike,
  lengths: readonly number[],
  options: SeedOptions = {},
): TensorDataset[] {
  const ds = toTensorDataset('randomSplit', dataset);
  const n = ds.length;
  const counts = splitCounts('randomSplit', n, lengths);
  const perm = permutation(n, resolveGenerator(options));
  const out: TensorDataset[] = [];
  let start = 0;
  for (const c of counts) {
    out.push(TensorDataset.subset(ds, perm.subarray(start, start + c)));
    start += c;
  }
  return out;
}

/**
 * Holds out a fraction of a dataset for validation: `[train, val]`. With
 * `shuffle` (default true) the rows are drawn at random (seeded); with
 * `shuffle: false` the last rows are held out, as Keras' `validation_split` does.
 */
export function validationSplit(
  dataset: DatasetLike,
  valFraction: number,
  options: SeedOptions & { shuffle?: boolean } = {},
): [TensorDataset, TensorDataset] {
  if (!(valFraction > 0 && valFraction < 1)) {
    throw new Error(`validationSplit: valFraction must be in (0, 1), got ${valFraction}`);
  }
  const ds = toTensorDataset('validationSplit', dataset);
  const n = ds.length;
  const nVal = Math.round(n * valFraction);
  const order =
    (options.shuffle ?? true)
      ? permutation(n, resolveGenerator(options))
      : Int32Array.from({ length: n }, (_, i) => i);
  return [
    TensorDataset.subset(ds, order.subarray(0, n - nVal)),
    TensorDataset.subset(ds, order.subarray(n - nVal)),
  ];
}

function splitCounts(op: string, n: number, lengths: readonly number[]): number[] {
  if (lengths.length === 0) throw new Error(`${op}: lengths must not be empty`);
  const total = lengths.reduce((a, b) => a + b, 0);
  if (lengths.every((l) => Number.isInteger(l) && l >= 0) && total === n) return [...lengths];
  if (lengths.every((l) => l >= 0 && l <= 1) && Math.abs(total - 1) < 1e-9) {
    const counts = lengths.map((f) => Math.floor(f * n));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i]!++;
    return counts;
  }
  throw new Error(
    `${op}: lengths [${lengths.join(', ')}] must be counts summing to the dataset's ${n} rows or fractions summing to 1`,
  );
}
