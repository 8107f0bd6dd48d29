import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { sgdWeightUpdate } from './weights-demo.js';

describe('sgd-weights', () => {
  it('shows the SGD step on the weights and learns Pima diabetes (test accuracy ≥ 0.7)', async () => {
    const run = await runQuick('sgd-weights');
    const m = run.metrics as Record<string, number | Record<string, number | number[]>>;
    expect(m.test_accuracy as number).toBeGreaterThanOrEqual(0.7);
    expect(m.test_accuracy as number).toBeGreaterThan(m.majority_class_accuracy as number);
    expect(m.final_train_loss as number).toBeLessThan(m.initial_train_loss as number);
    expect(m.parameters).toBe(8 * 32 + 32 + 32 * 16 + 16 + 16 + 1);
    const step = m.sgd_step as Record<string, number>;
    expect(step.loss_after!).toBeLessThan(step.loss_before!);
    expect(run.figures.sort()).toEqual([
      'confusion-matrix.svg',
      'learning-curves.svg',
      'weights-before-after.svg',
    ]);
  });

  it('moves each weight by exactly −lr·grad', () => {
    const { updates } = sgdWeightUpdate(0.1, new Generator(3));
    expect(updates.map((u) => [u.before.length, u.before[0]!.length])).toEqual([
      [2, 4],
      [2, 2],
      [2, 2],
    ]);
    for (const u of updates) {
      const [before, grad] = [u.before.flat(), u.grad.flat()];
      u.after.flat().forEach((v, k) => {
        expect(v).toBeCloseTo(before[k]! - 0.1 * grad[k]!, 6);
      });
    }
  });

  it('trains on a CSV given with --csv/--label and rejects a non-binary label', async () => {
    const dir = tmpdir();
    const g = new Generator(5);
    const rows = ['a,b,c,target'];
    for (let i = 0; i < 200; i++) {
      const [a, b, c] = [g.normal(), g.normal(), g.normal()];
      // Noisy labels (logit a + 0.5·b, sampled): a separable set would drive sigmoid outputs to exactly 0/1.
      const p = 1 / (1 + Math.exp(-4 * (a + 0.5 * b)));
      rows.push(`${a},${b},${c},${g.random() < p ? 'yes' : 'no'}`);
    }
    const path = join(dir, 'gradlab-sgd-weights.csv');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const run = await runQuick('sgd-weights', ['--csv', path, '--label', 'target', '--lr', '0.01']);
    expect(run.metrics.test_accuracy as number).toBeGreaterThanOrEqual(0.75);
    await expect(runQuick('sgd-weights', ['--csv', path, '--label', 'a'])).rejects.toThrow(
      /exactly two values/,
    );
    await expect(runQuick('sgd-weights', ['--csv', path])).rejects.toThrow(/--label/);
  });
});
