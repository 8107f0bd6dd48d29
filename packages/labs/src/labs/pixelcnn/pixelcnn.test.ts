import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad, Tensor } from '@gradlab/autograd';
import { type Conv2d, MaskedConv2d, ReLU, Sequential } from '@gradlab/nn';
import { Generator, rand, randn, zeros } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { checkCausality, somePositions } from './causality.js';
import {
  buildPixelCnn,
  initOutputBias,
  type PixelCnn,
  type PixelCnnSpec,
  receptiveRows,
} from './model.js';
import { rowLogits, samplePixelCnn } from './sample.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

/** A fresh model's output weights are zero (it starts as the Bernoulli model); give them values. */
function build(spec: PixelCnnSpec, seed: number, size: [number, number]): PixelCnn {
  const model = buildPixelCnn(spec, new Generator(seed), size);
  const out = model.body.layers.at(-1) as Conv2d;
  out.weight.data.copy_(randn([...out.weight.shape], { generator: new Generator(seed + 100) }));
  return model;
}

const binary = (h: number, w: number, seed: number) =>
  rand([1, 1, h, w], { generator: new Generator(seed) })
    .gt(0.5)
    .float();

describe(`pixelcnn on binarised MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'learns a likelihood far better than independent pixels, stays causal, samples digits',
    async () => {
      const run = await runQuick('pixelcnn');
      const m = run.metrics as Record<string, number>;
      expect(m.train_images).toBe(400);
      // It starts at the Bernoulli model; ≈ 50 quick steps must learn dependence between pixels.
      expect(m.test_images).toBe(100);
      // The independent per-pixel model fitted to 400 images gives ≈ 200 nats on these test digits.
      expect(m.bernoulli_nll_nats).toBeGreaterThan(170);
      expect(m.bernoulli_nll_nats).toBeLessThan(240);
      // On stochastically binarised digits ≈ 50 quick steps learn ≈ 28 nats of pixel dependence.
      expect(m.test_nll_nats).toBeLessThan(m.bernoulli_nll_nats! - 20);
      expect(m.test_nll_nats).toBeLessThan(m.first_epoch_test_nll_nats! + 1e-9);
      expect(m.test_bits_per_dim).toBeCloseTo(m.test_nll_nats! / (784 * Math.LN2), 3);
      expect(m.causality_violations).toBe(0);
      expect(m.causality_sees_past).toBeGreaterThan(0.9 * m.causality_checked!);
      const sweep = Object.keys(m).filter((k) => k.startsWith('sweep_nll_'));
      expect(sweep).toHaveLength(6);
      for (const k of sweep) expect(m[k]).toBeGreaterThan(0);
      expect(run.figures.sort()).toEqual([
        'nll.svg',
        'samples.svg',
        'sampling-steps.svg',
        'sweep-samples.svg',
        'sweep.svg',
      ]);
      expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
      expect(run.report).toContain('bits/dim');
    },
    300_000,
  );

  it('rejects bad flags', async () => {
    await expect(runQuick('pixelcnn', ['--kernel', '4'])).rejects.toThrow(/odd/);
    await expect(runQuick('pixelcnn', ['--channels', '0'])).rejects.toThrow(/--channels/);
    await expect(runQuick('pixelcnn', ['--skip-sweep', '--sweep-images', '10'])).rejects.toThrow(
      'pixelcnn: --sweep-epochs and --sweep-images apply only without --skip-sweep',
    );
  });
});

describe('PixelCNN causality (whole model)', () => {
  const H = 8;
  const W = 9;
  for (const spec of [
    { channels: 4, layers: 2, kernel: 7 },
    { channels: 8, layers: 3, kernel: 3 },
  ]) {
    it(`no logit depends on its own or a later pixel: autograd Jacobian, every pixel (${spec.layers} × B ${spec.kernel}×${spec.kernel})`, () => {
      const model = build(spec, 1, [H, W]);
      const x = new Tensor(rand([1, 1, H, W], { generator: new Generator(2) }), {
        requiresGrad: true,
      });
      let sawPast = 0;
      for (let p = 0; p < H * W; p++) {
        x.grad = null;
        const out = model.forward(x);
        const seed = zeros([1, 1, H, W]);
        seed
          .select(2, Math.floor(p / W))
          .select(2, p % W)
          .fill_(1);
        out.backward(new Tensor(seed));
        const g = x.grad!.contiguous().dataSync();
        for (let q = p; q < H * W; q++) expect(g[q], `∂logit[${p}]/∂x[${q}]`).toBe(0);
        if (p > 0 && Array.from(g.subarray(0, p)).some((v) => v !== 0)) sawPast++;
      }
      // And it is not vacuous: nearly every pixel's logit does depend on earlier pixels
      // (a few may not, where every ReLU on the path happens to be off).
      expect(sawPast).toBeGreaterThan(0.8 * (H * W - 1));
    });
  }

  it('the perturbation check passes on a PixelCNN and catches a leaking one', async () => {
    const model = build({ channels: 4, layers: 2, kernel: 5 }, 3, [H, W]);
    const positions = somePositions(H, W, 30, new Generator(4));
    const ok = await checkCausality(model, binary(H, W, 5), positions);
    expect(ok.violations).toBe(0);
    expect(ok.maxLeak).toBe(0);
    // Earlier pixels reach (almost) every logit; a 4-channel ReLU net with zero biases can be all
    // off at a pixel for both inputs, so allow a few positions that do not move.
    expect(ok.seesPast).toBeGreaterThan(0.85 * positions.filter((p) => p > 0).length);
    // Mask B in the first layer lets each pixel see itself: the check must notice.
    const leaky = new Sequential(
      new MaskedConv2d(1, 4, 7, { maskType: 'B', padding: 3, generator: new Generator(6) }),
      new ReLU(),
      new MaskedConv2d(4, 1, 3, { maskType: 'B', padding: 1, generator: new Generator(7) }),
    );
    const bad = await checkCausality(leaky, binary(H, W, 5), positions);
    expect(bad.violations).toBeGreaterThan(0);
    expect(bad.maxLeak).toBeGreaterThan(0);
  });

  it('the sampler’s row bands give exactly the full-image logits', async () => {
    const spec = { channels: 4, layers: 2, kernel: 5 };
    const model = build(spec, 8, [14, 10]);
    await initOutputBias(
      model,
      rand([5, 1, 14, 10], { generator: new Generator(12) })
        .gt(0.5)
        .float(),
    );
    const x = binary(14, 10, 9);
    const full = noGrad(() => model.forward(new Tensor(x)).data);
    const rows = receptiveRows(spec);
    expect(rows).toBe(3 + 2 * 2);
    for (let i = 0; i < 14; i++) {
      const band = rowLogits(model, x, i, rows);
      expect(Array.from(band.dataSync())).toEqual(
        Array.from(full.select(2, i).select(1, 0).contiguous().dataSync()),
      );
    }
  });

  it('starts exactly at the independent Bernoulli model', async () => {
    const x = rand([6, 1, 5, 4], { generator: new Generator(13) })
      .gt(0.6)
      .float();
    const model = buildPixelCnn({ channels: 3, layers: 1, kernel: 3 }, new Generator(14), [5, 4]);
    await initOutputBias(model, x);
    const logits = noGrad(() => model.forward(new Tensor(x)).data);
    // Every image gets the same logits: log-odds of each pixel's add-one frequency.
    const freq = x.sum(0).add(1).div(8).contiguous().dataSync();
    const l = logits.select(0, 3).contiguous().dataSync();
    for (let i = 0; i < freq.length; i++)
      expect(l[i]!).toBeCloseTo(Math.log(freq[i]! / (1 - freq[i]!)), 5);
  });

  it('draws binary images pixel by pixel', async () => {
    const model = build({ channels: 2, layers: 1, kernel: 3 }, 10, [6, 5]);
    const rows: number[] = [];
    const s = await samplePixelCnn(model, 3, new Generator(11), {
      rows: 4,
      height: 6,
      width: 5,
      onRow: (r) => rows.push(r),
    });
    expect(s.shape).toEqual([3, 1, 6, 5]);
    expect(Array.from(s.dataSync()).every((v) => v === 0 || v === 1)).toBe(true);
    expect(rows).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
