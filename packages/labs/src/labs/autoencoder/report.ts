/** Figures and observations of the autoencoder lab. */
import type { NDArray } from '@gradlab/tensor';
import { imageGrid } from '@gradlab/viz';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import type { SweepResult } from './sweep.js';

/**
 * Two test images of each digit over their reconstructions: rows of 10
 * originals alternating with rows of 10 reconstructions.
 */
export function reconstructionFigure(
  x: NDArray,
  labels: NDArray,
  recon: NDArray,
  errors: Float32Array,
): string {
  const lab = labels.dataSync();
  const picks: number[][] = [[], []];
  for (let d = 0; d < 10; d++) {
    const idx: number[] = [];
    for (let i = 0; i < lab.length && idx.length < 2; i++) if (lab[i] === d) idx.push(i);
    for (const [k, i] of idx.entries()) picks[k]!.push(i);
  }
  const px = x.contiguous().dataSync();
  const rx = recon.contiguous().dataSync();
  const tile = (
    a: ArrayLike<number> & { subarray(s: number, e: number): ArrayLike<number> },
    i: number,
  ) => ({
    data: a.subarray(i * 784, (i + 1) * 784),
    height: 28,
    width: 28,
  });
  const images = [];
  const titles: string[] = [];
  const colors: string[] = [];
  for (const row of picks) {
    for (const i of row) {
      images.push(tile(px as Float32Array, i));
      titles.push(`original ${lab[i]}`);
      colors.push('#333333');
    }
    for (const i of row) {
      images.push(tile(rx as Float32Array, i));
      titles.push(`MSE ${errors[i]!.toFixed(3)}`);
      colors.push('#1f77b4');
    }
  }
  return imageGrid({
    images,
    titles,
    titleColors: colors,
    cols: 10,
    range: [0, 1],
    tileSize: 72,
    title: 'Test images (rows 1, 3) and their reconstructions (rows 2, 4)',
  });
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Observations computed from this run's numbers. */
export function observeRun(
  ctx: LabContext,
  r: {
    history: History;
    meanImageMse: number;
    errors: Float32Array;
    labels: NDArray;
    sweep: SweepResult[];
    seconds: number;
  },
): void {
  const { history: h, meanImageMse } = r;
  const final = h.valLoss.at(-1)!;
  ctx.observe(
    `After ${h.epoch.length} epochs the test MSE is ${final.toFixed(5)}, ${pct(final / meanImageMse)} of the ${meanImageMse.toFixed(5)} of predicting the mean image: the 32-number code keeps ${pct(1 - final / meanImageMse)} of the per-image variation the mean image misses.`,
  );
  const drop = h.valLoss[0]! - final;
  if (h.epoch.length > 1) {
    const firstShare = (meanImageMse - h.valLoss[0]!) / (meanImageMse - final);
    ctx.observe(
      `Most of the learning happens early: the first epoch already takes the test MSE from ${meanImageMse.toFixed(4)} (mean image) to ${h.valLoss[0]!.toFixed(4)} (${pct(firstShare)} of the total improvement); the remaining ${h.epoch.length - 1} epoch(s) lower it by a further ${drop.toFixed(4)}.`,
    );
  }
  const gap = h.valLoss.at(-1)! - h.trainLoss.at(-1)!;
  ctx.observe(
    `Train/test gap: final training MSE ${h.trainLoss.at(-1)!.toFixed(5)} vs test ${final.toFixed(5)} (${gap >= 0 ? 'test higher' : 'test lower'} by ${Math.abs(gap).toFixed(5)}; the training figure is averaged over each epoch while the weights still change, so it reads high) — ${Math.abs(gap) < 0.1 * final ? 'no sign of overfitting' : 'a visible gap'}.`,
  );
  const lab = r.labels.dataSync();
  const perDigit = Array.from({ length: 10 }, (_, d) => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < lab.length; i++)
      if (lab[i] === d) {
        s += r.errors[i]!;
        n++;
      }
    return n ? s / n : Number.NaN;
  });
  const order = perDigit
    .map((v, d) => [v, d] as const)
    .filter(([v]) => Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  const [best, worst] = [order[0]!, order.at(-1)!];
  ctx.observe(
    `Per digit, ${best[1]}s are reconstructed best (mean MSE ${best[0].toFixed(4)}) and ${worst[1]}s worst (${worst[0].toFixed(4)}, ${(worst[0] / best[0]).toFixed(1)}×): simple strokes compress better than digits with more ink and more ways to be written.`,
  );
  ctx.metric(
    'per_digit_test_mse',
    perDigit.map((v) => Number(v.toFixed(5))),
  );

  const by = (f: SweepResult['factor']) => r.sweep.filter((s) => s.factor === f);
  const b = by('bottleneck');
  const bBest = b.reduce((a, c) => (c.testMse < a.testMse ? c : a));
  const rel = (v: number) => pct(v / meanImageMse);
  ctx.observe(
    `Sweep, bottleneck (small budget): a ${b[0]!.spec.bottleneck}-number code reaches test MSE ${b[0]!.testMse.toFixed(4)} (${rel(b[0]!.testMse)} of the mean image's), ${b.at(-1)!.spec.bottleneck} numbers ${b.at(-1)!.testMse.toFixed(4)} (${rel(b.at(-1)!.testMse)}); the best is ${bBest.label} (${bBest.testMse.toFixed(4)}).`,
  );
  const dp = by('depth');
  const dBest = dp.reduce((a, c) => (c.testMse < a.testMse ? c : a));
  const deepest = dp.at(-1)!;
  ctx.observe(
    `Sweep, depth: ${dp.map((s) => `${s.label} ${s.testMse.toFixed(4)}`).join(', ')} — the best is ${dBest.label}${deepest !== dBest && deepest.testMse > dBest.testMse ? `; the ${deepest.label} model is ${(deepest.testMse / dBest.testMse).toFixed(2)}× worse at this budget (deeper ReLU stacks take more steps to leave the mean-image plateau)` : ''}.`,
  );
  const ac = by('activation');
  const aBest = ac.reduce((a, c) => (c.testMse < a.testMse ? c : a));
  const aWorst = ac.reduce((a, c) => (c.testMse > a.testMse ? c : a));
  ctx.observe(
    `Sweep, activation: ${ac.map((s) => `${s.label} ${s.testMse.toFixed(4)}`).join(', ')}; ${aBest.label} is best and ${aWorst.label} worst (${(aWorst.testMse / aBest.testMse).toFixed(2)}× its error)${aWorst.label === 'sigmoid' ? ' — sigmoid units saturate and pass small gradients, so they learn slowest' : ''}.`,
  );
  ctx.log(
    `Summary: test MSE ${final.toFixed(5)} vs mean image ${meanImageMse.toFixed(5)} (${pct(final / meanImageMse)}), trained in ${r.seconds.toFixed(1)} s; sweep best: ${[bBest, dBest, aBest].map((s) => `${s.factor} ${s.label}`).join(', ')}`,
  );
}
