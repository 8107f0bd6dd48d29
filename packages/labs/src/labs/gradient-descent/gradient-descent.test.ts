import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { updateRuleDemo } from './index.js';

describe('gradient-descent', () => {
  it('trains a softmax classifier on Iris to ≥ 90 % test accuracy with plain SGD', async () => {
    const run = await runQuick('gradient-descent');
    const m = run.metrics as Record<string, number | number[] | Record<string, number>>;
    expect(m.test_accuracy as number).toBeGreaterThanOrEqual(0.9);
    expect(m.final_train_loss as number).toBeLessThan((m.initial_train_loss as number) / 2);
    const every100 = m.loss_every_100_epochs as number[];
    expect(every100).toHaveLength(10);
    for (let i = 1; i < every100.length; i++) expect(every100[i]!).toBeLessThan(every100[i - 1]!);
    const upd = m.update_rule as Record<string, number>;
    expect(upd.loss_after!).toBeLessThan(upd.loss_before!);
    expect(run.figures.sort()).toEqual(['confusion-matrix.svg', 'loss-curve.svg', 'weights.svg']);
    expect(run.console).toMatch(/epoch {3}100 {2}loss/);
  });

  it('applies W ← W − α·dW exactly', () => {
    const demo = updateRuleDemo([4, 2, 2], 0.5, new Generator(1));
    expect(demo.layers.map((l) => l.W.shape)).toEqual([
      [4, 2],
      [2, 2],
    ]);
    for (const l of demo.layers) {
      const expected = l.W.sub(l.dW.mul(0.5)).dataSync();
      expect(Array.from(l.newW.dataSync())).toEqual(Array.from(expected));
      expect(l.dW.abs().max().item()).toBeGreaterThan(0);
    }
    expect(demo.lossAfter).toBeLessThan(demo.lossBefore);
  });
});
