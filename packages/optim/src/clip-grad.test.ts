import { tensor } from '@gradlab/autograd';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue } from './index.js';

function withGrads(...grads: number[][]) {
  return grads.map((g) => {
    const t = tensor(
      g.map(() => 0),
      { dtype: 'float64', requiresGrad: true },
    );
    t.grad = tensor(g, { dtype: 'float64' }).data;
    return t;
  });
}
const grads = (ts: ReturnType<typeof withGrads>) => ts.map((t) => Array.from(t.grad!.dataSync()));

describe('clipGradNorm', () => {
  it('returns the total 2-norm and rescales to maxNorm', () => {
    const ps = withGrads([3, 0], [0, 4]); // total norm 5
    const total = clipGradNorm(ps, 1);
    expect(total).toBe(5);
    const coef = 1 / (5 + 1e-6);
    expect(grads(ps)).toEqual([
      [3 * coef, 0],
      [0, 4 * coef],
    ]);
  });

  it('leaves small gradients unchanged', () => {
    const ps = withGrads([0.3], [0.4]);
    expect(clipGradNorm(ps, 1)).toBeCloseTo(0.5, 15);
    expect(grads(ps)).toEqual([[0.3], [0.4]]);
  });

  it('supports other p-norms and the max norm', () => {
    expect(clipGradNorm(withGrads([1, -2], [3]), 100, 1)).toBe(6);
    expect(clipGradNorm(withGrads([1, -2], [3]), 100, 3)).toBeCloseTo(36 ** (1 / 3), 14);
    const ps = withGrads([1, -8], [3]);
    expect(clipGradNorm(ps, 2, Infinity)).toBe(8);
    expect(grads(ps)[0]![1]).toBeCloseTo(-2, 6);
  });

  it('ignores parameters without grads, accepts a single tensor', () => {
    const none = tensor([1, 2], { requiresGrad: true });
    expect(clipGradNorm([none], 1)).toBe(0);
    const [one] = withGrads([6, 8]);
    expect(clipGradNorm(one!, 5)).toBe(10);
  });

  it('throws on a non-finite norm only when asked', () => {
    const ps = withGrads([Number.POSITIVE_INFINITY]);
    expect(clipGradNorm(ps, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(grads(ps)).toEqual([[Number.NaN]]); // inf · 0, as in PyTorch
    const qs = withGrads([Number.POSITIVE_INFINITY]);
    expect(() => clipGradNorm(qs, 1, 2, { errorIfNonfinite: true })).toThrow(
      'clipGradNorm: the total norm of order 2 of the gradients is Infinity',
    );
  });
});

describe('clipGradValue', () => {
  it('clamps every gradient to [-v, v]', () => {
    const ps = withGrads([-3, 0.5, 2], [0.1]);
    clipGradValue(ps, 1);
    expect(grads(ps)).toEqual([[-1, 0.5, 1], [0.1]]);
  });
});
