import { array } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { pca } from './index.js';

describe('mlp-flu', () => {
  it('classifies all six patients and projects the hidden layer on two PCs', async () => {
    const run = await runQuick('mlp-flu');
    const m = run.metrics as Record<string, number | number[]>;
    expect(m.train_accuracy).toBe(1);
    expect(m.final_loss as number).toBeLessThan(0.1);
    expect(m.final_loss as number).toBeLessThan((m.initial_loss as number) / 5);
    expect((m.predictions as number[]).map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0, 1, 0]);
    const ratios = m.pca_explained_variance_ratio as number[];
    expect(ratios).toHaveLength(4);
    expect(ratios.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(ratios[0]!).toBeGreaterThanOrEqual(ratios[1]!);
    expect(run.figures.sort()).toEqual([
      'decision-boundary.svg',
      'hidden-pca.svg',
      'training-curves.svg',
    ]);
    // Loss and accuracy every 10 epochs.
    expect(run.console).toMatch(/epoch {3}10 {2}loss \d\.\d{4} {2}accuracy/);
    expect(run.console).toMatch(/epoch {2}200 {2}loss/);
  });

  it('pca finds the direction of largest variance', () => {
    const h = array([
      [1, 1],
      [2, 2],
      [3, 3.1],
      [4, 3.9],
    ]);
    const { projected, ratios } = pca(h, 2);
    expect(ratios[0]!).toBeGreaterThan(0.99);
    const pc1 = Array.from(projected.select(1, 0).dataSync());
    expect(Math.abs(pc1[3]! - pc1[0]!)).toBeCloseTo(Math.hypot(3, 2.9), 2);
  });
});
