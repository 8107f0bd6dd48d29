import { describe, expect, it } from 'vitest';
import { arange, array, zeros } from './creation.js';
import { oneHot, pad, scatterAdd } from './indexing.js';
import { Generator, randn } from './random.js';
import { expectArray } from './test-helpers.js';

const m = () =>
  array([
    [1, 5, 2],
    [7, 0, 7],
  ]);

describe('reductions', () => {
  it.each([
    ['sum()', () => m().sum(), 22],
    ['sum(0)', () => m().sum(0), [8, 5, 9]],
    ['sum(1, keepdim)', () => m().sum(1, true), [[8], [14]]],
    ['sum([0, 1])', () => m().sum([0, 1]), 22],
    ['sum(-1)', () => m().sum(-1), [8, 14]],
    ['mean(0)', () => m().mean(0), [4, 2.5, 4.5]],
    ['prod(1)', () => m().prod(1), [10, 0]],
    ['max(1)', () => m().max(1), [5, 7]],
    ['min(0)', () => m().min(0), [1, 0, 2]],
    ['argmax(1) picks the first maximum', () => m().argmax(1), [1, 0]],
    ['argmin()', () => m().argmin(), 4],
    ['var(1)', () => m().var(1), [13 / 3, 49 / 3]],
    ['var(1, unbiased=false)', () => m().var(1, false, 0), [26 / 9, 98 / 9]],
    [
      'std()',
      () => m().std(),
      Math.sqrt(
        ((1 - 11 / 3) ** 2 +
          (5 - 11 / 3) ** 2 +
          (2 - 11 / 3) ** 2 +
          (7 - 11 / 3) ** 2 * 2 +
          (11 / 3) ** 2) /
          5,
      ),
    ],
    [
      'cumsum(1)',
      () => m().cumsum(1),
      [
        [1, 6, 8],
        [7, 7, 14],
      ],
    ],
    [
      'cumsum(0)',
      () => m().cumsum(0),
      [
        [1, 5, 2],
        [8, 5, 9],
      ],
    ],
    ['sum over a strided view', () => m().T.sum(1), [8, 5, 9]],
  ])('%s', (_n, f, expected) => {
    const out = f();
    if (typeof expected === 'number') expect(out.item()).toBeCloseTo(expected, 5);
    else expectArray(out, expected as number[], 1e-6);
  });

  it('reduces several dims of a 4-d array in any order', () => {
    const x = arange(24, undefined, 1, { dtype: 'float32' }).reshape(2, 3, 2, 2);
    // channel c holds 4c..4c+3 and 12+4c..12+4c+3: sum = 32c + 60
    expectArray(x.sum([0, 2, 3]), [60, 92, 124]);
    expect(x.sum([3, 0], true).shape).toEqual([1, 3, 2, 1]);
    expectArray(x.mean([1, 3]), [
      [4.5, 6.5],
      [16.5, 18.5],
    ]);
  });

  it('cumsum of a contiguous array (no transposes) equals the strided path bit for bit, along every dim', () => {
    const x = randn([3, 5, 4, 6], { generator: new Generator(3) }).mul(100);
    for (let dim = 0; dim < 4; dim++) {
      // x.permute(...).contiguous().permute(back) has x's values in a non-contiguous layout.
      const order = [3, 2, 1, 0];
      const strided = x
        .permute(...order)
        .contiguous()
        .permute(...order);
      const fast = x.cumsum(dim).dataSync();
      const slow = strided.cumsum(dim).contiguous().dataSync();
      expect([...fast]).toEqual([...slow]);
      // and the last entry along dim is the sum along it
      expectArray(
        x
          .cumsum(dim)
          .narrow(dim, x.shape[dim]! - 1, 1)
          .squeeze(dim),
        x.sum(dim).toArray() as number[],
        1e-3,
      );
    }
    expect(
      array(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'int32' },
      )
        .cumsum(0)
        .toArray(),
    ).toEqual([
      [1, 2],
      [4, 6],
    ]);
  });

  it('max and argmax propagate NaN like PyTorch', () => {
    const x = array([1, Number.NaN, 3]);
    expect(x.max().item()).toBeNaN();
    expect(x.argmax().item()).toBe(1);
  });

  it('bool and int sums give int32', () => {
    expect(array([true, true, false]).sum().dtype).toBe('int32');
    expect(array([true, true, false]).sum().item()).toBe(2);
    expect(arange(4).sum().dtype).toBe('int32');
    expect(arange(4).mean().dtype).toBe('float32');
  });

  it('softmax and logSoftmax along any dim, stable for large inputs', () => {
    const x = array([
      [1000, 1001],
      [-5, 5],
    ]);
    const p = x.softmax(1);
    expectArray(p.sum(1), [1, 1]);
    expectArray(p, [
      [1 / (1 + Math.E), Math.E / (1 + Math.E)],
      [1 / (1 + Math.exp(10)), 1 / (1 + Math.exp(-10))],
    ]);
    expectArray(x.softmax(0).sum(0), [1, 1]);
    expectArray(x.logSoftmax(1).exp(), p.toArray() as number[][]);
    expectArray(
      x.logsumexp(1),
      [1001 + Math.log1p(Math.exp(-1)), 5 + Math.log1p(Math.exp(-10))],
      1e-6,
    );
    expectArray(
      array([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]).logsumexp(0).reshape([1]),
      [Number.NEGATIVE_INFINITY],
    );
  });

  it('rejects bad dims and empty reductions with clear errors', () => {
    expect(() => m().sum(2)).toThrow('sum: dim 2 is out of range for a 2-d array (expected -2..1)');
    expect(() => m().sum([0, -2])).toThrow(/sum: dim \[0, -2\] repeats a dimension/);
    expect(() => zeros([0, 3]).max(0)).toThrow(/max: cannot reduce an empty dimension/);
    expect(zeros([0, 3]).sum(0).toArray()).toEqual([0, 0, 0]);
  });
});

