/**
 * Part 2: reconstruction loss against bottleneck size, depth and hidden
 * activation — one factor at a time around the main model (784-128-64-32,
 * ReLU), every setting trained with the same small budget.
 */
import { Generator, type NDArray } from '@gradlab/tensor';
import { barChart, subplots } from '@gradlab/viz';
import type { LabContext } from '../../runner/lab.js';
import {
  type AeSpec,
  buildAutoencoder,
  parameterCount,
  specName,
  trainAutoencoder,
} from './model.js';

/** One setting of the sweep and what it reached. */
export interface SweepResult {
  factor: 'bottleneck' | 'depth' | 'activation';
  label: string;
  spec: AeSpec;
  parameters: number;
  trainMse: number;
  testMse: number;
  seconds: number;
}

const BASE: AeSpec = { hidden: [128, 64], bottleneck: 32, activation: 'relu' };

/** The settings: bottleneck 2…64, depth 1…3 encoder layers, three activations. */
export function sweepSettings(): { factor: SweepResult['factor']; label: string; spec: AeSpec }[] {
  return [
    ...[2, 8, 16, 32, 64].map((b) => ({
      factor: 'bottleneck' as const,
      label: `code ${b}`,
      spec: { ...BASE, bottleneck: b },
    })),
    ...[[], [128], [128, 64], [256, 128, 64]].map((hidden) => ({
      factor: 'depth' as const,
      label: `${hidden.length + 1} layer${hidden.length ? 's' : ''}`,
      spec: { ...BASE, hidden },
    })),
    ...(['relu', 'tanh', 'sigmoid'] as const).map((activation) => ({
      factor: 'activation' as const,
      label: activation,
      spec: { ...BASE, activation },
    })),
  ];
}

/** Trains every setting (the baseline once, reused) and reports table, figure and metrics. */
export async function runSweep(
  ctx: LabContext,
  data: { xTrain: NDArray; xTest: NDArray },
  budget: { epochs: number; batchSize: number; lr: number },
  meanImageMse: number,
): Promise<SweepResult[]> {
  const settings = sweepSettings();
  const cache = new Map<string, Omit<SweepResult, 'factor' | 'label'>>();
  const bar = ctx.progress('sweep', settings.length);
  const results: SweepResult[] = [];
  for (const s of settings) {
    const key = specName(s.spec);
    let r = cache.get(key);
    if (!r) {
      const { model } = buildAutoencoder(s.spec, new Generator(ctx.config.seed + 10));
      const t0 = performance.now();
      const h = await trainAutoencoder(model, { ...data, ...budget, seed: ctx.config.seed + 11 });
      r = {
        spec: s.spec,
        parameters: parameterCount(model),
        trainMse: h.trainLoss.at(-1)!,
        testMse: h.valLoss.at(-1)!,
        seconds: (performance.now() - t0) / 1000,
      };
      cache.set(key, r);
    }
    results.push({ factor: s.factor, label: s.label, ...r });
    bar.tick({ test_mse: r.testMse });
  }
  const r5 = (v: number) => Number(v.toFixed(5));
  ctx.table(
    `Sweep: test reconstruction MSE per setting (one factor changed at a time from 784-128-64-32 ReLU; each trained ${budget.epochs} epoch${budget.epochs === 1 ? '' : 's'} on ${data.xTrain.shape[0]} images, Adam lr ${budget.lr}, batch ${budget.batchSize}; test on ${data.xTest.shape[0]} images; predicting the mean image gives ${meanImageMse.toFixed(4)})`,
    results.map((r) => ({
      factor: r.factor,
      setting: r.label,
      architecture: specName(r.spec),
      parameters: r.parameters,
      'train MSE': r5(r.trainMse),
      'test MSE': r5(r.testMse),
      'vs mean image': `${((100 * r.testMse) / meanImageMse).toFixed(1)} %`,
      'time (s)': Number(r.seconds.toFixed(1)),
    })),
  );
  for (const r of results)
    ctx.metric(`sweep_test_mse_${r.factor}_${r.label.replace(/[^a-z0-9]+/gi, '_')}`, r5(r.testMse));
  const panel = (factor: SweepResult['factor'], title: string) => {
    const rs = results.filter((r) => r.factor === factor);
    return barChart({
      categories: rs.map((r) => r.label),
      series: [{ name: 'test MSE', values: rs.map((r) => r.testMse) }],
      decimals: 4,
      title,
      yLabel: 'test MSE',
      yDomain: [0, Math.max(meanImageMse, ...results.map((x) => x.testMse)) * 1.05],
      legendPosition: 'none',
      width: 380,
      height: 320,
    });
  };
  ctx.figure(
    'sweep',
    subplots(
      [
        panel('bottleneck', 'bottleneck size'),
        panel('depth', 'encoder layers (784 … code)'),
        panel('activation', 'hidden activation'),
      ],
      { cols: 3, title: `Test reconstruction MSE (mean image: ${meanImageMse.toFixed(4)})` },
    ),
    `Test MSE of each sweep setting, same y axis on all panels (its top is about the MSE of predicting the training mean image, ${meanImageMse.toFixed(4)}). Lower is better: look for how quickly the error falls as the code widens, whether extra depth pays off at this small budget, and which activation trains fastest.`,
  );
  return results;
}
