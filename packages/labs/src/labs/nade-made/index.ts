/**
 * Lab: real autoregressive density estimation with NADE and MADE.
 *
 * Both models factorise p(x) = Π_d p(x_d | x_<d) over binary variables and
 * are trained on the exact negative log-likelihood (not a reconstruction
 * loss). Part 1: a two-Gaussian mixture discretised to a 16 × 16 grid, 4 bits
 * per coordinate — small enough to enumerate all 256 cells, check that the
 * probabilities sum to 1 and compare them with the data, plus a sweep over
 * hidden size, depth, activation, ordering and mask connectivity. Part 2:
 * binarised MNIST in nats per image beside the per-pixel Bernoulli baseline
 * and the published figures, with samples and an ordering sweep.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataSearchDirs } from '@gradlab/datasets';
import { BINARIZE_FLAG } from '../../lib/binarized-mnist.js';
import { mnistSubsetFlags } from '../../lib/mnist-subset.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { type MixtureSummary, runMixture } from './mixture.js';
import { MNIST_QUICK, type MnistSummary, PUBLISHED, runMnist } from './mnist.js';

const best = (rs: { label: string; factor: string; testNll: number }[]) =>
  rs.reduce((a, b) => (b.testNll < a.testNll ? b : a));

function observe(
  ctx: LabContext,
  m: MixtureSummary,
  mn: MnistSummary | null,
  seconds: number,
): void {
  const f = (v: number, d = 3) => v.toFixed(d);
  ctx.observe(
    `On the 2-D mixture MADE reached ${f(m.made)} nats and NADE ${f(m.nade)} nats per held-out point, against ${f(m.uniform)} for the uniform model, ${f(m.independent)} for independent bits and ${f(m.histogramNll)} for the add-one training histogram: ${m.made < m.independent ? 'the autoregressive conditionals capture the dependence between the bits that the independent model cannot' : 'MADE did not beat the independent-bits model at this budget'}${m.made < m.histogramNll ? ', and MADE even generalises better than the smoothed histogram' : ''}.`,
  );
  ctx.observe(
    `Enumerating all 256 cells, MADE's probabilities sum to ${m.madeSum.toFixed(6)} and NADE's to ${m.nadeSum.toFixed(6)} — normalised by construction, so the NLLs are true log-likelihoods; MADE's map is ${f(m.tv)} in total variation from the test histogram, which itself is a noisy estimate of the mixture.`,
  );
  const sw = m.sweep;
  const byFactor = (k: string) => sw.filter((r) => r.factor === k);
  const spread = (k: string) => {
    const rs = byFactor(k);
    const lo = best(rs);
    const hi = rs.reduce((a, b) => (b.testNll > a.testNll ? b : a));
    return `${k}: best ${lo.label} (${f(lo.testNll)}), worst ${hi.label} (${f(hi.testNll)})`;
  };
  ctx.observe(
    `Sweep on the mixture (nats): ${['hidden size', 'depth', 'activation', 'ordering', 'masks', 'NADE'].map(spread).join('; ')}. The best setting overall is ${best(sw).label} at ${f(best(sw).testNll)}.`,
  );
  if (mn) {
    ctx.observe(
      `On binarised MNIST MADE 784-${mn.madeHidden}-784 reached ${f(mn.made, 2)} nats per image after ${mn.madeEpochs} epoch(s) on ${mn.nTrain} images (${f(mn.madeSeconds, 0)} s) and NADE ${f(mn.nade, 2)} after ${mn.nadeEpochs} epoch(s) on ${mn.nadeTrain} images (${f(mn.nadeSeconds, 0)} s), against ${f(mn.bernoulli, 2)} for independent pixels — ${f(mn.bernoulli - mn.made, 1)} and ${f(mn.bernoulli - mn.nade, 1)} nats per image ${mn.made < mn.bernoulli && mn.nade < mn.bernoulli ? 'of pixel dependencies learned' : '(negative: not yet better than independent pixels at this budget)'}; the published ${PUBLISHED.nade} (NADE) and ${PUBLISHED.made} (MADE) come from far longer training on stochastically binarised digits, ${mn.binarize === 'threshold' ? 'so they are not comparable with ours on digits thresholded at 0.5 (an easier task)' : mn.made > PUBLISHED.made ? `as ours: our MADE stays ${f(mn.made - PUBLISHED.made, 1)} nats above theirs` : 'as ours, yet ours is below them after a short budget — suspect a leak of a pixel into its own conditional'}.`,
    );
    const o = mn.sweep.filter((r) => r.factor === 'ordering');
    const lo = best(o);
    const hi = o.reduce((a, b) => (b.testNll > a.testNll ? b : a));
    ctx.observe(
      `MADE orderings on MNIST (1 epoch): ${o.map((r) => `${r.label} ${f(r.testNll, 1)}`).join(', ')} nats; ${lo.label} is best and ${hi.label} worst by ${f(hi.testNll - lo.testNll, 1)} nats — the raster order ${lo.label === 'natural' ? 'is the easiest, since each pixel is predicted from the rows above it' : 'is not the easiest here'}.`,
    );
  }
  ctx.observe(`The whole run took ${(seconds / 60).toFixed(1)} min.`);
}

async function run(ctx: LabContext): Promise<void> {
  const t0 = performance.now();
  const mixture = await runMixture(ctx);
  let mn: MnistSummary | null = null;
  const hasMnist = dataSearchDirs().some((d) => existsSync(join(d, 'mnist')));
  if (ctx.config.skipMnist) ctx.log('Skipping binarised MNIST (--skip-mnist).');
  else if (!hasMnist && ctx.config.quick)
    ctx.log('Skipping binarised MNIST: no mnist/ data folder found (set GRADLAB_DATA).');
  else mn = await runMnist(ctx);
  const seconds = (performance.now() - t0) / 1000;
  observe(ctx, mixture, mn, seconds);
  ctx.log(
    `Summary: mixture NLL MADE ${mixture.made.toFixed(3)} / NADE ${mixture.nade.toFixed(3)} nats (uniform ${mixture.uniform.toFixed(3)})` +
      (mn
        ? `; MNIST MADE ${mn.made.toFixed(1)} / NADE ${mn.nade.toFixed(1)} nats (Bernoulli ${mn.bernoulli.toFixed(1)})`
        : ''),
  );
}

export const nadeMade: LabDefinition = {
  id: 'nade-made',
  title: 'Autoregressive density estimation: NADE and MADE',
  description:
    'NADE and MADE trained on the exact NLL: a 2-D Gaussian mixture on a 16×16 grid (exact probabilities, samples, sweep) and binarised MNIST in nats vs the Bernoulli baseline',
  aim: 'Estimate densities with autoregressive models — NADE (shared weights) and MADE (a masked autoencoder) — trained on the exact negative log-likelihood; verify they are normalised, compare held-out NLL with simple references and published figures, draw samples, and see how hidden size, depth, activation, ordering and mask connectivity change the likelihood.',
  procedure: [
    'Mixture: 60 % N((−1.5, −1), 0.7²I) + 40 % N((1.5, 1.5), I), discretised to 16 × 16 bins on [−4, 4)², each bin index written as 4 bits (8 binary variables per point); 10 000 training and 10 000 test points (2 000 with --quick).',
    'References on the mixture: uniform (log 256 nats), independent Bernoulli bits, the add-one smoothed training histogram.',
    'Train MADE 8-64-8 (ReLU, natural order, random connectivity) and NADE (H = 32, sigmoid) on −log p(x) = Σ_d BCE(logit_d, x_d) with Adam (lr 3e-3, batch 100, 20 epochs; 8 with --quick).',
    'Enumerate the 256 cells for the exact model probabilities (check they sum to 1), draw 2 000 samples bit by bit, and show both as heatmaps beside the test histogram.',
    'Sweep on the mixture, one factor at a time: hidden size, depth (1–3 hidden layers), activation, ordering (natural, reversed, halves swapped, two random), mask connectivity (random vs sequential), NADE hidden size and activation.',
    'Binarised MNIST, stochastically binarised as in the papers (each pixel 1 with probability equal to its grey level, drawn once with a fixed seed; --binarize threshold thresholds at 0.5 instead, an easier task): the per-pixel Bernoulli model fitted to the training images; MADE 784-500-784 (--made-hidden; ReLU; output biases start at the pixels’ log-odds, as for every model here) trained with Adam (lr 3e-3, batch 100) for 2 epochs on 60 000 images (1 epoch on 2 000 with --quick); NADE H = 50 (sigmoid), 1 epoch on 15 000 images (H = 20 on 500 with --quick) — NADE costs O(B·D·H) per batch on the CPU; test NLL in nats per image and bits per dimension beside the published NADE ≈ 88 and MADE ≈ 86.6 nats.',
    'Samples from each model, drawn autoregressively pixel by pixel; MADE ordering/connectivity sweep, 1 epoch on 5 000 images (500 with --quick).',
  ],
  flags: [
    ...mnistSubsetFlags(MNIST_QUICK),
    BINARIZE_FLAG,
    {
      name: 'mixtureEpochs',
      type: 'integer',
      help: 'epochs per model on the 2-D mixture (default 20; 8 with --quick)',
      min: 1,
    },
    {
      name: 'nadeImages',
      type: 'integer',
      help: 'MNIST images for NADE (default 15000; 500 with --quick)',
      min: 1,
    },
    {
      name: 'nadeHidden',
      type: 'integer',
      help: 'NADE hidden units on MNIST (default 50; 20 with --quick)',
      min: 1,
    },
    { name: 'nadeEpochs', type: 'integer', help: 'NADE epochs on MNIST (default 1)', min: 1 },
    {
      name: 'madeHidden',
      type: 'integer',
      help: 'MADE hidden units on MNIST (also in its sweep)',
      default: 500,
      min: 1,
    },
    {
      name: 'sweepImages',
      type: 'integer',
      help: 'MNIST images per sweep setting (default 5000; 500 with --quick)',
      min: 1,
    },
    { name: 'skipMnist', type: 'boolean', help: 'run the 2-D part only', default: false },
  ],
  epochs: { full: 2, quick: 1 },
  asyncReads: true,
  fullRunTime:
    '3 min 06 s measured on an idle 2-core machine (2-D mixture and its sweep, MADE 2 epochs on 60 000 images in 27 s, NADE 1 epoch on 15 000 in 51 s, ordering sweep); seed 42: MADE 104.5 and NADE 154.0 nats per image against 205.8 for independent pixels',
  source: import.meta.url,
  run,
};
