/**
 * Lab: what the hidden layer of an XOR network does.
 *
 * A 2-2-1 network (tanh hidden units, sigmoid output) learns XOR with
 * cross-entropy and plain gradient descent (lr 0.1, 3000 steps). No straight
 * line separates XOR in the input plane, so the hidden layer has to move the
 * four inputs to places in its own (h1, h2) plane where one line — the
 * output unit's decision boundary — does. Snapshots at steps 0, 500, …, 3000
 * show that plane and the decision regions in input space. Part 2 removes the
 * tanh: the hidden layer is then linear, the whole network is a linear
 * classifier, and it fails.
 */
import { Tensor } from '@gradlab/autograd';
import { xor } from '@gradlab/datasets';
import { binaryCrossEntropy, saveModule } from '@gradlab/nn';
import { SGD } from '@gradlab/optim';
import { Generator } from '@gradlab/tensor';
import { decisionRegions, lineChart, subplots } from '@gradlab/viz';
import { fit } from '../../lib/train.js';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { type Snapshot, XorNet } from './xor-net.js';

const CLASSES = ['XOR = 0', 'XOR = 1'];
const r3 = (v: number) => Number(v.toFixed(3));
/** The output unit's line v1·h1 + v2·h2 + c = 0, signs folded in. */
const line = (s: Snapshot) =>
  `${s.v[0].toFixed(2)}·h1 ${s.v[1] < 0 ? '−' : '+'} ${Math.abs(s.v[1]).toFixed(2)}·h2 ${s.c < 0 ? '−' : '+'} ${Math.abs(s.c).toFixed(2)} = 0`;

/**
 * Trains one network with full-batch gradient descent on XOR and takes a
 * snapshot every `every` steps (step 0 included).
 */
export async function trainXor(
  activation: 'tanh' | 'none',
  options: { seed: number; lr: number; steps: number; every: number; onStep?: () => void },
): Promise<{ model: XorNet; losses: number[]; snapshots: Snapshot[] }> {
  const data = xor();
  const y = Array.from(data.targets!.dataSync());
  const x = new Tensor(data.features);
  // The same seed gives both variants the same initial weights.
  const model = new XorNet(activation, new Generator(options.seed));
  const snapshots = [model.snapshot(0, x, y)];
  const history = await fit({
    model,
    optimizer: new SGD(model.parameters(), { lr: options.lr }),
    loss: (out, target) => binaryCrossEntropy(out, target),
    train: [[data.features, data.targets!]],
    epochs: options.steps,
    onEpochEnd: (step) => {
      options.onStep?.();
      if (step % options.every === 0 || step === options.steps)
        snapshots.push(model.snapshot(step, x, y));
    },
  });
  return { model, losses: history.trainLoss, snapshots };
}

function hiddenPanel(
  s: Snapshot,
  labels: number[],
  range: { x: [number, number]; y: [number, number] },
  legend: boolean,
) {
  return decisionRegions({
    fn: (h1, h2) => 1 / (1 + Math.exp(-(s.v[0] * h1 + s.v[1] * h2 + s.c))),
    xRange: range.x,
    yRange: range.y,
    resolution: 60,
    kind: 'probability',
    points: { x: s.hidden.map((h) => h[0]), y: s.hidden.map((h) => h[1]), labels },
    classNames: CLASSES,
    title: `step ${s.step}: loss ${s.loss.toFixed(3)}`,
    xLabel: 'h1',
    yLabel: 'h2',
    legendPosition: legend ? 'auto' : 'none',
    width: 300,
    height: 290,
  });
}

function inputPanel(s: Snapshot, labels: number[], legend: boolean) {
  return decisionRegions({
    fn: s.predict,
    xRange: [-0.5, 1.5],
    yRange: [-0.5, 1.5],
    resolution: 60,
    kind: 'probability',
    points: { x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels },
    classNames: CLASSES,
    title: `step ${s.step}: accuracy ${s.accuracy.toFixed(2)}`,
    xLabel: 'x1',
    yLabel: 'x2',
    legendPosition: legend ? 'auto' : 'none',
    width: 300,
    height: 290,
  });
}

/** A range around one coordinate of the points, for the unbounded hidden values of the linear net. */
function rangeAround(points: [number, number][], k: 0 | 1): [number, number] {
  const v = points.map((p) => p[k]);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = Math.max(0.25, (hi - lo) * 0.25);
  return [lo - pad, hi + pad];
}

