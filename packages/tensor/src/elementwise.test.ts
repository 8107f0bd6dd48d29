import { describe, expect, it } from 'vitest';
import { arange, array, zeros } from './creation.js';
import * as ew from './elementwise.js';
import type { NDArray } from './ndarray.js';
import { expectArray } from './test-helpers.js';

const x = () => array([-2, -0.5, 0, 0.5, 3]);

describe('unary ops', () => {
  it.each([
    ['neg', (a: NDArray) => a.neg(), (v: number) => -v],
    ['abs', (a: NDArray) => a.abs(), Math.abs],
    ['exp', (a: NDArray) => a.exp(), Math.exp],
    ['expm1', (a: NDArray) => a.expm1(), Math.expm1],
    ['tanh', (a: NDArray) => a.tanh(), Math.tanh],
    ['sigmoid', (a: NDArray) => a.sigmoid(), (v: number) => 1 / (1 + Math.exp(-v))],
    ['relu', (a: NDArray) => a.relu(), (v: number) => Math.max(v, 0)],
    ['leakyRelu(0.1)', (a: NDArray) => a.leakyRelu(0.1), (v: number) => (v > 0 ? v : 0.1 * v)],
    ['sign', (a: NDArray) => a.sign(), Math.sign],
    ['sin', (a: NDArray) => a.sin(), Math.sin],
    ['cos', (a: NDArray) => a.cos(), Math.cos],
    ['square', (a: NDArray) => a.square(), (v: number) => v * v],
    ['floor', (a: NDArray) => a.floor(), Math.floor],
    ['ceil', (a: NDArray) => a.ceil(), Math.ceil],
    ['clamp(-1, 1)', (a: NDArray) => a.clamp(-1, 1), (v: number) => Math.min(1, Math.max(-1, v))],
    ['pow(3)', (a: NDArray) => a.pow(3), (v: number) => v ** 3],
  ])('%s matches the scalar formula', (_n, op, ref) => {
    const input = x();
    const values = Array.from(input.dataSync());
    expectArray(
      op(input),
      values.map((v) => Math.fround(ref(v))),
    );
  });

  it('log, log1p, sqrt and reciprocal give nan/inf like IEEE floats', () => {
    expectArray(array([-1, 0, 1]).log(), [Number.NaN, Number.NEGATIVE_INFINITY, 0]);
    expectArray(array([-1, 0, 1e-8]).log1p(), [Number.NEGATIVE_INFINITY, 0, 1e-8]);
    expectArray(array([4, -4]).sqrt(), [2, Number.NaN]);
    expectArray(array([0, 4]).reciprocal(), [Number.POSITIVE_INFINITY, 0.25]);
  });

  it('erf matches reference values (Python math.erf) to 1e-15', () => {
    const x = array([0, 0.1, 1, 2.49, 2.51, 4, -1.3], { dtype: 'float64' });
    const ref = [
      0, 0.1124629160182849, 0.8427007929497149, 0.9995707121322661, 0.9996142945182758,
      0.9999999845827421, -0.9340079449406524,
    ];
    expectArray(x.erf(), ref, 1e-15);
  });

  it('sigmoid is stable on both tails', () => {
    expectArray(array([-1000, 1000]).sigmoid(), [0, 1]);
  });

  it('round rounds half to even', () => {
    expectArray(array([0.5, 1.5, 2.5, -0.5, -1.5, 2.4]).round(), [0, 2, 2, -0, -2, 2]);
  });

  it('integer inputs give float results for float ops and keep int32 otherwise', () => {
    const i = array([1, 4], { dtype: 'int32' });
    expect(i.sqrt().dtype).toBe('float32');
    expect(i.neg().dtype).toBe('int32');
    expect(i.pow(2).dtype).toBe('int32');
    expect(i.pow(0.5).dtype).toBe('float32');
    expect(array([2], { dtype: 'float64' }).exp().dtype).toBe('float64');
  });
});

