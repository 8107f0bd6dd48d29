import { arange, array, NDArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { countMissing } from './count-missing.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { SimpleImputer } from './simple-imputer.js';
import { slidingWindows } from './sliding-windows.js';
import { StandardScaler } from './standard-scaler.js';
import { trainTestSplit } from './train-test-split.js';

const NaN_ = Number.NaN;
const m = (rows: number[][]) => array(rows, { dtype: 'float32' });

describe('SimpleImputer', () => {
  const train = m([
    [1, 10],
    [NaN_, 10],
    [3, 20],
    [8, NaN_],
  ]);
  it.each([
    ['mean', [4, 40 / 3]],
    ['median', [3, 10]],
    ['mostFrequent', [1, 10]],
    ['constant', [-1, -1]],
  ] as const)(
    '%s learns %j on the training data and fills test data with it',
    (strategy, stats) => {
      const imp = new SimpleImputer({ strategy, fillValue: -1 }).fit(train);
      expect(imp.statistics![0]).toBeCloseTo(stats[0], 5);
      expect(imp.statistics![1]).toBeCloseTo(stats[1], 5);
      const test = imp.transform(
        m([
          [NaN_, NaN_],
          [5, 6],
        ]),
      );
      expect(test.get(0, 0)).toBeCloseTo(stats[0], 5);
      expect(test.get(1, 1)).toBe(6);
      expect(countMissing(test)).toEqual([0, 0]);
    },
  );

  it('errors before fit, on a column count mismatch and on an empty column', () => {
    expect(() => new SimpleImputer().transform(train)).toThrow(
      /SimpleImputer.transform: not fitted yet/,
    );
    const imp = new SimpleImputer().fit(train);
    expect(() => imp.transform(m([[1, 2, 3]]))).toThrow(/fitted on 2 columns, got shape \[1, 3\]/);
    expect(() => new SimpleImputer().fit(m([[NaN_], [NaN_]]))).toThrow(
      /column 0 has no observed values/,
    );
  });
});

describe('StandardScaler', () => {
  it('fits mean and population std on train, applies them to test, and inverts', () => {
    const train = m([
      [1, 5],
      [3, 5],
      [5, 5],
    ]);
    const s = new StandardScaler().fit(train);
    expect(s.mean).toEqual([3, 5]);
    expect(s.scale![0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(s.scale![1]).toBe(1); // constant column
    const z = s.transform(train);
    expect(z.mean(0).toArray()).toEqual([0, 0]);
    const test = s.transform(m([[7, 6]]));
    expect(test.get(0, 0)).toBeCloseTo(4 / Math.sqrt(8 / 3), 5);
    const back = s.inverseTransform(test);
    expect(back.get(0, 0)).toBeCloseTo(7, 5);
    expect(back.get(0, 1)).toBeCloseTo(6, 5);
  });

  it('keeps NaN and ignores it when fitting', () => {
    const s = new StandardScaler().fit(m([[1], [NaN_], [3]]));
    expect(s.mean).toEqual([2]);
    expect(Number.isNaN(s.transform(m([[NaN_]])).get(0, 0))).toBe(true);
  });
});

describe('MinMaxScaler', () => {
  it('maps the training range to featureRange and back (inverseTransform)', () => {
    const temps = NDArray.fromTypedArray(Float32Array.from([0, 10, 20, 40]), [4, 1]);
    const s = new MinMaxScaler().fit(temps);
    expect(Array.from(s.transform(temps).dataSync())).toEqual([0, 0.25, 0.5, 1]);
    const pred = s.inverseTransform(m([[0.75]]));
    expect(pred.get(0, 0)).toBeCloseTo(30, 5);
    const sym = new MinMaxScaler({ featureRange: [-1, 1] }).fit(temps);
    expect(Array.from(sym.transform(temps).dataSync())).toEqual([-1, -0.5, 0, 1]);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/min < max/);
  });
});

describe('trainTestSplit', () => {
  const x = arange(0, 20, 1, { dtype: 'float32' }).reshape(10, 2);
  const y = NDArray.fromTypedArray(Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]), [10]);

  it('splits every array the same way, seeded', () => {
    const [xTr, xTe, yTr, yTe] = trainTestSplit([x, y], { testSize: 0.3, seed: 5 });
    expect(xTr!.shape).toEqual([7, 2]);
    expect(xTe!.shape).toEqual([3, 2]);
    expect(yTr!.shape).toEqual([7]);
    const rows = [...(xTr!.toArray() as number[][]), ...(xTe!.toArray() as number[][])].map(
      (r) => r[0]! / 2,
    );
    expect([...rows].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // x and y stay paired
    (xTe!.toArray() as number[][]).forEach((r, i) => {
      expect(yTe!.get(i)).toBe(r[0]! / 2 >= 6 ? 1 : 0);
    });
    const again = trainTestSplit([x, y], { testSize: 0.3, seed: 5 });
    expect(again[1]!.toArray()).toEqual(xTe!.toArray());
    expect(trainTestSplit([x, y], { testSize: 0.3, seed: 6 })[1]!.toArray()).not.toEqual(
      xTe!.toArray(),
    );
  });

  it('stratifies: each class keeps its share', () => {
    const [, , yTr, yTe] = trainTestSplit([x, y], { testSize: 0.5, stratify: y, seed: 1 });
    const ones = (a: NDArray) => Array.from(a.dataSync()).filter((v) => v === 1).length;
    expect([ones(yTr!), ones(yTe!)]).toEqual([2, 2]);
  });

  it('shuffle: false splits in time (test = last rows); bad sizes are errors', () => {
    const [, xTe] = trainTestSplit([x], { testSize: 0.2, shuffle: false });
    expect(xTe!.toArray()).toEqual([
      [16, 17],
      [18, 19],
    ]);
    expect(() => trainTestSplit([x], { testSize: 10 })).toThrow(
      /testSize 10 leaves no train or no test rows out of 10/,
    );
  });
});

describe('slidingWindows', () => {
  it('pairs each window with the next value', () => {
    const { inputs, targets } = slidingWindows([0, 1, 2, 3, 4, 5], 3);
    expect(inputs.shape).toEqual([3, 3, 1]);
    expect(inputs.reshape(3, 3).toArray()).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
    ]);
    expect(targets.toArray()).toEqual([[3], [4], [5]]);
  });

  it('supports multivariate series, horizon and stride; rejects short series', () => {
    const series = arange(0, 20, 1, { dtype: 'float32' }).reshape(10, 2);
    const w = slidingWindows(series, 4, { horizon: 2, stride: 2 });
    expect(w.inputs.shape).toEqual([3, 4, 2]);
    expect(w.targets.toArray()).toEqual([
      [10, 11],
      [14, 15],
      [18, 19],
    ]);
    expect(() => slidingWindows([1, 2, 3], 3)).toThrow(/too short for windows of 3 with horizon 1/);
  });
});
