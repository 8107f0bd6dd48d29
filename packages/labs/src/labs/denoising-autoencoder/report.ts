/** Figures and observations of the denoising-autoencoder lab. */
import type { Sequential } from '@gradlab/nn';
import { type NDArray, prefetch } from '@gradlab/tensor';
import { imageGrid, lineChart, subplots } from '@gradlab/viz';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import { encoderFeatures } from './model.js';
import type { SweepResult } from './sweep.js';
import type { TestScores } from './train.js';

/** Index of the first test image of each digit 0–9 (then of a second one). */
export function digitPicks(labels: NDArray, perDigit: number): number[][] {
  const lab = labels.dataSync();
  const picks: number[][] = Array.from({ length: perDigit }, () => []);
  for (let d = 0; d < 10; d++) {
    let k = 0;
    for (let i = 0; i < lab.length && k < perDigit; i++) if (lab[i] === d) picks[k++]!.push(i);
  }
  return picks;
}

const tile = (x: NDArray, i: number) => ({
  data: x.select(0, i).contiguous().dataSync(),
  height: 28,
  width: 28,
});

/** Blocks of three rows: noisy inputs, clean digits, denoised outputs. */
export function denoisingFigure(
  noisy: NDArray,
  clean: NDArray,
  denoised: NDArray,
  labels: NDArray,
  errors: Float32Array,
): string {
  const lab = labels.dataSync();
  const images = [];
  const titles: string[] = [];
  const colors: string[] = [];
  for (const row of digitPicks(labels, 2)) {
    for (const i of row) {
      images.push(tile(noisy, i));
      titles.push(`noisy ${lab[i]}`);
      colors.push('#888888');
    }
    for (const i of row) {
      images.push(tile(clean, i));
      titles.push(`clean ${lab[i]}`);
      colors.push('#333333');
    }
    for (const i of row) {
      images.push(tile(denoised, i));
      titles.push(`MSE ${errors[i]!.toFixed(3)}`);
      colors.push('#1f77b4');
    }
  }
  return imageGrid({
    images,
    titles,
    titleColors: colors,
    cols: Math.max(1, images.length / 6),
    range: [0, 1],
    tileSize: 64,
    title: 'Noisy test digits, the clean originals and the denoised outputs',
  });
}

/** The encoder's feature maps for the first test image of a 4 (or the first image). */
export async function featureMapFigure(
  encoder: Sequential,
  noisy: NDArray,
  labels: NDArray,
): Promise<string> {
  const lab = await labels.data();
  let i = Array.from(lab).indexOf(4);
  if (i < 0) i = 0;
  const maps = encoderFeatures(encoder, noisy.slice(0, i, i + 1).contiguous());
  await prefetch([noisy, ...maps]);
  const panels = [
    imageGrid({
      images: [tile(noisy, i)],
      titles: [`noisy input (${lab[i]})`],
      cols: 1,
      range: [0, 1],
      tileSize: 96,
      title: 'input',
    }),
  ];
  maps.forEach((m, l) => {
    const [, ch, h, w] = m.shape as [number, number, number, number];
    const shown = Math.min(ch, 32);
    // Each map scaled by its own maximum, so a dead (all-zero) map stays black.
    const images = Array.from({ length: shown }, (_, k) => {
      const data = Float32Array.from(m.select(0, 0).select(0, k).contiguous().dataSync());
      const top = Math.max(...data);
      if (top > 0) for (let j = 0; j < data.length; j++) data[j]! /= top;
      return { data, height: h, width: w, dead: !(top > 0) };
    });
    panels.push(
      imageGrid({
        images,
        titles: images.map((t, k) => (t.dead ? `${k} (off)` : `${k}`)),
        cols: 8,
        range: [0, 1],
        tileSize: 44,
        title: `layer ${l + 1}: ${shown} of ${ch} maps, ${h}×${w}`,
      }),
    );
  });
  return subplots(panels, { cols: panels.length, title: 'Encoder feature maps (ReLU outputs)' });
}