async function run(ctx: LabContext): Promise<void> {
  const steps = ctx.config.epochs;
  const lr = Number(ctx.config.lr);
  const every = Math.max(1, Math.round(steps / 6));
  const labels = Array.from(xor().targets!.dataSync());
  const bar = ctx.progress('training (tanh, then linear)', 2 * steps);
  const opts = { seed: ctx.config.seed, lr, steps, every, onStep: () => bar.tick() };
  const tanhRun = await trainXor('tanh', opts);
  const linRun = await trainXor('none', opts);
  saveModule(tanhRun.model, ctx.outPath('model.safetensors'));
  saveModule(linRun.model, ctx.outPath('model-linear.safetensors'));

  const snaps = tanhRun.snapshots;
  const last = snaps.at(-1)!;
  const linLast = linRun.snapshots.at(-1)!;
  ctx.log(
    `2-2-1 XOR network, tanh hidden units, cross-entropy, gradient descent lr ${lr}, ${steps} steps`,
  );
  for (const s of snaps) {
    ctx.log(
      `  step ${String(s.step).padStart(5)}: loss ${s.loss.toFixed(4)}, accuracy ${s.accuracy.toFixed(2)}, outputs [${s.output.map((p) => p.toFixed(3)).join(', ')}]`,
    );
  }
  ctx.log(
    `Without the hidden activation: loss ${linLast.loss.toFixed(4)}, accuracy ${linLast.accuracy.toFixed(2)}`,
  );

  const pair = (h: [number, number]) =>
    h.map((v) => v.toFixed(2).replace('-', '−')).join(',\u00a0');
  ctx.table(
    'Snapshots of the tanh network: loss, accuracy and the four inputs’ hidden values (h1, h2)',
    snaps.map((s) => ({
      step: s.step,
      loss: r3(s.loss),
      accuracy: s.accuracy,
      ...Object.fromEntries(
        ['(0,0)', '(0,1)', '(1,0)', '(1,1)'].map((k, i) => [`h${k}`, pair(s.hidden[i]!)]),
      ),
    })),
  );
  const merged = Math.hypot(
    last.hidden[1]![0] - last.hidden[2]![0],
    last.hidden[1]![1] - last.hidden[2]![1],
  );
  ctx.figure(
    'hidden-space',
    subplots(
      snaps.map((s, i) => hiddenPanel(s, labels, { x: [-1.1, 1.1], y: [-1.1, 1.1] }, i === 0)),
      {
        cols: 4,
        title: 'The four inputs in the hidden (h1, h2) plane, with the output unit’s boundary',
      },
    ),
    `Each panel is the hidden layer’s plane at one step: the four inputs mapped to (h1, h2) = tanh(W·x + b), shaded by the output unit’s P(XOR = 1), with its decision line P = 0.5. At step 0 the two classes are mixed; by step ${last.step} the hidden layer has moved them so that one line separates them.${merged < 0.05 ? ` The inputs (0, 1) and (1, 0) end up at the same hidden point (${last.hidden[1]!.map((v) => v.toFixed(2)).join(', ')}), so only three dots are visible.` : ''}`,
  );
  ctx.figure(
    'input-space',
    subplots(
      snaps.map((s, i) => inputPanel(s, labels, i === 0)),
      { cols: 4, title: 'Decision regions in the input (x1, x2) plane' },
    ),
    'The same snapshots seen from the input plane: the boundary bends into the band (or two lines) that XOR needs, which a single neuron cannot draw.',
  );
  ctx.figure(
    'loss-curves',
    lineChart({
      series: [
        { name: 'tanh hidden layer', y: tanhRun.losses },
        { name: 'no hidden activation', y: linRun.losses, dash: true },
      ],
      title: 'Training loss (cross-entropy)',
      xLabel: 'step',
      yLabel: 'loss',
      yScale: 'log',
      markers: false,
    }),
    `The tanh network’s loss falls from ${tanhRun.losses[0]!.toFixed(3)} to ${last.loss.toFixed(3)}; without the activation it stalls at ${linLast.loss.toFixed(3)} (ln 2 = 0.693 is the loss of answering 0.5 everywhere).`,
  );
  ctx.figure(
    'linear-hidden-space',
    subplots(
      [
        hiddenPanel(
          linLast,
          labels,
          { x: rangeAround(linLast.hidden, 0), y: rangeAround(linLast.hidden, 1) },
          true,
        ),
        inputPanel(linLast, labels, false),
      ],
      { cols: 2, title: `Part 2 — no hidden activation, step ${linLast.step}` },
    ),
    'Without tanh the hidden layer is a linear map: the four inputs stay the corners of a parallelogram (left), whose diagonals — the two classes — no line can split, so the input-space boundary is a straight line (right).',
  );

  const firstPerfect = snaps.find((s) => s.accuracy === 1)?.step ?? null;
  const stepToHalf = tanhRun.losses.findIndex((l) => l < tanhRun.losses[0]! / 2);
  const minMarginHidden = Math.min(
    ...last.hidden.map(
      (h, i) =>
        ((labels[i] ? 1 : -1) * (last.v[0] * h[0] + last.v[1] * h[1] + last.c)) /
        Math.hypot(...last.v),
    ),
  );
  ctx.metric('lr', lr);
  ctx.metric('steps', steps);
  ctx.metric('final_loss', last.loss);
  ctx.metric('accuracy', last.accuracy);
  const byInput = (v: number[]) =>
    Object.fromEntries(['x00', 'x01', 'x10', 'x11'].map((k, i) => [k, Number(v[i]!.toFixed(4))]));
  ctx.metric('predictions', byInput(last.output));
  ctx.metric(
    'snapshots',
    Object.fromEntries(
      snaps.map((s) => [
        `step_${s.step}`,
        { loss: Number(s.loss.toFixed(4)), accuracy: s.accuracy },
      ]),
    ),
  );
  ctx.metric('hidden_margin', minMarginHidden);
  ctx.metric('linear_final_loss', linLast.loss);
  ctx.metric('linear_accuracy', linLast.accuracy);
  ctx.metric('linear_predictions', byInput(linLast.output));

  ctx.observe(
    `With tanh the loss fell from ${tanhRun.losses[0]!.toFixed(3)} to ${last.loss.toFixed(3)} in ${steps} steps (half of the initial loss was gone by step ${stepToHalf >= 0 ? stepToHalf + 1 : 'never'}); accuracy was ${snaps.map((s) => s.accuracy.toFixed(2)).join(' → ')} at the snapshots${firstPerfect !== null ? `, 1.00 from step ${firstPerfect} on` : ''}.`,
  );
  ctx.observe(
    last.accuracy === 1
      ? `In the hidden plane the four points end up on the correct sides of the output line ${line(last)}, the nearest at distance ${minMarginHidden.toFixed(2)}: the hidden layer made XOR linearly separable. Final outputs: [${last.output.map((p) => p.toFixed(3)).join(', ')}].`
      : `This seed ended in a poor local minimum (accuracy ${last.accuracy.toFixed(2)}, outputs [${last.output.map((p) => p.toFixed(3)).join(', ')}]): with only two hidden units XOR has such minima; another --seed or more steps usually escape it.`,
  );
  ctx.observe(
    `Without the hidden activation the network is σ(linear(x)): after ${steps} steps its loss is ${linLast.loss.toFixed(3)} (ln 2 = 0.693) and it classifies ${Math.round(linLast.accuracy * 4)} of 4 inputs correctly, outputs [${linLast.output.map((p) => p.toFixed(3)).join(', ')}] — no better than a straight line can do on XOR (at most 3 of 4).`,
  );
}

