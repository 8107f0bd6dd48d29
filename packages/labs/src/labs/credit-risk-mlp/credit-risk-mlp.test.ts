import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';

describe('credit-risk-mlp', () => {
  it('reaches 100 % training accuracy with scaled features; raw features stay stuck', async () => {
    const run = await runQuick('credit-risk-mlp');
    const m = run.metrics as Record<string, number | number[]>;
    expect(m.train_accuracy).toBe(1);
    expect(m.final_loss as number).toBeLessThan(0.1);
    expect(m.final_loss as number).toBeLessThan((m.initial_loss as number) / 5);
    const p = m.predictions as number[];
    expect(p.map((v) => (v > 0.5 ? 1 : 0))).toEqual([0, 0, 1, 1, 0, 1]);
    // Unscaled: pre-activations in the thousands, no learning.
    expect(m.unscaled_max_preactivation as number).toBeGreaterThan(1000);
    expect(m.unscaled_train_accuracy as number).toBeLessThan(1);
    expect(m.unscaled_final_loss as number).toBeGreaterThan(0.5);
    expect(run.figures.sort()).toEqual([
      'decision-boundary.svg',
      'training-curves.svg',
      'weight-trajectories.svg',
    ]);
    // The weights of every layer are printed during training.
    for (const name of ['0.weight', '0.bias', '2.weight', '2.bias'])
      expect(run.console).toContain(name);
    expect(run.console).toMatch(/epoch 300: loss/);
    expect(run.report).toContain('overflowed');
  });
});
