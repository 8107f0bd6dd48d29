/**
 * Lab: the perceptron learning rule on a two-electrode EEG toy set.
 *
 * Six recordings (electrode 1, electrode 2) belong to class +1 or −1. A
 * perceptron ŷ = sign(w1·x1 + w2·x2 + b) starts from random weights in
 * (−1, 1) and visits the samples in order; every misclassified sample moves
 * the weights: w ← w + lr·y·x, b ← b + lr·y. Because the classes are linearly
 * separable, the rule stops changing the weights after finitely many updates
 * (Novikoff's theorem): an epoch with zero errors ends training.
 */
import { perceptronEeg as loadPerceptronEeg } from '@gradlab/datasets';
import { lineChart, scatterPlot } from '@gradlab/viz';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import {
  activation,
  type PerceptronRun,
  type PerceptronStep,
  type PerceptronWeights,
  trainPerceptron,
} from './perceptron.js';

const f = (v: number) => (v < 0 ? `−${Math.abs(v).toFixed(3)}` : v.toFixed(3));
const sgn = (v: number) => (v > 0 ? '+1' : v < 0 ? '−1' : '0');
const weights = (w: PerceptronWeights) => `w1 = ${f(w.w1)}, w2 = ${f(w.w2)}, b = ${f(w.b)}`;
const rounded = (w: PerceptronWeights) => ({
  w1: Number(w.w1.toFixed(6)),
  w2: Number(w.w2.toFixed(6)),
  b: Number(w.b.toFixed(6)),
});

/** `a + b·c` written with the sign folded in: `0.321 − 1·4`. */
const plus = (a: number, b: number, c?: number) =>
  `${f(a)} ${b < 0 ? '−' : '+'} ${Math.abs(b)}${c === undefined ? '' : `·${c}`}`;

/** The lines of one step of the trace: the sample, its activation, and the update (if any). */
function describeStep(s: PerceptronStep, lr: number): string[] {
  const w = s.before;
  const sum = `${f(w.w1)}·${s.x[0]} ${w.w2 < 0 ? '−' : '+'} ${f(Math.abs(w.w2))}·${s.x[1]} ${w.b < 0 ? '−' : '+'} ${f(Math.abs(w.b))}`;
  const head = `sample ${s.sample + 1}  x = (${s.x.join(', ')})  y = ${sgn(s.y)}   w·x + b = ${sum} = ${f(s.activation)}   ŷ = ${sgn(s.prediction)}`;
  if (!s.updated) return [`${head}  ✓`];
  const step = lr * s.y;
  return [
    `${head}  ✗`,
    `      w1 ← w1 + lr·y·x1 = ${plus(w.w1, step, s.x[0])} = ${f(s.after.w1)}`,
    `      w2 ← w2 + lr·y·x2 = ${plus(w.w2, step, s.x[1])} = ${f(s.after.w2)}`,
    `      b  ← b + lr·y     = ${plus(w.b, step)} = ${f(s.after.b)}`,
  ];
}

/** The whole run as a worked trace, epoch by epoch. */
function trace(run: PerceptronRun, lr: number): string[] {
  const lines = [
    '✓ = correct (no change); ✗ = misclassified, y·(w·x + b) ≤ 0: w ← w + lr·y·x, b ← b + lr·y',
    `Initial weights (uniform(−1, 1)): ${weights(run.initial)}`,
  ];
  for (const [e, errors] of run.errorsPerEpoch.entries()) {
    const steps = run.steps.filter((st) => st.epoch === e + 1);
    lines.push(`Epoch ${e + 1}`);
    for (const s of steps) lines.push(...describeStep(s, lr).map((l) => `  ${l}`));
    lines.push(
      `  → ${errors} misclassification${errors === 1 ? '' : 's'}; weights now ${weights(steps.at(-1)!.after)}`,
    );
  }
  return lines;
}

