import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '@gradlab/autograd';
import { Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { forward } from '../mnist-from-scratch/network.js';
import { mnistMlp } from '../mnist-mlp/model.js';
import { toScratch } from './train-three.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`mnist-manual-vs-autograd on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)('hand-written and autograd SGD agree; Adam is ahead', async () => {
    const run = await runQuick('mnist-manual-vs-autograd');
    const m = run.metrics as Record<string, number>;
    expect(m.train_images).toBe(10000);
    expect(m.parameters).toBe(109386);
    // 3 epochs on 10 000 images with PyTorch's defaults (SGD lr 0.01 from nn.Linear's small
    // initial weights): both SGD runs 63.2 % (29 % → 50 % → 63 %), Adam 90.5 % (chance: 10 %).
    expect(m.test_accuracy_manual_sgd).toBeGreaterThan(0.5);
    expect(m.test_accuracy_autograd_sgd).toBeGreaterThan(0.5);
    expect(m.test_accuracy_autograd_adam).toBeGreaterThan(0.86);
    expect(m.test_accuracy_autograd_adam).toBeGreaterThan(m.test_accuracy_autograd_sgd! + 0.15);
    // Same start, same batches: the two SGD curves coincide.
    expect(m.max_accuracy_diff_sgd).toBeLessThanOrEqual(0.005);
    expect(m.max_train_loss_diff_sgd).toBeLessThan(1e-3);
    expect(m.training_time_s_manual_sgd).toBeGreaterThan(0);
    expect(run.figures.sort()).toEqual(['accuracy-per-epoch.svg', 'final-accuracy-and-time.svg']);
    for (const f of ['model-manual-sgd', 'model-autograd-sgd', 'model-autograd-adam'])
      expect(existsSync(join(run.outDir, `${f}.safetensors`))).toBe(true);
  });
});

describe('mnist-manual-vs-autograd helpers', () => {
  it('toScratch copies the nn MLP: both give the same logits', () => {
    const model = mnistMlp(new Generator(5));
    const x = randn([3, 784], { generator: new Generator(6) });
    const a = model.forward(new Tensor(x)).data.dataSync();
    const b = forward(toScratch(model), x).logits.dataSync();
    for (let i = 0; i < a.length; i++) expect(b[i]!).toBeCloseTo(a[i]!, 4);
  });
});
