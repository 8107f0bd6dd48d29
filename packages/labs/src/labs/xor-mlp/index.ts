/**
 * Lab: an XOR multi-layer perceptron written with the tensor package only.
 *
 * Everything a framework would do is spelled out in tensor-mlp.ts: Xavier
 * initialisation, the sigmoid forward pass, the mean-squared-error loss, the
 * backward pass by the chain rule, and the gradient-descent update — no
 * autograd. Part 1 trains a 2-4-1 network for 10 000 epochs; Part 2 adds a
 * second hidden layer of 4 units (2-4-4-1) and compares the two.
 */
import { xor } from '@gradlab/datasets';
import { saveSafetensors } from '@gradlab/nn';
import type { NDArray } from '@gradlab/tensor';
import { barChart, decisionRegions, lineChart, subplots } from '@gradlab/viz';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import {
  type DenseLayer,
  forward,
  gradientCheck,
  initMlp,
  parameterCount,
  train,
} from './tensor-mlp.js';

const INPUTS = ['(0, 0)', '(0, 1)', '(1, 0)', '(1, 1)'];
const KEYS = ['x00', 'x01', 'x10', 'x11'];

interface NetResult {
  name: string;
  sizes: number[];
  layers: DenseLayer[];
  losses: number[];
  predictions: number[];
  /** First epoch whose predictions were all within 0.1 of the targets, or null. */
  within01: number | null;
  gradCheck: number;
  seconds: number;
}

