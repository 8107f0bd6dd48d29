/**
 * Part 2: the same GAN with one thing changed at a time — learning rate,
 * batch size, architecture — each trained with the same small budget
 * (epochs × images) and judged by the same sample-quality proxies.
 */
import type { NDArray } from '@gradlab/tensor';
import { barChart, imageGrid, subplots } from '@gradlab/viz';
import type { LabContext } from '../../runner/lab.js';
import { BASE_SPEC, type GanSpec, generate, specName } from './models.js';
import { type SampleQuality, sampleQuality } from './quality.js';
import { trainGan } from './train.js';

export interface Variation {
  factor: 'baseline' | 'learning rate' | 'batch size' | 'architecture';
  label: string;
  spec: GanSpec;
  lr: number;
  batchSize: number;
}

export interface VariationResult extends Variation {
  quality: SampleQuality;
  dLoss: number;
  gLoss: number;
  dReal: number;
  dFake: number;
  steps: number;
  seconds: number;
  samples: NDArray;
}

export function variations(): Variation[] {
  const base = { spec: BASE_SPEC, lr: 2e-4, batchSize: 128 };
  return [
    { ...base, factor: 'baseline', label: 'baseline' },
    { ...base, factor: 'learning rate', label: 'lr 5e-5', lr: 5e-5 },
    { ...base, factor: 'learning rate', label: 'lr 1e-3', lr: 1e-3 },
    { ...base, factor: 'batch size', label: 'batch 32', batchSize: 32 },
    { ...base, factor: 'batch size', label: 'batch 512', batchSize: 512 },
    {
      ...base,
      factor: 'architecture',
      label: 'small (1 hidden)',
      spec: { ...BASE_SPEC, gHidden: [128], dHidden: [128] },
    },
    { ...base, factor: 'architecture', label: 'ReLU, no leak', spec: { ...BASE_SPEC, slope: 0 } },
  ];
}

export async function runVariations(
  ctx: LabContext,
  data: { x: NDArray; judge: Parameters<typeof sampleQuality>[0]; reference: NDArray },
  budget: { epochs: number; beta1: number; evalNoise: NDArray },
  real: SampleQuality,
): Promise<VariationResult[]> {
  const vs = variations();
  const bar = ctx.progress('variations', vs.length);
  const results: VariationResult[] = [];
  for (const v of vs) {
    const t0 = performance.now();
    const { generator, history: h } = await trainGan({
      spec: v.spec,
      x: data.x,
      epochs: budget.epochs,
      batchSize: v.batchSize,
      lr: v.lr,
      beta1: budget.beta1,
      seed: ctx.config.seed + 20,
      fixedNoise: budget.evalNoise.slice(0, 0, 8),
    });
    const samples = generate(generator, budget.evalNoise);
    const quality = await sampleQuality(data.judge, samples, data.reference);
    results.push({
      ...v,
      quality,
      dLoss: h.dLoss.at(-1)!,
      gLoss: h.gLoss.at(-1)!,
      dReal: h.dReal.at(-1)!,
      dFake: h.dFake.at(-1)!,
      steps: budget.epochs * Math.max(1, Math.floor(data.x.shape[0]! / v.batchSize)),
      seconds: (performance.now() - t0) / 1000,
      samples: h.snapshots.at(-1)!,
    });
    bar.tick({ score: quality.classifierScore });
  }
  const r3 = (x: number) => Number(x.toFixed(3));
  ctx.table(
    `Part 2: variations, each trained ${budget.epochs} epoch(s) on ${data.x.shape[0]} images (Adam β1 ${budget.beta1}); judged on ${budget.evalNoise.shape[0]} samples. Real test digits: classifier score ${real.classifierScore.toFixed(2)}, nearest-image distance ${real.nearestDistance.toFixed(2)}.`,
    results.map((r) => ({
      variation: r.label,
      architecture: specName(r.spec),
      lr: r.lr,
      batch: r.batchSize,
      steps: r.steps,
      'D loss': r3(r.dLoss),
      'G loss': r3(r.gLoss),
      'D(x)': r3(r.dReal),
      'D(G(z))': r3(r.dFake),
      'classifier score': r3(r.quality.classifierScore),
      'nearest-image distance': r3(r.quality.nearestDistance),
      'largest class share': `${(100 * Math.max(...r.quality.classShare)).toFixed(0)} %`,
      'time (s)': Number(r.seconds.toFixed(1)),
    })),
  );
  for (const r of results) {
    const key = r.label
      .replace(/[^a-z0-9]+/gi, '_')
      .replace(/_$/, '')
      .toLowerCase();
    ctx.metric(`variation_classifier_score_${key}`, r3(r.quality.classifierScore));
    ctx.metric(`variation_nearest_distance_${key}`, r3(r.quality.nearestDistance));
  }
  const cats = [...results.map((r) => r.label), 'real digits'];
  ctx.figure(
    'variations',
    subplots(
      [
        barChart({
          categories: cats,
          series: [
            {
              name: 'classifier score',
              values: [...results.map((r) => r.quality.classifierScore), real.classifierScore],
            },
          ],
          decimals: 2,
          title: 'classifier score (higher is better, max 10)',
          yLabel: 'exp E KL(p(y|x) ‖ p(y))',
          yDomain: [0, 10],
          legendPosition: 'none',
          width: 560,
          height: 360,
        }),
        barChart({
          categories: cats,
          series: [
            {
              name: 'distance',
              values: [...results.map((r) => r.quality.nearestDistance), real.nearestDistance],
            },
          ],
          decimals: 1,
          title: 'distance to the nearest training image (lower is closer)',
          yLabel: 'Euclidean distance, pixels in [−1, 1]',
          legendPosition: 'none',
          width: 560,
          height: 360,
        }),
      ],
      { cols: 2, title: `Part 2: variations after ${budget.epochs} epoch(s) each` },
    ),
    'Each variation’s samples judged by the MNIST classifier (left: a score near 10 means confident, evenly spread digits; 1 means unrecognisable or all one class) and by pixel distance to the nearest real training image (right), beside the same numbers for real test digits.',
  );
  const tiles = results.flatMap((r) =>
    r.samples.split(1, 0).map((t) => ({ data: t.contiguous().dataSync(), title: r.label })),
  );
  ctx.figure(
    'variations-samples',
    imageGrid({
      images: tiles.map((t) => ({ data: t.data, height: 28, width: 28 })),
      titles: tiles.map((t) => t.title),
      cols: 8,
      range: [-1, 1],
      tileSize: 56,
      title: 'The same 8 noise vectors through each variation’s generator (one row each)',
    }),
    'One row per variation, all from the same noise vectors and the same seed, so differences come from the learning rate, batch size or architecture.',
  );
  return results;
}
