import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { buildAutoencoder, parameterCount, reconstruct } from './model.js';
import { sweepSettings } from './sweep.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`autoencoder on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'reconstructs test digits far better than the mean image',
    async () => {
      const run = await runQuick('autoencoder');
      const m = run.metrics as Record<string, number>;
      expect(m.train_images).toBe(5000);
      expect(m.test_images).toBe(1000);
      // The mean image gives ≈ 0.065; 3 quick epochs reach ≈ 0.047.
      expect(m.mean_image_test_mse).toBeGreaterThan(0.05);
      expect(m.mean_image_test_mse).toBeLessThan(0.08);
      expect(m.test_mse).toBeLessThan(0.8 * m.mean_image_test_mse!);
      expect(m.test_mse_vs_mean_image).toBeLessThan(0.8);
      expect(m.test_mse).toBeLessThan(m.first_epoch_test_mse!); // it kept learning
      expect(m.parameters).toBe(222384);
      // Every sweep setting trained and was measured.
      const sweep = Object.keys(m).filter((k) => k.startsWith('sweep_test_mse_'));
      expect(sweep).toHaveLength(12);
      for (const k of sweep) expect(m[k]).toBeGreaterThan(0);
      expect(run.figures.sort()).toEqual([
        'encoder-features.svg',
        'loss-curve.svg',
        'reconstructions.svg',
        'sweep.svg',
      ]);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
      expect(run.report).toContain('of predicting the mean image');
    },
    60_000,
  );

  it('rejects bad flags', async () => {
    await expect(runQuick('autoencoder', ['--sweep-epochs', '0'])).rejects.toThrow(
      /--sweep-epochs must be ≥ 1/,
    );
    await expect(runQuick('autoencoder', ['--train-images', '70000'])).rejects.toThrow(/> 60000/);
  });
});

describe('autoencoder models', () => {
  it('builds the 784-128-64-32 / 32-64-128-784 network with outputs in (0, 1)', () => {
    const { encoder, decoder, model } = buildAutoencoder(
      { hidden: [128, 64], bottleneck: 32, activation: 'relu' },
      new Generator(1),
    );
    // 784·128+128 + 128·64+64 + 64·32+32, mirrored.
    expect(parameterCount(encoder)).toBe(100480 + 8256 + 2080);
    expect(parameterCount(decoder)).toBe(2112 + 8320 + 101136);
    const out = reconstruct(model, randn([3, 784], { generator: new Generator(2) }));
    expect(out.shape).toEqual([3, 784]);
    const v = Array.from(out.dataSync());
    expect(Math.min(...v)).toBeGreaterThan(0);
    expect(Math.max(...v)).toBeLessThan(1);
  });

  it('sweeps bottleneck, depth and activation one factor at a time', () => {
    const s = sweepSettings();
    expect(s.filter((x) => x.factor === 'bottleneck').map((x) => x.spec.bottleneck)).toEqual([
      2, 8, 16, 32, 64,
    ]);
    expect(s.filter((x) => x.factor === 'depth').map((x) => x.spec.hidden.length)).toEqual([
      0, 1, 2, 3,
    ]);
    expect(s.filter((x) => x.factor === 'activation').map((x) => x.spec.activation)).toEqual([
      'relu',
      'tanh',
      'sigmoid',
    ]);
  });
});