function trainNet(
  ctx: LabContext,
  sizes: number[],
  x: NDArray,
  y: NDArray,
  targets: number[],
): NetResult {
  const { epochs } = ctx.config;
  const lr = Number(ctx.config.lr);
  const name = sizes.join('-');
  const layers = initMlp(sizes, ctx.generator);
  const gradCheck = gradientCheck(layers, x, y);
  const bar = ctx.progress(`${name} MLP`, epochs);
  const every = Math.max(1, Math.floor(epochs / 10));
  let within01: number | null = null;
  const t0 = performance.now();
  ctx.log(`${name} sigmoid MLP, ${parameterCount(layers)} parameters, lr ${lr}, ${epochs} epochs`);
  ctx.log(
    `  backward() vs finite differences at the initial weights: max |Δ| = ${gradCheck.toExponential(2)}`,
  );
  const losses = train(layers, x, y, {
    epochs,
    lr,
    onEpoch: (epoch, loss, yHat) => {
      if (within01 === null) {
        const p = yHat.dataSync();
        if (targets.every((t, i) => Math.abs(p[i]! - t) < 0.1)) within01 = epoch;
      }
      if (epoch % 100 === 0 || epoch === epochs) bar.tick({ loss }, epoch % 100 || 100);
      if (epoch % every === 0 || epoch === 1)
        ctx.log(`  epoch ${String(epoch).padStart(6)}: MSE ${loss.toFixed(6)}`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const predictions = Array.from(forward(layers, x).at(-1)!.dataSync());
  ctx.log(
    `  predictions: [${predictions.map((p) => p.toFixed(4)).join(', ')}] in ${seconds.toFixed(1)} s`,
  );
  return { name, sizes, layers, losses, predictions, within01, gradCheck, seconds };
}

function regionPanel(net: NetResult, labels: number[]) {
  const { layers } = net;
  return decisionRegions({
    fn: (x1, x2) => {
      let a = [x1, x2];
      for (const { W, b } of layers) {
        const w = W.toArray() as number[][];
        const bias = b.dataSync();
        a = Array.from(
          bias,
          (bj, j) => 1 / (1 + Math.exp(-(bj + a.reduce((s, ai, i) => s + ai * w[i]![j]!, 0)))),
        );
      }
      return a[0]!;
    },
    xRange: [-0.5, 1.5],
    yRange: [-0.5, 1.5],
    resolution: 50,
    kind: 'probability',
    points: { x: [0, 0, 1, 1], y: [0, 1, 0, 1], labels },
    classNames: ['XOR = 0', 'XOR = 1'],
    title: `${net.name}: P(XOR = 1)`,
    xLabel: 'x1',
    yLabel: 'x2',
    width: 380,
    height: 340,
  });
}

function run(ctx: LabContext): void {
  const data = xor();
  const x = data.features.to('float64');
  const y = data.targets!.to('float64');
  const targets = Array.from(y.dataSync());
  const shallow = trainNet(ctx, [2, 4, 1], x, y, targets);
  const deep = trainNet(ctx, [2, 4, 4, 1], x, y, targets);
  const nets = [shallow, deep];
  for (const net of nets) {
    const tensors: Record<string, NDArray> = {};
    net.layers.forEach((l, i) => {
      tensors[`W${i + 1}`] = l.W;
      tensors[`b${i + 1}`] = l.b;
    });
    saveSafetensors(
      ctx.outPath(net === shallow ? 'model.safetensors' : 'model-deep.safetensors'),
      tensors,
      {
        format: 'gradlab',
        model: `${net.name} sigmoid MLP (W: [in, out])`,
      },
    );
  }

  ctx.table(
    'Final predictions against the XOR targets',
    INPUTS.map((input, i) => ({
      input,
      target: targets[i]!,
      '2-4-1': shallow.predictions[i]!.toFixed(4),
      '2-4-4-1': deep.predictions[i]!.toFixed(4),
    })),
  );
  ctx.table(
    'The two networks compared',
    nets.map((n) => ({
      network: n.name,
      parameters: parameterCount(n.layers),
      'final MSE': n.losses.at(-1)!.toExponential(2),
      'max |ŷ − y|': Math.max(...n.predictions.map((p, i) => Math.abs(p - targets[i]!))).toFixed(4),
      'epochs until all |ŷ − y| < 0.1': n.within01 ?? 'not reached',
      'training time (s)': n.seconds.toFixed(2),
      'gradient check max |Δ|': n.gradCheck.toExponential(1),
    })),
  );
  ctx.figure(
    'loss-curves',
    lineChart({
      series: nets.map((n, i) => ({ name: `${n.name} MLP`, y: n.losses, dash: i === 1 })),
      title: 'Training loss (MSE)',
      xLabel: 'epoch',
      yLabel: 'MSE',
      yScale: 'log',
      markers: false,
    }),
    `Mean squared error per epoch on a log scale. The 2-4-1 network falls from ${shallow.losses[0]!.toFixed(3)} to ${shallow.losses.at(-1)!.toExponential(1)}, the 2-4-4-1 network from ${deep.losses[0]!.toFixed(3)} to ${deep.losses.at(-1)!.toExponential(1)}; both first sit near the plateau at 0.25 (predicting 0.5 everywhere).`,
  );
  ctx.figure(
    'predictions',
    barChart({
      categories: INPUTS,
      series: [
        { name: 'target', values: targets, color: '#999999' },
        { name: '2-4-1', values: shallow.predictions },
        { name: '2-4-4-1', values: deep.predictions },
      ],
      title: 'Final predictions',
      xLabel: 'input (x1, x2)',
      yLabel: 'ŷ',
      yDomain: [0, 1.1],
      decimals: 3,
    }),
    'Each input’s target and the two networks’ outputs after training.',
  );
  const labels = targets.map((t) => (t > 0.5 ? 1 : 0));
  ctx.figure(
    'decision-regions',
    subplots([regionPanel(shallow, labels), regionPanel(deep, labels)], { cols: 2 }),
    'P(XOR = 1) over the input plane for both networks: two boundary curves put (0, 1) and (1, 0) in one region and (0, 0) and (1, 1) in the other, which no single line can do.',
  );

  for (const n of nets) {
    const key = n.name.replace(/-/g, '_');
    ctx.metric(
      `predictions_${key}`,
      Object.fromEntries(KEYS.map((k, i) => [k, Number(n.predictions[i]!.toFixed(5))])),
    );
    ctx.metric(
      `max_abs_error_${key}`,
      Math.max(...n.predictions.map((p, i) => Math.abs(p - targets[i]!))),
    );
    ctx.metric(`final_loss_${key}`, n.losses.at(-1)!);
    ctx.metric(`initial_loss_${key}`, n.losses[0]!);
    ctx.metric(`epochs_within_0_1_${key}`, n.within01);
    ctx.metric(`parameters_${key}`, parameterCount(n.layers));
    ctx.metric(`gradient_check_${key}`, n.gradCheck);
    ctx.metric(`train_seconds_${key}`, Number(n.seconds.toFixed(3)));
  }
  ctx.metric('lr', Number(ctx.config.lr));

  const plateau = (l: number[]) => l.findIndex((v) => v < 0.2);
  for (const n of nets) {
    const drop = n.losses[0]! - n.losses.at(-1)!;
    const at90 = n.losses.findIndex((v) => n.losses[0]! - v >= 0.9 * drop);
    ctx.observe(
      `${n.name}: the MSE fell from ${n.losses[0]!.toFixed(4)} to ${n.losses.at(-1)!.toExponential(2)}; 90 % of that drop was done by epoch ${at90 + 1}, after leaving the 0.25 plateau around epoch ${plateau(n.losses) + 1}. ${n.within01 ? `All four predictions were within 0.1 of their targets from epoch ${n.within01}` : 'The predictions never all came within 0.1 of the targets'}; the largest final error is ${Math.max(...n.predictions.map((p, i) => Math.abs(p - targets[i]!))).toFixed(4)}.`,
    );
  }
  const [p1, p2] = [plateau(shallow.losses) + 1, plateau(deep.losses) + 1];
  const [f1, f2] = [shallow.losses.at(-1)!, deep.losses.at(-1)!];
  const reach =
    deep.within01 && shallow.within01
      ? `It reached the 0.1 tolerance ${deep.within01 < shallow.within01 ? 'earlier' : 'later'} (epoch ${deep.within01} against ${shallow.within01})`
      : `Tolerance 0.1 reached: 2-4-1 ${shallow.within01 ? `at epoch ${shallow.within01}` : 'never'}, 2-4-4-1 ${deep.within01 ? `at epoch ${deep.within01}` : 'never'}`;
  const why =
    p2 > p1
      ? `: it stayed on the 0.25 plateau longer (until epoch ${p2} against ${p1}), since the gradient reaching its first layer passes through one more sigmoid derivative (each ≤ 0.25)`
      : '';
  const end =
    f2 < f1
      ? `once off the plateau it fitted the four points more tightly, ending at MSE ${f2.toExponential(2)} against ${f1.toExponential(2)}`
      : `it ended at MSE ${f2.toExponential(2)} against ${f1.toExponential(2)}, no better than one hidden layer`;
  ctx.observe(
    `Part 2 — the second hidden layer: ${parameterCount(deep.layers)} parameters instead of ${parameterCount(shallow.layers)}, ${(deep.seconds / shallow.seconds).toFixed(1)}× the training time. ${reach}${why}; ${end}.`,
  );
  ctx.observe(
    `The hand-written backward pass matches finite differences of the loss to ${Math.max(shallow.gradCheck, deep.gradCheck).toExponential(1)} for both networks, so the training above follows the true gradient.`,
  );
}

export const xorMlp: LabDefinition = {
  id: 'xor-mlp',
  title: 'XOR with an MLP written on tensors only',
  description:
    'A 2-4-1 sigmoid MLP for XOR with hand-written init, forward, MSE, backward and update (no autograd); then a second hidden layer',
  aim: 'Implement a multi-layer perceptron from scratch with tensor operations only — initialisation, forward pass, mean-squared-error loss, backward pass and gradient-descent update — train it on XOR, and see what a second hidden layer changes.',
  procedure: [
    'XOR inputs (0,0), (0,1), (1,0), (1,1) with targets 0, 1, 1, 0, as float64 tensors.',
    'Initialise W_l uniform in ±√(6 / (in + out)) (Xavier) and b_l = 0; forward a_l = σ(a_(l−1)·W_l + b_l).',
    'Loss MSE = mean((ŷ − y)²); backward δ_L = 2(ŷ − y)/n ⊙ ŷ(1 − ŷ), ∂L/∂W_l = a_(l−1)ᵀ·δ_l, ∂L/∂b_l = Σ δ_l, δ_(l−1) = δ_l·W_lᵀ ⊙ a_(l−1)(1 − a_(l−1)); check it against finite differences.',
    'Full-batch gradient descent W ← W − lr·∂L/∂W with lr 0.5 (--lr) for 10 000 epochs (--epochs).',
    'Part 2: the same with a second hidden layer of 4 units (2-4-4-1); compare loss curves, predictions, epochs to reach the tolerance and time.',
  ],
  flags: [
    {
      name: 'lr',
      type: 'number',
      help: 'learning rate of gradient descent',
      default: 0.5,
      min: 1e-9,
    },
  ],
  epochs: { full: 10000, quick: 5000 },
  fullRunTime: 'about 5 s',
  source: import.meta.url,
  run,
};
