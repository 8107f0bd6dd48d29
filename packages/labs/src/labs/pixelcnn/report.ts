/** Figures and observations of the PixelCNN lab. */
import type { NDArray } from '@gradlab/tensor';
import { imageGrid, lineChart } from '@gradlab/viz';
import type { Binarization } from '../../lib/binarized-mnist.js';
import type { History } from '../../lib/train.js';
import type { LabContext } from '../../runner/lab.js';
import type { CausalityReport } from './causality.js';
import { type PixelCnnSpec, receptiveRows } from './model.js';
import type { SweepResult } from './sweep.js';

/** van den Oord et al. 2016 (Pixel Recurrent Neural Networks), stochastically binarised MNIST. */
export const PUBLISHED_NLL = 81.3;

const tiles = (x: NDArray) =>
  x.split(1, 0).map((t) => ({ data: t.contiguous().dataSync(), height: 28, width: 28 }));

/** Train and test NLL per epoch in nats per image, with the two reference lines. */
export function nllFigure(h: History, bernoulli: number, published: number): string {
  const e = h.epoch;
  return lineChart({
    series: [
      { name: 'train NLL (epoch mean)', x: e, y: h.trainLoss.map((v) => 784 * v) },
      { name: 'test NLL', x: e, y: h.valLoss.map((v) => 784 * v), dash: true },
      { name: 'per-pixel Bernoulli', x: e, y: e.map(() => bernoulli), dash: true },
      { name: 'published PixelCNN', x: e, y: e.map(() => published), dash: true },
    ],
    title: 'Negative log-likelihood per epoch (nats per image)',
    xLabel: 'epoch',
    yLabel: 'nats per image',
    yDomain: [Math.min(published, ...h.valLoss.map((v) => 784 * v)) * 0.9, bernoulli * 1.1],
    width: 760,
    height: 400,
  });
}

/** Samples (4 per row) beside as many test digits. */
export function samplesFigure(samples: NDArray, test: NDArray): string {
  const n = samples.shape[0]!;
  const cols = Math.min(n, 8);
  const real = test.slice(0, 0, Math.min(cols, test.shape[0]!));
  const images = [...tiles(samples), ...tiles(real)];
  const titles = [
    ...tiles(samples).map((_, i) => `sample ${i + 1}`),
    ...tiles(real).map(() => 'test digit'),
  ];
  return imageGrid({
    images,
    titles,
    cols,
    range: [0, 1],
    tileSize: 72,
    title:
      cols < 6
        ? 'Samples; test digits below'
        : 'Digits drawn pixel by pixel (last row: real test digits)',
  });
}

/** The first samples after rows 7, 14, 21, 28. */
export function stepsFigure(steps: { row: number; x: NDArray }[]): string {
  const n = steps[0]?.x.shape[0] ?? 0;
  const images = [];
  const titles: string[] = [];
  for (let k = 0; k < n; k++)
    for (const s of steps) {
      images.push(tiles(s.x.slice(0, k, k + 1))[0]!);
      titles.push(`after row ${s.row + 1}`);
    }
  return imageGrid({
    images,
    titles,
    cols: steps.length,
    range: [0, 1],
    tileSize: 72,
    title: 'Sampling in progress (one sample per row)',
  });
}

const f = (v: number, d = 2) => v.toFixed(d);

