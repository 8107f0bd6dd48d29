import { Tensor, tensor } from '@gradlab/autograd';
import { gradcheck } from '@gradlab/autograd/testing';
import { array, Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropy, crossEntropy } from './losses.js';

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

describe('crossEntropy', () => {
  it('the fused [N, C] path agrees with the composed ops (same problem as [N, C, 1]), ignored rows included', () => {
    const g = new Generator(3);
    const logits = randn([7, 5], { generator: g, dtype: 'float64' }).mul(3);
    const labels = array([0, 4, 2, -100, 1, 3, 2], { dtype: 'int32' });
    for (const reduction of ['mean', 'sum'] as const) {
      const a = new Tensor(logits.clone(), { requiresGrad: true });
      const b = new Tensor(logits.clone().unsqueeze(2), { requiresGrad: true });
      const fused = crossEntropy(a, labels, { reduction });
      const composed = crossEntropy(b, labels.unsqueeze(1), { reduction });
      expect(fused.gradFn?.name).toBe('crossEntropy');
      expect(fused.item()).toBeCloseTo(composed.item(), 12);
      fused.backward();
      composed.backward();
      const ga = Array.from(a.grad!.dataSync());
      const gb = Array.from(b.grad!.dataSync());
      for (let i = 0; i < ga.length; i++) expect(ga[i]).toBeCloseTo(gb[i]!, 12);
      expect(ga.slice(15, 20)).toEqual([0, 0, 0, 0, 0]); // the ignored row
    }
    expect(() =>
      crossEntropy(new Tensor(logits), array([0, 9, 0, 0, 0, 0, 0], { dtype: 'int32' })),
    ).toThrow(/target 9 is out of range for 5 classes/);
  });
});
