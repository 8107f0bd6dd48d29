import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { BASE_SPEC, buildDiscriminator, buildGenerator, generate } from './models.js';
import { nearestDistance } from './quality.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`gan-mnist${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'moves the samples from noise towards real digits without the game collapsing',
    async () => {
      const run = await runQuick('gan-mnist');
      const m = run.metrics as Record<string, number>;
      expect(m.train_images).toBe(3000);
      expect(m.generator_parameters).toBe(
        100 * 128 + 128 + 128 * 256 + 256 + 256 * 512 + 512 + 512 * 784 + 784,
      );
      expect(m.discriminator_parameters).toBe(784 * 512 + 512 + 512 * 256 + 256 + 257);
      // The judge is a real classifier (≈ 84 % after 3 epochs on 3 000 images).
      expect(m.judge_test_accuracy).toBeGreaterThan(0.75);
      expect(m.classifier_score_real).toBeGreaterThan(3);
      // Samples: the untrained generator's grey noise is ≈ 26 from the nearest training digit,
      // real test digits ≈ 11; after ≈ 280 quick steps the samples are ≈ 13.5 — most of the gap closed.
      const gap = m.nearest_distance_initial! - m.nearest_distance_real!;
      expect(gap).toBeGreaterThan(8);
      expect(m.nearest_distance).toBeLessThan(m.nearest_distance_initial! - 0.6 * gap);
      expect(m.classifier_score_initial).toBeLessThan(1.1);
      expect(m.classifier_score).toBeGreaterThan(m.classifier_score_initial! + 0.15);
      // A live game: D neither wins outright nor is fooled completely.
      expect(m.d_loss).toBeGreaterThan(0.5);
      expect(m.d_loss).toBeLessThan(1.8);
      expect(m.g_loss).toBeGreaterThan(0.4);
      expect(m.g_loss).toBeLessThan(3);
      expect(m.d_real).toBeGreaterThan(m.d_fake!);
      expect(m.d_real! - m.d_fake!).toBeLessThan(0.6);
      expect((m.d_loss_per_epoch as unknown as number[]).length).toBe(3);
      const vars = Object.keys(m).filter((k) => k.startsWith('variation_classifier_score_'));
      expect(vars).toHaveLength(7);
      expect(run.figures.sort()).toEqual([
        'losses.svg',
        'sample-quality.svg',
        'samples-by-epoch.svg',
        'samples-final.svg',
        'variations-samples.svg',
        'variations.svg',
      ]);
      for (const e of ['001', '002', '003'])
        expect(existsSync(join(run.outDir, 'samples', `epoch-${e}.svg`))).toBe(true);
      expect(existsSync(join(run.outDir, 'generator.safetensors'))).toBe(true);
      expect(existsSync(join(run.outDir, 'discriminator.safetensors'))).toBe(true);
    },
    300_000,
  );

  it('rejects bad flags', async () => {
    await expect(runQuick('gan-mnist', ['--lr', '-1'])).rejects.toThrow(/--lr/);
    await expect(runQuick('gan-mnist', ['--train-images', '70000'])).rejects.toThrow(/> 60000/);
  });
});

describe('gan-mnist models', () => {
  it('G maps 100 numbers to 784 pixels in (−1, 1); D maps them to a probability', () => {
    const g = new Generator(1);
    const G = buildGenerator(BASE_SPEC, g);
    const D = buildDiscriminator(BASE_SPEC, g);
    const x = generate(G, randn([5, 100], { generator: g }));
    expect(x.shape).toEqual([5, 784]);
    expect(x.abs().max().item()).toBeLessThan(1);
    const p = generate(D, x);
    expect(p.shape).toEqual([5, 1]);
    expect(p.min().item()).toBeGreaterThan(0);
    expect(p.max().item()).toBeLessThan(1);
  });

  it('nearestDistance finds the closest reference row', async () => {
    const ref = randn([20, 784], { generator: new Generator(2) });
    expect(await nearestDistance(ref.slice(0, 3, 6).contiguous(), ref)).toBeLessThan(1);
    const far = ref.slice(0, 0, 2).add(3).contiguous();
    expect(await nearestDistance(far, ref)).toBeGreaterThan(10);
  });
});