describe('binary ops and broadcasting', () => {
  it('broadcasts like NumPy', () => {
    const col = array([[1], [2], [3]]);
    const row = array([10, 20]);
    expectArray(col.add(row), [
      [11, 21],
      [12, 22],
      [13, 23],
    ]);
    expectArray(col.mul(row).sub(1), [
      [9, 19],
      [19, 39],
      [29, 59],
    ]);
    expect(
      arange(6)
        .reshape(2, 1, 3)
        .add(zeros([4, 1]))
        .sum()
        .item(),
    ).toBe(60);
    expect(
      arange(6)
        .reshape(2, 1, 3)
        .add(zeros([4, 1])).shape,
    ).toEqual([2, 4, 3]);
  });

  it('works on non-contiguous and broadcast operands', () => {
    const a = arange(6).reshape(2, 3).T; // [3, 2], strided
    const b = array([[100, 200]]);
    expectArray(a.add(b), [
      [100, 203],
      [101, 204],
      [102, 205],
    ]);
    expectArray(a.div(a.flip(0).add(1)), [
      [0 / 3, 3 / 6],
      [1 / 2, 4 / 5],
      [2 / 1, 5 / 4],
    ]);
  });

  it('combines two operands that are each one value spread out', () => {
    const e = array([5]).expand([3]); // stride 0 over a single element
    expectArray(e.add(e), [10, 10, 10]);
    expectArray(
      array(2)
        .expand([2, 2])
        .mul(e.reshape(3, 1).narrow(0, 0, 2)),
      [
        [10, 10],
        [10, 10],
      ],
    );
    expectArray(e.lt(array([7]).expand([3])), [1, 1, 1]);
  });

  it('promotes dtypes like PyTorch, with scalars that do not widen', () => {
    const i = array([1, 2], { dtype: 'int32' });
    const f = array([1, 2]);
    const d = array([1, 2], { dtype: 'float64' });
    expect(i.add(i).dtype).toBe('int32');
    expect(i.add(f).dtype).toBe('float32');
    expect(f.add(d).dtype).toBe('float64');
    expect(i.add(1).dtype).toBe('int32');
    expect(i.add(0.5).dtype).toBe('float32');
    expect(f.add(1e-300).dtype).toBe('float32');
    expect(i.div(i).dtype).toBe('float32');
    expectArray(i.div(2), [0.5, 1]);
    expect(f.lt(2).dtype).toBe('bool');
  });

  it.each([
    ['minimum', ew.minimum, [1, 2, 2]],
    ['maximum', ew.maximum, [3, 2, 5]],
    ['pow', ew.pow, [1, 4, 25]],
    ['eq', ew.eq, [0, 1, 0]],
    ['ne', ew.ne, [1, 0, 1]],
    ['lt', ew.lt, [1, 0, 0]],
    ['le', ew.le, [1, 1, 0]],
    ['gt', ew.gt, [0, 0, 1]],
    ['ge', ew.ge, [0, 1, 1]],
  ])('%s', (_n, op, expected) => {
    expectArray(op(array([1, 2, 5]), array([3, 2, 2])), expected);
  });

  it('where selects with a broadcast mask', () => {
    const a = array([
      [1, 2],
      [3, 4],
    ]);
    expectArray(ew.where(a.gt(2), a, array([0, -1])), [
      [0, -1],
      [3, 4],
    ]);
    expectArray(ew.where(array([true, false]), 1, 0), [1, 0]);
  });

  it('in-place ops write through strided views and check shapes', () => {
    const a = zeros([2, 3]);
    a.T.add_(array([1, 2, 3]).unsqueeze(1));
    expectArray(a, [
      [1, 2, 3],
      [1, 2, 3],
    ]);
    a.mul_(2)
      .sub_(1)
      .div_(array([1, 2, 4]));
    expectArray(a, [
      [1, 1.5, 1.25],
      [1, 1.5, 1.25],
    ]);
    a.clamp_(undefined, 1.2);
    expect(a.max().item()).toBeCloseTo(1.2, 6);
    expect(() => a.copy_(zeros([3, 3]))).toThrow(
      /copy_: shapes \[2, 3\] and \[3, 3\] cannot be broadcast|copy_: cannot write/,
    );
    const x = array([1, 2]);
    x.add_(x);
    expectArray(x, [2, 4]);
    // an operand overlapping the target in another order is read before it is overwritten
    const y = array([1, 2, 3]);
    y.sub_(y.flip(0));
    expectArray(y, [-2, 0, 2]);
    // dtypes: an int32 target keeps its dtype (a float operand is computed, then cast in)
    const n = array([1, 2], { dtype: 'int32' });
    n.add_(1).mul_(array([0.5, 1.5]));
    expect(n.dtype).toBe('int32');
    expect(n.toArray()).toEqual([1, 4]);
    // a row broadcast into a contiguous target (the direct path) and the result of a broadcast read
    const m = zeros([2, 2]).add(1);
    m.mul_(array([2, 3])).add_(array([[10], [20]]));
    expectArray(m, [
      [12, 13],
      [22, 23],
    ]);
    expect(() => m.add_(zeros([3]))).toThrow(/add: shapes \[2, 2\] and \[3\] cannot be broadcast/);
  });

  it('names the op and shapes when broadcasting fails', () => {
    expect(() => array([1, 2, 3]).add(array([1, 2]))).toThrow(
      'add: shapes [3] and [2] cannot be broadcast together (dim 0: 3 vs 2)',
    );
    expect(() => ew.mul(zeros([2, 3]), zeros([3, 2]))).toThrow(/mul: shapes \[2, 3\] and \[3, 2\]/);
    expect(() => array([1]).add([1] as never)).toThrow(
      /add: expected an NDArray or a number, got a JS array/,
    );
    expect(() => array([1]).clamp()).toThrow(/clamp: give at least one of min and max/);
  });
});

describe('broadcast fast paths agree with element-by-element arithmetic', () => {
  it('per-channel [1, C, 1, 1] operands over [N, C, H, W], both sides', () => {
    const x = arange(2 * 3 * 4 * 5, undefined, 1, { dtype: 'float32' }).reshape(2, 3, 4, 5);
    const b = array([10, 20, 30]).reshape(1, 3, 1, 1);
    const got = Array.from(x.sub(b).dataSync());
    const back = Array.from(b.sub(x).dataSync());
    for (let i = 0; i < got.length; i++) {
      const c = Math.floor(i / 20) % 3;
      expect(got[i]).toBe(i - (c + 1) * 10);
      expect(back[i]).toBe((c + 1) * 10 - i);
    }
  });

  it('a scalar against a large array (longer than one spread run), on either side', () => {
    const x = arange(100_003, undefined, 1, { dtype: 'float32' });
    const down = Array.from(x.sub(1).dataSync());
    const up = Array.from(array(1).sub(x).dataSync());
    for (const i of [0, 4095, 4096, 65_536, 100_002]) {
      expect(down[i]).toBe(i - 1);
      expect(up[i]).toBe(1 - i);
    }
  });

  it('[N, 1] columns over [N, M] and bias rows over [N, M]', () => {
    const x = arange(12, undefined, 1, { dtype: 'float32' }).reshape(3, 4);
    expectArray(x.div(array([[1], [2], [4]])), [
      [0, 1, 2, 3],
      [2, 2.5, 3, 3.5],
      [2, 2.25, 2.5, 2.75],
    ]);
    expectArray(array([1, 2, 3, 4]).mul(x), [
      [0, 2, 6, 12],
      [4, 10, 18, 28],
      [8, 18, 30, 44],
    ]);
  });
});
