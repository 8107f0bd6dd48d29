import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { descend, grid, maxAbsDiff, neuronSurfaces } from './surfaces.js';

describe('neuron-surfaces', () => {
  it('draws five surfaces and checks autograd against the closed forms', async () => {
    const run = await runQuick('neuron-surfaces');
    const m = run.metrics as Record<string, number | null>;
    expect(m.grid_points).toBe(25 * 25);
    expect(m.grad_max_abs_diff!).toBeLessThan(1e-12);
    expect(m.l2_grad_max_abs_diff!).toBeLessThan(1e-12);
    expect(m.ce_grad_max_abs_diff!).toBeLessThan(1e-12);
    expect(m.grad_b_equals_grad_w_max_diff!).toBeLessThan(1e-12);
    // The L2 gradient is bounded by 2·max ŷ(1 − ŷ)·|ŷ − y| ≈ 0.096; cross-entropy's reaches ≈ 0.5.
    expect(m.l2_grad_max_abs!).toBeLessThan(0.1);
    expect(m.ce_grad_max_abs!).toBeGreaterThan(0.49);
    expect(m.l2_grad_flat_fraction!).toBeGreaterThan(5 * m.ce_grad_flat_fraction!);
    expect(Math.abs(m.corner_ce_grad!)).toBeGreaterThan(1e4 * Math.abs(m.corner_l2_grad!));
    expect(m.ce_loss_min!).toBeCloseTo(Math.LN2, 3);
    // From a saturated start, cross-entropy reaches the target and L2 does not.
    expect(m.descent_steps_ce).not.toBeNull();
    expect(m.descent_steps_l2).toBeNull();
    expect(Math.abs(m.descent_final_output_ce! - 0.5)).toBeLessThan(0.01);
    expect(m.descent_final_output_l2!).toBeGreaterThan(0.99);
    expect(run.figures.sort()).toEqual([
      'ce-gradient-surface.svg',
      'ce-loss-surface.svg',
      'descent-from-saturation.svg',
      'gradient-slice.svg',
      'l2-gradient-surface.svg',
      'l2-loss-surface.svg',
      'output-surface.svg',
    ]);
    expect(run.report).toContain('Comparison of the two losses’ gradients.');
  });

  it('matches gradients computed independently, and its check would catch a wrong one', () => {
    const w = grid(-6, 6, 5);
    const s = neuronSurfaces(w, w, 1, 0.5);
    // At (w, b) = (3, −6): ŷ = σ(−3).
    const p = 1 / (1 + Math.exp(3));
    expect(s.output[0]![3]).toBeCloseTo(p, 12);
    expect(s.l2GradW[0]![3]).toBeCloseTo(2 * (p - 0.5) * p * (1 - p), 12);
    expect(s.ceGradW[0]![3]).toBeCloseTo(p - 0.5, 12);
    // Using the L2 closed form for cross-entropy is wrong by a lot.
    expect(maxAbsDiff(s.ceGradW, s.l2GradWExact)).toBeGreaterThan(0.3);
    // With x = 2, ∂L/∂w = 2·∂L/∂b.
    const s2 = neuronSurfaces(w, w, 2, 0.3);
    expect(
      maxAbsDiff(
        s2.ceGradW,
        s2.ceGradB.map((r) => r.map((v) => 2 * v)),
      ),
    ).toBeLessThan(1e-12);
    expect(maxAbsDiff(s2.ceGradW, s2.ceGradWExact)).toBeLessThan(1e-12);
    expect(descend('ce', { w: 0, b: 0 }, 1, 0.5, { lr: 1, steps: 3 })).toEqual([
      0.5, 0.5, 0.5, 0.5,
    ]);
  });
});