export function observeRun(
  ctx: LabContext,
  r: {
    history: History;
    nll: number;
    bernoulli: number;
    perImage: Float64Array;
    causal: CausalityReport;
    /** Part 2, or null when it was skipped. */
    sweep: SweepResult[] | null;
    seconds: number;
    sampleSeconds: number;
    spec: PixelCnnSpec;
    binarize: Binarization;
  },
): void {
  const { nll, bernoulli, history: h } = r;
  const published = PUBLISHED_NLL;
  const bpd = (v: number) => v / (784 * Math.LN2);
  ctx.observe(
    `Test NLL ${f(nll)} nats per image (${f(bpd(nll), 4)} bits/dim) after ${h.epoch.length} epoch(s), against ${f(bernoulli)} nats (${f(bpd(bernoulli), 4)} bits/dim) for independent pixels: ${nll < bernoulli ? `the masked convolutions capture ${f(bernoulli - nll, 1)} nats per image of dependence between pixels` : 'not yet better than independent pixels'}. ${
      r.binarize === 'threshold'
        ? `The published PixelCNN's ${published} nats were measured on stochastically binarised digits; these are thresholded at 0.5, cleaner and easier to predict, so the two are not comparable (run with --binarize sample for that).`
        : nll > published
          ? `The published PixelCNN reaches ${published} nats on the same kind of stochastically binarised digits, with far more capacity and training: ${f(nll - published, 1)} nats below ours; ours sits ${f((100 * (bernoulli - nll)) / (bernoulli - published), 0)} % of the way from the baseline to it.`
          : `That is ${f(published - nll, 1)} nats below the published PixelCNN's ${published} — on a ${r.history.epoch.length}-epoch budget that should not happen, so suspect a leak of the current pixel into its own prediction (see the causality check).`
    }`,
  );
  if (h.epoch.length > 1) {
    const first = 784 * h.valLoss[0]!;
    ctx.observe(
      `The first epoch takes the test NLL to ${f(first)} nats; the remaining ${h.epoch.length - 1} lower it by ${f(first - nll)} more${784 * h.valLoss.at(-2)! - nll > 1 ? ' and it is still falling, so more epochs or images would help' : ', and it is levelling off at this size'}.`,
    );
  }
  const gap = nll - 784 * h.trainLoss.at(-1)!;
  ctx.observe(
    `Training NLL (epoch mean) ${f(784 * h.trainLoss.at(-1)!)} vs test ${f(nll)} nats: ${Math.abs(gap) < 3 ? 'no sign of overfitting' : gap > 0 ? `test is ${f(gap, 1)} nats higher — some overfitting to the ${ctx.config.trainImages ?? 'training'} images` : 'test is lower (the training mean is taken while the weights still improve)'}.`,
  );
  const sorted = Array.from(r.perImage).sort((a, b) => a - b);
  ctx.observe(
    `Per test image the NLL ranges from ${f(sorted[0]!, 1)} to ${f(sorted.at(-1)!, 1)} nats (median ${f(sorted[Math.floor(sorted.length / 2)]!, 1)}): thin, simple digits cost few nats, thick or unusual ones many.`,
  );
  const c = r.causal;
  ctx.observe(
    `Causality of the trained model: flipping a pixel and all later ones changed its logit for ${c.violations} of ${c.checked} checked pixels (largest change ${c.maxLeak}), while flipping the earlier pixels changed it for ${c.seesPast} — ${c.violations === 0 ? 'the masks hold, so the per-pixel BCE really is −log p(x)' : 'THE MASKS LEAK: the reported NLL is not a likelihood'}.`,
  );
  if (r.sweep) observeSweep(ctx, r.sweep, bernoulli);
  ctx.log(
    `Summary: test NLL ${f(nll)} nats/image = ${f(bpd(nll), 4)} bits/dim (Bernoulli ${f(bernoulli)}, published PixelCNN ${published}); trained ${(r.seconds / 60).toFixed(1)} min, sampled in ${f(r.sampleSeconds, 0)} s; causality violations ${c.violations}/${c.checked}`,
  );
}

function observeSweep(ctx: LabContext, sweep: SweepResult[], bernoulli: number): void {
  const by = (k: SweepResult['factor']) => sweep.filter((s) => s.factor === k);
  const desc = (rs: SweepResult[]) =>
    rs.map((s) => `${s.label} ${f(s.nll, 1)} (sees ${receptiveRows(s.spec)} rows)`).join(', ');
  const best = sweep.reduce((a, b) => (b.nll < a.nll ? b : a));
  ctx.observe(
    `Part 2 (same small budget each, nats per image): depth — ${desc(by('depth'))}; kernel — ${desc(by('kernel'))}. Best: ${best.label} (${f(best.nll, 1)}).`,
  );
  // Every model starts exactly at the Bernoulli baseline (zero output layer): one still within a
  // few nats of it has not begun to use the image within this budget.
  const stuck = sweep.filter((s) => s.nll > bernoulli - 5);
  if (stuck.length > 0)
    ctx.observe(
      `${stuck.map((s) => s.label).join(' and ')} stayed within 5 nats of the independent-pixel model (${f(bernoulli, 1)}), where every model starts: at this budget ${stuck.length > 1 ? 'they had' : 'it had'} not yet left that plateau (a deeper stack takes more updates to start using the image; --sweep-images and --sweep-epochs give every setting more), so ${stuck.length > 1 ? 'their numbers say' : 'its number says'} more about the budget than about the architecture.`,
    );
}
