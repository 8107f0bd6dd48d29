import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { cifarConvNet, cifarSummary, KERAS_PARAMS_64 } from './model.js';

const { present: hasCifar, skipNote } = dataFolder('cifar10');

describe('cifar10-convnet model', () => {
  it('the 64×64×3 summary lists Keras’s parameter counts', () => {
    const s = cifarSummary(64, new Generator(0));
    expect(s.rows.filter((r) => r.params > 0).map((r) => r.params)).toEqual([...KERAS_PARAMS_64]);
    expect(s.totalParams).toBe(1143242);
    expect(s.trainableParams).toBe(1143242);
    const pools = s.rows.filter((r) => r.type === 'MaxPool2d').map((r) => r.outputShape);
    expect(pools).toEqual([
      [-1, 32, 32, 32],
      [-1, 64, 16, 16],
      [-1, 128, 8, 8],
    ]);
    expect(s.rows.at(-1)!.type).toBe('Softmax');
    expect(s.toString()).toContain('Total params: 1,143,242');
  });
  it('the 32×32 model has 356 810 parameters (Dense 4·4·128·128 + 128 = 262 272)', () => {
    expect(cifarConvNet(32, new Generator(0)).numParameters()).toBe(356810);
  });
});

describe(`cifar10-convnet on CIFAR-10${skipNote}`, () => {
  it.skipIf(!hasCifar)('learns CIFAR-10 from 2 000 images in 2 epochs', async () => {
    const run = await runQuick('cifar10-convnet');
    const m = run.metrics as Record<string, number | number[] | boolean>;
    expect(m.summary_matches_keras).toBe(true);
    expect(m.parameters_64).toBe(1143242);
    expect(m.train_images_present).toBe(20000);
    expect(m.train_images).toBe(2000);
    expect(m.test_images).toBe(1000);
    const train = m.train_accuracy_per_epoch as number[];
    const test = m.test_accuracy_per_epoch_records_0_999 as number[];
    expect(train).toHaveLength(2);
    expect(train[1]!).toBeGreaterThan(train[0]!);
    // Chance is 10 %; measured (seed 42): train 16.5 % → 28.0 %, test 29.5 %, test loss 1.93.
    expect(m.test_accuracy).toBeGreaterThan(0.2);
    expect(m.test_accuracy_records_0_999).toBe(m.test_accuracy); // the quick test set is records 0–999
    expect(test[1]).toBe(m.test_accuracy);
    expect(m.test_loss).toBeLessThan(2.2); // ln 10 ≈ 2.30 at chance
    expect(run.figures.sort()).toEqual(['confusion-matrix.svg', 'curves.svg', 'predictions.svg']);
    expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
    expect(existsSync(join(run.outDir, 'model.checkpoint.safetensors'))).toBe(true);
    expect(run.report).toContain('Total params: 1,143,242');
  });
});
