import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { summary } from '@gradlab/nn';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { expectExactResume, runQuick } from '../../runner/test-run.js';
import { accuracy, binaryConfusion } from './figures.js';
import { cnn3v7 } from './model.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

interface InitMetrics {
  epochs_run: number;
  best_epoch: number;
  first_val_loss: number;
  best_val_loss: number;
  test_accuracy: number;
  test_accuracy_at_0_9: number;
  confusion_at_0_9: number[][];
}

describe(`mnist-3v7-cnn on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'tells 3s from 7s after 3 epochs on 800 images, with each initialiser',
    async () => {
      const run = await runQuick('mnist-3v7-cnn');
      const m = run.metrics as Record<string, unknown>;
      expect(m.train_images).toBe(800);
      expect(m.validation_images).toBe(200);
      expect(m.test_images).toBe(500);
      expect(m.layer_parameters).toEqual([320, 18496, 1601]);
      expect(m.parameters).toBe(20417);
      // Chance is 50 % and a BCE of ln 2 ≈ 0.693; 3 quick epochs reach ≈ 94–95 %.
      expect(m.test_accuracy).toBeGreaterThan(0.9);
      expect(m.best_val_loss).toBeLessThan(0.2);
      const cm = m.confusion_at_0_9 as number[][];
      expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(500);
      // The strict threshold calls few 3s a 7.
      expect(cm[0]![1]).toBeLessThan(cm[1]![0]!);
      const inits = m.initializers as Record<string, InitMetrics>;
      expect(Object.keys(inits)).toEqual(['glorot_uniform', 'random_uniform', 'random_normal']);
      for (const r of Object.values(inits)) {
        expect(r.best_val_loss).toBeLessThan(r.first_val_loss);
        expect(r.test_accuracy).toBeGreaterThan(0.85);
      }
      expect(run.figures.sort()).toEqual([
        'confusion-matrix.svg',
        'initializers-confusion.svg',
        'initializers-curves.svg',
        'learning-curves.svg',
      ]);
      for (const f of ['model-glorot-uniform', 'model-random-uniform', 'model-random-normal'])
        expect(existsSync(join(run.outDir, `${f}.safetensors`))).toBe(true);
      expect(run.console).toContain('Total params: 20,417');
    },
    300_000,
  );

  it.skipIf(!hasMnist)(
    '--epochs 1 then --resume --epochs 2 equals an uninterrupted 2-epoch run, bit for bit',
    async () => {
      // Three checkpointed runs (one per initialiser), each with dropout and early stopping state.
      await expectExactResume(
        'mnist-3v7-cnn',
        ['--train-images', '300', '--test-images', '100'],
        ['training_time_s'],
      );
    },
    300_000,
  );
});

describe('mnist-3v7-cnn model', () => {
  it('has Keras’s parameter counts: 320 / 18 496 / 1 601 = 20 417', () => {
    const s = summary(cnn3v7('glorot_uniform', new Generator(0), new Generator(1)), [2, 1, 28, 28]);
    expect(s.rows.filter((r) => r.params > 0).map((r) => r.params)).toEqual([320, 18496, 1601]);
    expect(s.totalParams).toBe(20417);
    expect(s.rows.find((r) => r.type === 'Flatten')!.outputShape).toEqual([-1, 1600]);
  });
  it('counts a 2×2 confusion matrix at a threshold', () => {
    const m = binaryConfusion([0.2, 0.95, 0.85, 0.1, 0.99], [0, 1, 1, 1, 0], 0.9);
    expect(m).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(accuracy(m)).toBeCloseTo(0.4);
  });
});