describe('indexing', () => {
  it('gather, indexSelect and scatterAdd follow PyTorch', () => {
    const x = m();
    expectArray(
      x.gather(
        1,
        array(
          [
            [2, 0],
            [1, 1],
          ],
          { dtype: 'int32' },
        ),
      ),
      [
        [2, 1],
        [0, 0],
      ],
    );
    expectArray(x.indexSelect(1, [2, 2, 0]), [
      [2, 2, 1],
      [7, 7, 7],
    ]);
    expectArray(x.indexSelect(0, array([1], { dtype: 'int32' })), [[7, 0, 7]]);
    const base = zeros([2, 3]);
    expectArray(
      scatterAdd(
        base,
        1,
        array(
          [
            [0, 0, 2],
            [1, 1, 1],
          ],
          { dtype: 'int32' },
        ),
        m(),
      ),
      [
        [6, 0, 2],
        [0, 14, 0],
      ],
    );
    expect(() => x.gather(1, array([[3]], { dtype: 'int32' }))).toThrow(
      /gather: index 3 is out of bounds for dim 1 of size 3/,
    );
    expect(() => x.gather(1, array([[0]]))).toThrow(
      /gather: index must have dtype int32, got float32/,
    );
  });

  it('oneHot, maskedSelect and pad', () => {
    expectArray(oneHot(array([2, 0], { dtype: 'int32' }), 3), [
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(() => oneHot(array([3], { dtype: 'int32' }), 3)).toThrow(
      /oneHot: class 3 is outside \[0, 3\)/,
    );
    expectArray(m().maskedSelect(m().gt(4)), [5, 7, 7]);
    expectArray(pad(array([[1, 2]]), [1, 0, 0, 1], -1), [
      [-1, 1, 2],
      [-1, -1, -1],
    ]);
    expect(() => pad(array([1]), [1])).toThrow(/pad: pads \[1\] must hold \(before, after\) pairs/);
  });
});

describe('sums over dims around a kept group match a plain loop', () => {
  it.each([
    [
      [0, 2, 3],
      [1, 3, 1, 1],
    ],
    [[0], [1, 3, 4, 5]],
    [
      [2, 3],
      [2, 3, 1, 1],
    ],
    [
      [0, 1],
      [1, 1, 4, 5],
    ],
  ])('sum over %j', (dims, keptShape) => {
    const x = arange(120, undefined, 1, { dtype: 'float32' }).reshape(2, 3, 4, 5).mul(0.5);
    const got = Array.from(x.sum(dims, true).dataSync());
    const want = new Array(got.length).fill(0);
    const v = x.dataSync();
    for (let i = 0; i < 120; i++) {
      const idx = [Math.floor(i / 60), Math.floor(i / 20) % 3, Math.floor(i / 5) % 4, i % 5];
      let o = 0;
      for (let d = 0; d < 4; d++) o = o * keptShape[d]! + (keptShape[d] === 1 ? 0 : idx[d]!);
      want[o] += v[i]!;
    }
    expect(got).toEqual(want);
  });
});
