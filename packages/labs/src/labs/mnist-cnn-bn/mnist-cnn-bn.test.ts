import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { summary } from '@gradlab/nn';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import type { History } from '../../lib/train.js';
import { dataFolder } from '../../runner/test-data.js';
import { expectExactResume, runQuick } from '../../runner/test-run.js';
import { fitVerdict } from './analysis.js';
import { courseCnn } from './model.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`mnist-cnn-bn on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'learns MNIST: > 90 % test accuracy after 2 epochs on 2 000 images',
    async () => {
      const run = await runQuick('mnist-cnn-bn');
      const m = run.metrics as Record<string, number>;
      expect(m.train_images).toBe(2000);
      expect(m.test_images).toBe(1000);
      expect(m.pixel_min).toBe(-1);
      expect(m.pixel_max).toBe(1);
      expect(m.trainable_parameters).toBe(115690);
      expect(m.non_trainable_parameters).toBe(384); // BatchNorm running means and variances
      // Measured ≈ 96 % (chance: 10 %).
      expect(m.test_accuracy).toBeGreaterThan(0.9);
      expect(m.test_loss).toBeLessThan(0.5); // ln 10 ≈ 2.30 at chance
      expect(m.train_loss).toBeLessThan(0.5);
      expect(m.epochs_run).toBe(2);
      expect(run.figures.sort()).toEqual([
        'confusion-matrix.svg',
        'curves.svg',
        'misclassified.svg',
      ]);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
      expect(existsSync(join(run.outDir, 'model.checkpoint.safetensors'))).toBe(true);
      expect(run.report).toContain('Over/underfitting: the model is');
    },
    300_000,
  );

  it.skipIf(!hasMnist)(
    '--epochs 1 then --resume --epochs 2 equals an uninterrupted 2-epoch run, bit for bit',
    async () => {
      await expectExactResume(
        'mnist-cnn-bn',
        ['--train-images', '192', '--test-images', '64', '--batch-size', '32'],
        ['training_time_s', 'seconds_per_epoch', 'train_samples_per_s'],
      );
    },
    300_000,
  );
});

describe('mnist-cnn-bn model and analysis', () => {
  it('maps [1, 28, 28] to 576 features and 10 logits', () => {
    const s = summary(courseCnn(new Generator(0)), [2, 1, 28, 28]);
    expect(s.rows.find((r) => r.type === 'Flatten')!.outputShape).toEqual([-1, 576]);
    expect(s.rows.at(-1)!.outputShape).toEqual([-1, 10]);
    expect(s.trainableParams).toBe(115690);
  });

  const history = (trainAcc: number[], valAcc: number[], trainLoss: number[], valLoss: number[]) =>
    ({
      epoch: trainAcc.map((_, i) => i + 1),
      trainAccuracy: trainAcc,
      valAccuracy: valAcc,
      trainLoss,
      valLoss,
    }) as unknown as History;
  it('judges over- and underfitting from the numbers', () => {
    expect(
      fitVerdict(history([0.99, 0.995], [0.99, 0.992], [0.03, 0.02], [0.03, 0.025])).verdict,
    ).toBe('neither over- nor underfitting');
    expect(fitVerdict(history([0.9, 0.95], [0.9, 0.945], [0.3, 0.2], [0.3, 0.22])).verdict).toBe(
      'underfitting',
    );
    expect(
      fitVerdict(
        history([0.99, 1, 1], [0.98, 0.985, 0.984], [0.05, 0.01, 0.001], [0.06, 0.05, 0.08]),
      ).verdict,
    ).toBe('overfitting');
  });
});
