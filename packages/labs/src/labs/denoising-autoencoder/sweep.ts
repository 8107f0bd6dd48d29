/**
 * Part 2: the denoising error against the bottleneck (channels of the last
 * encoder layer) and the depth (encoder layers), one factor at a time around
 * the main model, every setting trained with the same small budget.
 */
import { Generator, type NDArray, prefetch } from '@gradlab/tensor';
import { barChart, imageGrid, subplots } from '@gradlab/viz';
import type { LabContext } from '../../runner/lab.js';
import { buildDae, codeSize, type DaeSpec, denoise, specName } from './model.js';
import { testScores, trainDae } from './train.js';

export interface SweepResult {
  factor: 'bottleneck' | 'depth';
  label: string;
  spec: DaeSpec;
  codeSize: number;
  parameters: number;
  testMse: number;
  testBce: number;
  seconds: number;
  /** The sweep's example digits, denoised by this setting. */
  examples: NDArray;
}

/** Bottleneck 4…128 channels at depth 3; depth 1…4 layers. */
export function sweepSettings(): { factor: SweepResult['factor']; label: string; spec: DaeSpec }[] {
  return [
    ...[4, 16, 64, 128].map((b) => ({
      factor: 'bottleneck' as const,
      label: `${b} ch`,
      spec: { channels: [32, 64, b] },
    })),
    ...[[32], [32, 64], [32, 64, 128], [32, 64, 128, 256]].map((channels) => ({
      factor: 'depth' as const,
      label: `${channels.length} layer${channels.length > 1 ? 's' : ''}`,
      spec: { channels },
    })),
  ];
}

export async function runSweep(
  ctx: LabContext,
  data: { xTrain: NDArray; xTest: NDArray; noisyTest: NDArray },
  budget: { epochs: number; batchSize: number; lr: number; noise: number },
  refs: { noisy: number; mean: number },
): Promise<SweepResult[]> {
  const settings = sweepSettings();
  const examples = data.noisyTest.slice(0, 0, 8).contiguous();
  await prefetch([examples]); // drawn in the figure
  const cache = new Map<string, Omit<SweepResult, 'factor' | 'label'>>();
  const bar = ctx.progress('sweep', settings.length);
  const results: SweepResult[] = [];
  for (const s of settings) {
    const key = s.spec.channels.join('-');
    let r = cache.get(key);
    if (!r) {
      const { model } = buildDae(s.spec, new Generator(ctx.config.seed + 10), data.xTrain);
      const t0 = performance.now();
      await trainDae(model, { ...budget, xTrain: data.xTrain, seed: ctx.config.seed + 11 });
      const seconds = (performance.now() - t0) / 1000;
      const scores = await testScores(denoise(model, data.noisyTest), data.xTest);
      const denoisedExamples = denoise(model, examples);
      await prefetch([denoisedExamples]); // drawn in the figure
      r = {
        spec: s.spec,
        codeSize: codeSize(s.spec),
        parameters: model.numParameters(),
        testMse: scores.mse,
        testBce: scores.bce,
        seconds,
        examples: denoisedExamples,
      };
      cache.set(key, r);
    }
    results.push({ factor: s.factor, label: s.label, ...r });
    bar.tick({ test_mse: r.testMse });
  }
  const r5 = (v: number) => Number(v.toFixed(5));
  ctx.table(
    `Sweep: test MSE to the clean digits per setting (one factor changed at a time from Conv 32 → 64/2 → 128/2; each trained ${budget.epochs} epoch(s) on ${data.xTrain.shape[0]} images, Adam lr ${budget.lr}, batch ${budget.batchSize}; tested on ${data.xTest.shape[0]} noisy test images, whose own MSE is ${refs.noisy.toFixed(4)}; the mean image gives ${refs.mean.toFixed(4)})`,
    results.map((r) => ({
      factor: r.factor,
      setting: r.label,
      encoder: specName(r.spec),
      'code size': r.codeSize,
      parameters: r.parameters,
      'test MSE': r5(r.testMse),
      'test BCE': r5(r.testBce),
      'vs noisy input': `${((100 * r.testMse) / refs.noisy).toFixed(1)} %`,
      'time (s)': Number(r.seconds.toFixed(1)),
    })),
  );
  for (const r of results)
    ctx.metric(`sweep_test_mse_${r.factor}_${r.label.replace(/[^a-z0-9]+/gi, '_')}`, r5(r.testMse));
  const top = Math.max(refs.noisy, refs.mean, ...results.map((x) => x.testMse)) * 1.05;
  const panel = (factor: SweepResult['factor'], title: string) => {
    const rs = results.filter((r) => r.factor === factor);
    return barChart({
      categories: [...rs.map((r) => `${r.label} (${r.codeSize})`), 'noisy input', 'mean image'],
      series: [{ name: 'test MSE', values: [...rs.map((r) => r.testMse), refs.noisy, refs.mean] }],
      decimals: 4,
      title,
      yLabel: 'test MSE',
      yDomain: [0, top],
      legendPosition: 'none',
      width: 520,
      height: 340,
    });
  };
  ctx.figure(
    'sweep',
    subplots(
      [
        panel('bottleneck', 'bottleneck: channels of the last layer (code size)'),
        panel('depth', 'depth: encoder layers (code size)'),
      ],
      { cols: 2, title: 'Test MSE to the clean digits per setting (lower is better)' },
    ),
    'Test MSE of each sweep setting with the same small budget, beside the two references (the noisy input itself and the mean image), on the same y axis. The number in brackets is the code size (channels × height × width of the last encoder layer).',
  );
  const unique = [...new Map(results.map((r) => [r.spec.channels.join('-'), r])).values()];
  const tiles = [
    ...examples.split(1, 0).map((t) => ({ data: t.contiguous().dataSync(), title: 'noisy' })),
    ...unique.flatMap((r) =>
      r.examples
        .split(1, 0)
        .map((t) => ({ data: t.contiguous().dataSync(), title: specName(r.spec).slice(5) })),
    ),
  ];
  ctx.figure(
    'sweep-examples',
    imageGrid({
      images: tiles.map((t) => ({ data: t.data, height: 28, width: 28 })),
      titles: tiles.map((t) => t.title),
      cols: 8,
      range: [0, 1],
      tileSize: 64,
      title: 'The same noisy test digits (top row) denoised by each sweep setting (one row each)',
    }),
    'Top row: noisy test inputs. Each row below: the outputs of one sweep architecture (encoder channels, /2 = stride 2), trained with the sweep budget. Thin codes blur the digits; one layer leaves speckles.',
  );
  return results;
}