export const xorHiddenSpace: LabDefinition = {
  id: 'xor-hidden-space',
  title: 'XOR in the hidden layer’s space',
  description:
    'A 2-2-1 tanh network learning XOR: the inputs in the hidden plane and the decision regions every 500 steps; without tanh it fails',
  aim: 'See how a hidden layer makes XOR linearly separable: follow the four inputs through the hidden units of a 2-2-1 network during training, and show that the same network without a hidden activation cannot learn XOR.',
  procedure: [
    'Network: 2 inputs → 2 tanh hidden units → 1 sigmoid output, PyTorch’s default initialisation from --seed.',
    'Loss: binary cross-entropy over the four XOR inputs; full-batch gradient descent, lr 0.1 (--lr), 3000 steps (--epochs).',
    'At steps 0, 500, …, 3000 (every sixth of the run): map the four inputs into the hidden (h1, h2) plane and draw the output unit’s decision boundary there; draw the decision regions in the input plane.',
    'Part 2: the same network and initial weights without the tanh (a linear hidden layer), trained the same way.',
  ],
  flags: [
    {
      name: 'lr',
      type: 'number',
      help: 'learning rate of gradient descent',
      default: 0.1,
      min: 1e-9,
    },
  ],
  epochs: { full: 3000, quick: 1500 },
  fullRunTime: 'about 4 s',
  source: import.meta.url,
  run,
};
