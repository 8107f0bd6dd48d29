import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { CASES, maxAbsDifference } from './index.js';
import { backpropByHand, PARAM_NAMES } from './manual.js';
import { backpropWithAutograd } from './with-autograd.js';

const sig = (z: number) => 1 / (1 + Math.exp(-z));

describe('backprop-by-hand', () => {
  it('writes every value of both cases and shows hand and autograd agree', async () => {
    const run = await runQuick('backprop-by-hand');
    expect(run.metrics.max_abs_diff as number).toBeLessThan(1e-6);
    for (const id of ['case1', 'case2']) {
      const m = run.metrics[id] as Record<string, number>;
      expect(m.autograd_max_abs_diff, id).toBeLessThan(1e-6);
      expect(m.values_compared).toBe(43);
      const names = [
        ...PARAM_NAMES,
        ...PARAM_NAMES.map((p) => `dL_d${p}`),
        ...PARAM_NAMES.map((p) => `${p}_new`),
        ...['z1', 'z2', 'z3', 'a1', 'a2', 'a3', 'z', 'y_hat', 'loss', 'loss_after'],
        ...[
          'dL_dy_hat',
          'dy_hat_dz',
          'dL_dz',
          'dL_da1',
          'dL_da2',
          'dL_da3',
          'dL_dz1',
          'dL_dz2',
          'dL_dz3',
        ],
      ];
      for (const k of names) expect(typeof m[k], `${id}.${k}`).toBe('number');
      // One gradient step lowers the loss.
      expect(m.loss_after).toBeLessThan(m.loss!);
    }

    // Case 1, computed independently: z_j = 0·1 + 1·1 + 1 = 2, a_j = σ(2), z = 3σ(2) + 1.
    const c1 = run.metrics.case1 as Record<string, number>;
    const a = sig(2);
    const yHat = sig(3 * a + 1);
    const delta = (yHat - 1) * yHat * (1 - yHat);
    expect(c1.z1).toBe(2);
    expect(c1.z2).toBe(2);
    expect(c1.z3).toBe(2);
    expect(c1.a1).toBeCloseTo(0.880797, 6);
    expect(c1.z).toBeCloseTo(3.642391, 6);
    expect(c1.y_hat).toBeCloseTo(yHat, 12);
    expect(c1.loss).toBeCloseTo(0.5 * (1 - yHat) ** 2, 12);
    expect(c1.dL_dw7).toBeCloseTo(delta * a, 12);
    expect(c1.dL_db4).toBeCloseTo(delta, 12);
    expect(c1.dL_dw1).toBe(0); // x1 = 0
    expect(c1.dL_dw2).toBeCloseTo(delta * 1 * a * (1 - a), 12);
    expect(c1.w2_new).toBeCloseTo(1 - 0.1 * delta * a * (1 - a), 12);
    expect(c1.w7_new).toBeCloseTo(1 - 0.1 * delta * a, 12);

    // Case 2: z_j = 0.5 − 0.25 + 0.1 = 0.35; z = a1 − a3 + 0.1 = 0.1 since w8 = 0.
    const c2 = run.metrics.case2 as Record<string, number>;
    expect(c2.z1).toBeCloseTo(0.35, 12);
    expect(c2.z).toBeCloseTo(0.1, 12);
    expect(c2.y_hat).toBeCloseTo(sig(0.1), 12);
    const d2 = (sig(0.1) - 1) * sig(0.1) * (1 - sig(0.1));
    const s = sig(0.35) * (1 - sig(0.35));
    expect(c2.dL_dw1).toBeCloseTo(d2 * 1 * s, 12);
    expect(c2.dL_dw3).toBe(0); // w8 = 0
    expect(c2.dL_dw5).toBeCloseTo(d2 * -1 * s, 12);
    expect(c2.w8_new).toBeCloseTo(-0.1 * d2 * sig(0.35), 12);

    expect(run.console).toContain('z1 = w1·x1 + w2·x2 + b1 = 1·0 + 1·1 + 1 = 2');
    expect(run.report).toContain('∂L/∂w1 = ∂L/∂z1·x1');
    expect(run.figures.sort()).toEqual(['gradients.svg', 'network.svg']);
  });

  it('the comparison would catch a wrong gradient', () => {
    const hand = backpropByHand(CASES.case2, 0.1);
    const auto = backpropWithAutograd(CASES.case2, 0.1);
    expect(maxAbsDifference(hand, auto).max).toBeLessThan(1e-12);
    const wrong = { ...hand, dL_dw5: -hand.dL_dw5! }; // a sign slip in the chain
    expect(maxAbsDifference(wrong, auto)).toMatchObject({ worst: 'dL_dw5' });
    expect(maxAbsDifference(wrong, auto).max).toBeGreaterThan(0.05);
  });
});
