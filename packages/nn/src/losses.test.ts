import { tensor } from '@gradlab/autograd';
import { gradcheck } from '@gradlab/autograd/testing';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropy } from './losses.js';

describe('binaryCrossEntropy', () => {
  it('stays finite, with finite gradients, when a probability is exactly 0 or 1', () => {
    const p = tensor([0, 1, 0.5], { requiresGrad: true });
    const loss = binaryCrossEntropy(p, tensor([1, 0, 1]), { reduction: 'sum' });
    // −log clamped at −100 for the two confident mistakes, plus −log 0.5
    expect(loss.item()).toBeCloseTo(200 + Math.log(2), 4);
    loss.backward();
    const g = Array.from(p.grad!.dataSync());
    expect(g.every(Number.isFinite)).toBe(true);
    // (p − t) / max(p(1 − p), 1e-12): −1e12, 1e12 and −2
    expect(g[0]).toBeCloseTo(-1e12, -6);
    expect(g[1]).toBeCloseTo(1e12, -6);
    expect(g[2]).toBeCloseTo(-2, 5);
  });

  it('has the analytic gradient in the interior (float64 finite differences)', () => {
    const p = tensor([0.2, 0.7, 0.9], { dtype: 'float64', requiresGrad: true });
    const t = tensor([0, 1, 0.3], { dtype: 'float64', requiresGrad: true });
    const result = gradcheck((a, b) => binaryCrossEntropy(a, b), [p, t]);
    expect(result.mismatches).toEqual([]);
  });
});