/** BCE curves beside the test MSE per epoch, with the reference lines. */
export function lossFigure(
  h: History,
  perEpoch: TestScores[],
  noisy: TestScores,
  mean: TestScores,
  budget: { lr: number; batchSize: number; n: number },
): string {
  const flat = (v: number) => h.epoch.map(() => v);
  const bce = lineChart({
    series: [
      { name: 'train BCE', x: h.epoch, y: h.trainLoss },
      { name: 'test BCE', x: h.epoch, y: perEpoch.map((s) => s.bce), dash: true },
      { name: 'mean image (test)', x: h.epoch, y: flat(mean.bce), dash: true },
    ],
    title: `BCE per pixel (Adam lr ${budget.lr}, batch ${budget.batchSize}, ${budget.n} images)`,
    xLabel: 'epoch',
    yLabel: 'BCE',
    width: 520,
    height: 380,
  });
  const mse = lineChart({
    series: [
      { name: 'denoised (test)', x: h.epoch, y: perEpoch.map((s) => s.mse) },
      { name: 'noisy input', x: h.epoch, y: flat(noisy.mse), dash: true },
      { name: 'mean image', x: h.epoch, y: flat(mean.mse), dash: true },
    ],
    title: 'Test MSE to the clean digits',
    xLabel: 'epoch',
    yLabel: 'MSE per pixel',
    yDomain: [0, Math.max(noisy.mse, mean.mse) * 1.1],
    width: 520,
    height: 380,
  });
  return subplots([bce, mse], { cols: 2 });
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Observations computed from this run's numbers. */
export function observeRun(
  ctx: LabContext,
  r: {
    history: History;
    perEpoch: TestScores[];
    noisy: TestScores;
    mean: TestScores;
    sweep: SweepResult[];
    seconds: number;
  },
): void {
  const { perEpoch: pe, noisy, mean } = r;
  const final = pe.at(-1)!;
  ctx.observe(
    `After ${pe.length} epochs the denoised test digits are at MSE ${final.mse.toFixed(4)} from the clean ones, against ${noisy.mse.toFixed(4)} for the noisy input (${pct(final.mse / noisy.mse)} of it: ${pct(1 - final.mse / noisy.mse)} of the squared noise removed) and ${mean.mse.toFixed(4)} for the mean image (${final.mse < mean.mse ? `${(mean.mse / final.mse).toFixed(1)}× better: the model restores each individual digit, not an average` : 'not yet better than the mean image'}). In PSNR: ${(-10 * Math.log10(noisy.mse)).toFixed(1)} dB → ${(-10 * Math.log10(final.mse)).toFixed(1)} dB.`,
  );
  if (pe.length > 1) {
    const best = pe.reduce((b, s, i) => (s.mse < pe[b]!.mse ? i : b), 0);
    const share = (noisy.mse - pe[0]!.mse) / (noisy.mse - final.mse);
    ctx.observe(
      `The first epoch already takes the test MSE to ${pe[0]!.mse.toFixed(4)} (${pct(share)} of the total improvement over the noisy input); the best epoch is ${best + 1} (${pe[best]!.mse.toFixed(4)})${best + 1 < pe.length ? ', so later epochs did not help on the test images' : ' — still improving at the end, so more epochs or images would help'}.`,
    );
  }
  const h = r.history;
  const gap = final.bce - h.trainLoss.at(-1)!;
  ctx.observe(
    `Final training BCE ${h.trainLoss.at(-1)!.toFixed(4)} vs test BCE ${final.bce.toFixed(4)} (${gap >= 0 ? 'test higher' : 'test lower'} by ${Math.abs(gap).toFixed(4)}; the training figure is averaged over the epoch while the weights change, and every batch sees new noise, so the model cannot memorise the corruption) — ${Math.abs(gap) < 0.05 * final.bce ? 'no sign of overfitting' : 'a visible gap'}.`,
  );
  const by = (f: SweepResult['factor']) => r.sweep.filter((s) => s.factor === f);
  const describe = (rs: SweepResult[]) =>
    rs.map((s) => `${s.label} (${s.codeSize} numbers) ${s.testMse.toFixed(4)}`).join(', ');
  const bestOf = (rs: SweepResult[]) => rs.reduce((a, c) => (c.testMse < a.testMse ? c : a));
  const b = by('bottleneck');
  const d = by('depth');
  ctx.observe(
    `Sweep, bottleneck (small budget, test MSE): ${describe(b)}; best ${bestOf(b).label}. ${b[0]!.codeSize < 784 ? `Even the ${b[0]!.codeSize}-number code (smaller than the 784-pixel image) reaches ${pct(b[0]!.testMse / noisy.mse)} of the noisy input's error: ` : ''}the default 128-channel code has ${b.at(-1)!.codeSize} numbers — more than the image — and still denoises, because the training target is the clean digit, not the input: the noise, not the bottleneck, keeps it from learning the identity.`,
  );
  ctx.observe(
    `Sweep, depth: ${describe(d)}; best ${bestOf(d).label}${d[0]!.testMse > 1.1 * bestOf(d).testMse ? `, ${(d[0]!.testMse / bestOf(d).testMse).toFixed(2)}× better than a single layer, whose 3×3 view cannot tell a stroke from a noise speck` : d[0] === bestOf(d) ? ' — at this budget extra depth did not pay' : ` (the spread is small at this budget: ${(d[0]!.testMse / bestOf(d).testMse).toFixed(2)}× from one layer to the best)`}.`,
  );
  ctx.log(
    `Summary: test MSE ${final.mse.toFixed(4)} vs noisy ${noisy.mse.toFixed(4)} and mean image ${mean.mse.toFixed(4)}; trained in ${(r.seconds / 60).toFixed(1)} min; sweep best ${bestOf(b).label} / ${bestOf(d).label}`,
  );
}