/** The line w1·x1 + w2·x2 + b = 0 over x1 in `range` (vertical when w2 ≈ 0). */
function boundary(w: PerceptronWeights, range: readonly [number, number]) {
  if (Math.abs(w.w2) < 1e-12) return { x: [-w.b / w.w1, -w.b / w.w1], y: [-100, 100] };
  return { x: [...range], y: range.map((x1) => -(w.w1 * x1 + w.b) / w.w2) };
}

function run(ctx: LabContext): void {
  const lr = Number(ctx.config.lr);
  const data = loadPerceptronEeg();
  const x = data.features.toArray() as number[][];
  const y = Array.from(data.targets!.dataSync());
  ctx.table(
    'The EEG toy set: two electrode readings and the class of each recording',
    x.map((xi, i) => ({
      sample: i + 1,
      electrode1: xi[0]!,
      electrode2: xi[1]!,
      class: sgn(y[i]!),
    })),
  );

  const result = trainPerceptron(x, y, {
    lr,
    maxEpochs: ctx.config.epochs,
    generator: ctx.generator,
  });
  const { initial, final, steps, errorsPerEpoch, convergedEpoch } = result;
  const updates = steps.filter((s) => s.updated);

  ctx.log(`Perceptron rule, lr = ${lr}, up to ${ctx.config.epochs} epochs`);
  const lines = trace(result, lr);
  for (const line of lines) ctx.log(line);
  ctx.log(
    convergedEpoch
      ? `Converged in epoch ${convergedEpoch} after ${updates.length} updates: ${weights(final)}`
      : `Did not converge in ${ctx.config.epochs} epochs (${errorsPerEpoch.at(-1)} errors in the last): ${weights(final)}`,
  );

  ctx.code(
    [...lines, `Final weights: ${weights(final)}`].join('\n'),
    'Worked solution: every sample visit, its activation, and every weight update',
  );
  ctx.table(
    'Misclassifications and weights at the end of each epoch',
    errorsPerEpoch.map((errors, e) => {
      const w = steps.filter((s) => s.epoch === e + 1).at(-1)!.after;
      return { epoch: e + 1, errors, w1: f(w.w1), w2: f(w.w2), b: f(w.b) };
    }),
  );

  const epochs = errorsPerEpoch.map((_, i) => i + 1);
  ctx.figure(
    'errors-per-epoch',
    lineChart({
      series: [{ name: 'misclassifications', x: epochs, y: errorsPerEpoch, marker: true }],
      title: 'Misclassifications per epoch',
      xLabel: 'epoch',
      yLabel: 'misclassified samples',
      yDomain: [0, x.length],
      legendPosition: 'none',
    }),
    `How many of the ${x.length} samples the perceptron got wrong (and so updated on) in each epoch; training stops at the first epoch with none.`,
  );
  const visit = [0, ...steps.map((_, i) => i + 1)];
  const track = (k: keyof PerceptronWeights) => [initial[k], ...steps.map((s) => s.after[k])];
  ctx.figure(
    'weight-trajectories',
    lineChart({
      series: [
        { name: 'w1', x: visit, y: track('w1') },
        { name: 'w2', x: visit, y: track('w2') },
        { name: 'b', x: visit, y: track('b'), dash: true },
      ],
      title: 'Weights after each sample visit',
      xLabel: `sample visits (${x.length} per epoch)`,
      yLabel: 'value',
      markers: false,
    }),
    'Each step in a curve is one update (a misclassified sample); the curves go flat once every sample is classified correctly — the weights have converged.',
  );
  const range = [0, 6] as const;
  ctx.figure(
    'separating-line',
    scatterPlot({
      x: x.map((p) => p[0]!),
      y: x.map((p) => p[1]!),
      labels: y.map((v) => (v > 0 ? 1 : 0)),
      classNames: ['class −1', 'class +1'],
      lines: [
        { ...boundary(initial, range), name: 'initial line', color: '#999999', dash: true },
        { ...boundary(final, range), name: 'final line w·x + b = 0', color: '#222222' },
      ],
      title: `Final boundary: ${f(final.w1)}·x1 + ${f(final.w2)}·x2 + ${f(final.b)} = 0`,
      xLabel: 'electrode 1',
      yLabel: 'electrode 2',
      xDomain: range,
      yDomain: [0, 6.5],
      legendPosition: 'top-left',
    }),
    'The data with the random initial line (dashed) and the learned separating line (solid): the +1 recordings lie on one side, the −1 recordings on the other.',
  );

  const norm = Math.hypot(final.w1, final.w2);
  const margins = x.map((xi, i) => (y[i]! * activation(final, xi)) / norm);
  const minMargin = Math.min(...margins);
  const closest = margins.indexOf(minMargin);
  const correct = margins.filter((m) => m > 0).length;
  ctx.metric('lr', lr);
  ctx.metric('initial_weights', rounded(initial));
  ctx.metric('final_weights', rounded(final));
  ctx.metric('errors_per_epoch', errorsPerEpoch);
  ctx.metric('converged', convergedEpoch !== null);
  ctx.metric('epochs_to_converge', convergedEpoch);
  ctx.metric('total_updates', updates.length);
  ctx.metric('final_errors', errorsPerEpoch.at(-1)!);
  ctx.metric('training_accuracy', correct / x.length);
  ctx.metric('min_margin', Number(minMargin.toFixed(6)));

  ctx.observe(
    convergedEpoch
      ? `The rule converged: errors per epoch went ${errorsPerEpoch.join(' → ')}, so epoch ${convergedEpoch} was the first with no mistake, after ${updates.length} weight updates in ${steps.length} sample visits.`
      : `The rule did not converge within ${ctx.config.epochs} epochs: errors per epoch ended at ${errorsPerEpoch.at(-1)}.`,
  );
  const perSample = x.map((_, i) => updates.filter((s) => s.sample === i).length);
  const movers = perSample
    .map((n, i) => ({ n, i }))
    .filter((m) => m.n > 0)
    .sort((p, q) => q.n - p.n)
    .map((m) => `sample ${m.i + 1} (${m.n}×, class ${sgn(y[m.i]!)})`);
  ctx.observe(
    `The weights moved from (${f(initial.w1)}, ${f(initial.w2)}, ${f(initial.b)}) to (${f(final.w1)}, ${f(final.w2)}, ${f(final.b)}); the ${updates.length} updates came from ${movers.join(', ')} — ${perSample.filter((n) => n === 0).length} of the ${x.length} samples never caused one.`,
  );
  ctx.observe(
    `The final line classifies ${correct} of ${x.length} recordings correctly; the closest is sample ${closest + 1} (x = (${x[closest]!.join(', ')})) at a distance of ${minMargin.toFixed(3)} from the line${minMargin < 0.3 ? ' — a thin margin: the perceptron stops at the first separating line, not the widest one' : ''}.`,
  );
}

