import { describe, expect, it } from 'vitest';
import { arange, array, eye, zeros } from './creation.js';
import { dot, eigh, matmul, outer } from './linalg.js';
import { Generator, randn } from './random.js';
import { expectArray } from './test-helpers.js';

describe('matmul', () => {
  it('multiplies 2-d matrices and transposed views', () => {
    const a = array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectArray(matmul(a, a.T), [
      [14, 32],
      [32, 77],
    ]);
    expectArray(matmul(a.T, a), [
      [17, 22, 27],
      [22, 29, 36],
      [27, 36, 45],
    ]);
  });

  it('follows PyTorch for 1-d operands and broadcast batches', () => {
    const v = array([1, 2, 3]);
    expect(matmul(v, v).shape).toEqual([]);
    expect(matmul(v, v).item()).toBe(14);
    const m = arange(6, undefined, 1, { dtype: 'float32' }).reshape(2, 3);
    expectArray(matmul(m, v), [8, 26]);
    expectArray(matmul(array([1, 1]), m), [3, 5, 7]);
    const batch = randn([4, 1, 2, 3], { generator: new Generator(0) });
    const right = randn([5, 3, 2], { generator: new Generator(1) });
    const out = matmul(batch, right);
    expect(out.shape).toEqual([4, 5, 2, 2]);
    // Each batch entry equals the plain 2-d product.
    const one = matmul(batch.select(0, 2).select(0, 0), right.select(0, 3));
    expectArray(out.select(0, 2).select(0, 3), one.toArray() as number[][], 1e-6);
  });

  it('dot, outer and identities', () => {
    expect(dot(array([1, 2]), array([3, 4])).item()).toBe(11);
    expectArray(outer(array([1, 2]), array([1, 10, 100])), [
      [1, 10, 100],
      [2, 20, 200],
    ]);
    const x = randn([3, 3], { generator: new Generator(2) });
    expectArray(matmul(x, eye(3)), x.toArray() as number[][], 1e-7);
  });

  it('names shapes on mismatch', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(
      'matmul: cannot multiply [2, 3] by [4, 5] (3 ≠ 4)',
    );
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 1]))).toThrow(
      /matmul: shapes \[2\] and \[3\] cannot be broadcast/,
    );
    expect(() => matmul(array(1), zeros([1]))).toThrow(/matmul: both operands need at least 1 dim/);
    expect(() => dot(zeros([2]), zeros([3]))).toThrow(
      /dot: expected two 1-d arrays of equal length/,
    );
  });
});

describe('eigh', () => {
  it('decomposes a symmetric matrix: A = V diag(λ) Vᵀ with orthonormal V', () => {
    const r = randn([6, 6], { generator: new Generator(3), dtype: 'float64' });
    const a = r.add(r.T);
    const { eigenvalues, eigenvectors } = eigh(a);
    const vals = Array.from(eigenvalues.dataSync());
    expect(vals).toEqual([...vals].sort((x, y) => x - y));
    const rebuilt = matmul(eigenvectors.mul(eigenvalues.unsqueeze(0)), eigenvectors.T);
    expectArray(rebuilt, a.toArray() as number[][], 1e-10);
    expectArray(matmul(eigenvectors.T, eigenvectors), eye(6).toArray() as number[][], 1e-10);
  });

  it('finds known eigenvalues and rejects non-symmetric input', () => {
    expectArray(
      eigh(
        array([
          [2, 1],
          [1, 2],
        ]),
      ).eigenvalues,
      [1, 3],
      1e-6,
    );
    expect(() =>
      eigh(
        array([
          [1, 2],
          [0, 1],
        ]),
      ),
    ).toThrow(/eigh: matrix is not symmetric/);
    expect(() => eigh(zeros([2, 3]))).toThrow(/eigh: expected a square 2-d matrix, got \[2, 3\]/);
  });
});
