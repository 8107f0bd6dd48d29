import type { NDArray } from '@gradlab/tensor';
import { permutation, resolveGenerator, type SeedOptions } from './seed-option.js';
import { TensorDataset } from './tensor-dataset.js';

/** Options of {@link trainTestSplit}, as in scikit-learn. */
export interface TrainTestSplitOptions extends SeedOptions {
  /** Fraction (0..1) or number of test rows. Default 0.25 (scikit-learn's). */
  testSize?: number;
  /** Shuffle before splitting (default true). `false` keeps the order: the test rows are the last ones (a split in time). */
  shuffle?: boolean;
  /** Class labels `[N]`: keep each class's proportion in both parts (needs `shuffle`). */
  stratify?: NDArray;
}

/**
 * Splits arrays that share their first dimension into train and test rows,
 * like scikit-learn's `train_test_split`: returns
 * `[aTrain, aTest, bTrain, bTest, …]`, seeded (default seed 42).
 *
 * @example
 * const [xTrain, xTest, yTrain, yTest] = trainTestSplit([x, y], { testSize: 0.2, stratify: y });
 */
export function trainTestSplit(
  arrays: readonly NDArray[],
  options: TrainTestSplitOptions = {},
): NDArray[] {
  const ds = new TensorDataset(...arrays);
  const n = ds.length;
  const t = options.testSize ?? 0.25;
  const nTest = t > 0 && t < 1 ? Math.ceil(t * n) : t;
  if (!Number.isInteger(nTest) || nTest < 1 || nTest >= n) {
    throw new Error(
      `trainTestSplit: testSize ${t} leaves no train or no test rows out of ${n} (give a fraction in (0, 1) or a count in [1, ${n - 1}])`,
    );
  }
  const shuffle = options.shuffle ?? true;
  let train: Int32Array;
  let test: Int32Array;
  if (options.stratify) {
    if (!shuffle) throw new Error('trainTestSplit: stratify needs shuffle: true');
    [train, test] = stratifiedIndices(options.stratify, n, nTest, resolveGenerator(options));
  } else {
    const order = shuffle
      ? permutation(n, resolveGenerator(options))
      : Int32Array.from({ length: n }, (_, i) => i);
    train = order.subarray(0, n - nTest);
    test = order.subarray(n - nTest);
  }
  const trainParts = ds.gather(train);
  const testParts = ds.gather(test);
  return trainParts.flatMap((a, i) => [a, testParts[i]!]);
}

function stratifiedIndices(
  labels: NDArray,
  n: number,
  nTest: number,
  g: ReturnType<typeof resolveGenerator>,
): [Int32Array, Int32Array] {
  if (labels.size !== n) {
    throw new Error(
      `trainTestSplit: stratify has ${labels.size} labels, expected one per row (${n})`,
    );
  }
  const y = labels.dataSync();
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const k = y[i]!;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  // Largest-remainder allocation of the test rows to classes.
  const exact = keys.map((k) => (groups.get(k)!.length * nTest) / n);
  const counts = exact.map(Math.floor);
  let rest = nTest - counts.reduce((a, b) => a + b, 0);
  const byRemainder = keys
    .map((_, i) => i)
    .sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!));
  for (const i of byRemainder) {
    if (rest === 0) break;
    counts[i]!++;
    rest--;
  }
  const train: number[] = [];
  const test: number[] = [];
  keys.forEach((k, i) => {
    const members = groups.get(k)!;
    const perm = permutation(members.length, g);
    perm.forEach((p, j) => {
      (j < counts[i]! ? test : train).push(members[p]!);
    });
  });
  const shuffled = (a: number[]) => Int32Array.from(permutation(a.length, g), (p) => a[p]!);
  return [shuffled(train), shuffled(test)];
}
