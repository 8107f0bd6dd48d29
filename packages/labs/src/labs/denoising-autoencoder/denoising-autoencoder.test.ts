import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, rand } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { buildDae, codeSize, denoise, encoderFeatures } from './model.js';
import { sweepSettings } from './sweep.js';
import { addNoise } from './train.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`denoising-autoencoder on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'removes most of the noise: denoised test digits far closer to the clean ones than the noisy input or the mean image',
    async () => {
      const run = await runQuick('denoising-autoencoder');
      const m = run.metrics as Record<string, number>;
      expect(m.train_images).toBe(500);
      expect(m.test_images).toBe(200);
      // Noise factor 0.5 clipped to [0, 1] gives ≈ 0.115; the mean image ≈ 0.064.
      expect(m.noisy_test_mse).toBeGreaterThan(0.09);
      expect(m.noisy_test_mse).toBeLessThan(0.14);
      expect(m.mean_image_test_mse).toBeGreaterThan(0.05);
      // 2 quick epochs on 500 images reach ≈ 0.030.
      expect(m.test_mse).toBeLessThan(0.5 * m.noisy_test_mse!);
      expect(m.test_mse).toBeLessThan(0.75 * m.mean_image_test_mse!);
      expect(m.test_mse).toBeLessThan(m.first_epoch_test_mse!);
      expect(m.test_psnr_db).toBeGreaterThan(m.noisy_psnr_db! + 3);
      expect(m.parameters).toBe(185217);
      const sweep = Object.keys(m).filter((k) => k.startsWith('sweep_test_mse_'));
      expect(sweep).toHaveLength(8);
      for (const k of sweep) expect(m[k]).toBeGreaterThan(0);
      expect(run.figures.sort()).toEqual([
        'denoising.svg',
        'feature-maps.svg',
        'loss-curves.svg',
        'sweep-examples.svg',
        'sweep.svg',
      ]);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
      expect(run.report).toContain('of the squared noise removed');
    },
    300_000,
  );

  it('rejects bad flags', async () => {
    await expect(runQuick('denoising-autoencoder', ['--noise', '-1'])).rejects.toThrow(/--noise/);
    await expect(runQuick('denoising-autoencoder', ['--train-images', '70000'])).rejects.toThrow(
      /> 60000/,
    );
  });
});

describe('denoising-autoencoder models', () => {
  it('maps 28×28 back to 28×28 through 7×7 (3 layers) and 4×4 (4 layers) codes', () => {
    for (const [channels, code] of [
      [[32, 64, 128], 128 * 7 * 7],
      [[32, 64, 128, 256], 256 * 4 * 4],
      [[32], 32 * 28 * 28],
    ] as const) {
      const spec = { channels };
      expect(codeSize(spec)).toBe(code);
      const { encoder, model } = buildDae(spec, new Generator(1));
      const x = rand([2, 1, 28, 28], { generator: new Generator(2) });
      const out = denoise(model, x);
      expect(out.shape).toEqual([2, 1, 28, 28]);
      expect(out.min().item()).toBeGreaterThan(0);
      expect(out.max().item()).toBeLessThan(1);
      expect(encoderFeatures(encoder, x).at(-1)!.size).toBe(2 * code);
    }
  });

  it('starts the output at the training images’ mean intensity', () => {
    const x = rand([4, 1, 28, 28], { generator: new Generator(3) }).mul(0.2);
    const { model } = buildDae({ channels: [8, 16] }, new Generator(4), x);
    // With zero input the ReLU features vanish only partly, so check the bias itself.
    const bias = model.namedParameters().at(-1)![1].data.item();
    expect(1 / (1 + Math.exp(-bias))).toBeCloseTo(x.mean().item(), 5);
  });

  it('adds clipped noise and sweeps 4 bottlenecks and 4 depths', () => {
    const clean = rand([3, 1, 28, 28], { generator: new Generator(5) });
    const noisy = addNoise(clean, 0.5, 6);
    expect(noisy.min().item()).toBeGreaterThanOrEqual(0);
    expect(noisy.max().item()).toBeLessThanOrEqual(1);
    expect(noisy.sub(clean).abs().mean().item()).toBeGreaterThan(0.1);
    const s = sweepSettings();
    expect(s.filter((x) => x.factor === 'bottleneck').map((x) => x.spec.channels.at(-1))).toEqual([
      4, 16, 64, 128,
    ]);
    expect(s.filter((x) => x.factor === 'depth').map((x) => x.spec.channels.length)).toEqual([
      1, 2, 3, 4,
    ]);
  });
});
