import { describe, expect, it } from 'vitest';
import {
  arange,
  array,
  eye,
  full,
  fullLike,
  linspace,
  meshgrid,
  ones,
  zeros,
  zerosLike,
} from './creation.js';
import { NDArray } from './ndarray.js';
import { expectArray } from './test-helpers.js';

describe('creation', () => {
  it('array() infers shape and dtype from nested arrays', () => {
    const a = array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe('float32');
    expect(a.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(array([true, false]).dtype).toBe('bool');
    expect(array(7).shape).toEqual([]);
    expect(array(7).item()).toBe(7);
    expect(array([[1.7, -2.7]], { dtype: 'int32' }).toArray()).toEqual([[1, -2]]);
  });

  it('array() copies typed arrays and keeps their dtype', () => {
    const src = new Float64Array([1, 2, 3, 4]);
    const a = array(src, { shape: [2, 2] });
    src[0] = 99;
    expect(a.dtype).toBe('float64');
    expect(a.get(0, 0)).toBe(1);
    expect(array(new Int32Array([1, 2]), { dtype: 'float32' }).dtype).toBe('float32');
  });

  it('array() rejects ragged input and bad dtypes, naming the position', () => {
    expect(() => array([[1, 2], [3]])).toThrow(
      /array: ragged nested array at \[1\]: expected 2 elements, got 1/,
    );
    expect(() => array([1, 'x' as unknown as number])).toThrow(
      /array: expected a number at \[1\], got string/,
    );
    expect(() => array([1], { dtype: 'float16' as never })).toThrow(/unknown dtype 'float16'/);
    expect(() => array([1, 2, 3], { shape: [2, 2] })).toThrow(
      /3 values cannot have shape \[2, 2\]/,
    );
  });

  it.each([
    [
      'zeros',
      zeros([2, 2]),
      [
        [0, 0],
        [0, 0],
      ],
    ],
    ['ones', ones([3]), [1, 1, 1]],
    ['full', full([2], 2.5), [2.5, 2.5]],
    ['arange(5)', arange(5), [0, 1, 2, 3, 4]],
    ['arange(1, 2, 0.25)', arange(1, 2, 0.25), [1, 1.25, 1.5, 1.75]],
    ['arange(5, 0, -2)', arange(5, 0, -2), [5, 3, 1]],
    ['linspace(0, 1, 5)', linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]],
    ['linspace(-1, 1, 1)', linspace(-1, 1, 1), [-1]],
    [
      'eye(2, 3)',
      eye(2, 3),
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
    ],
  ])('%s', (_name, actual, expected) => {
    expectArray(actual as NDArray, expected as number[]);
  });

  it('arange picks int32 for integers and float32 otherwise', () => {
    expect(arange(3).dtype).toBe('int32');
    expect(arange(0, 1, 0.5).dtype).toBe('float32');
    expect(() => arange(0, 1, 0)).toThrow(/arange: step must be a non-zero finite number/);
  });

  it('*Like copies shape, dtype and backend', () => {
    const x = array([[1, 2]], { dtype: 'float64' });
    expect(zerosLike(x).dtype).toBe('float64');
    expect(zerosLike(x).shape).toEqual([1, 2]);
    expectArray(fullLike(x, 3), [[3, 3]]);
  });

  it('meshgrid follows PyTorch (ij) and NumPy (xy) indexing', () => {
    const [gx, gy] = meshgrid([array([1, 2, 3]), array([10, 20])]);
    expect(gx!.shape).toEqual([3, 2]);
    expectArray(gy!, [
      [10, 20],
      [10, 20],
      [10, 20],
    ]);
    const [xx, yy] = meshgrid([array([1, 2, 3]), array([10, 20])], { indexing: 'xy' });
    expect(xx!.shape).toEqual([2, 3]);
    expectArray(xx!, [
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expectArray(yy!, [
      [10, 10, 10],
      [20, 20, 20],
    ]);
  });

  it('rejects invalid shapes', () => {
    expect(() => zeros([2, -1])).toThrow(/zeros: invalid shape \[2, -1\]/);
    expect(() => ones([1.5])).toThrow(/ones: invalid shape/);
    expect(() => NDArray.fromTypedArray(new Float32Array(3), [2, 2])).toThrow(
      /3 elements cannot have shape \[2, 2\]/,
    );
  });
});