export const perceptronEeg: LabDefinition = {
  id: 'perceptron-eeg',
  title: 'Perceptron learning rule on EEG recordings',
  description:
    'Rosenblatt’s perceptron on a two-electrode EEG toy set: every update printed, errors per epoch, separating line',
  aim: 'Train a perceptron with the perceptron learning rule to separate two classes of EEG recordings from two electrodes, follow every weight update, and show that the rule converges to a separating line.',
  procedure: [
    'Load the six recordings x = [[2,3],[1,4],[2,4],[4,2],[5,1],[4,3]] with classes y = [+1,+1,+1,−1,−1,−1].',
    'Draw w1, w2 and the bias b uniformly from (−1, 1) with the seeded generator.',
    'Visit the samples in order; a sample is misclassified when y·(w·x + b) ≤ 0, and then w ← w + lr·y·x, b ← b + lr·y (lr = 1.0 by default).',
    'Count the misclassifications of each epoch and stop after the first epoch with none (at most --epochs epochs, 100 by default).',
    'Print every step, plot the errors per epoch, the weight trajectories, and the data with the final separating line.',
  ],
  flags: [
    {
      name: 'lr',
      type: 'number',
      help: 'learning rate of the perceptron rule',
      default: 1,
      min: 1e-9,
    },
  ],
  epochs: { full: 100, quick: 100 },
  fullRunTime: 'under 1 s',
  source: import.meta.url,
  run,
};
