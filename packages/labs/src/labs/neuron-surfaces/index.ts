/**
 * Lab: the loss surfaces of a single sigmoid neuron.
 *
 * One neuron with input x = 1 and target y = 0.5, over a grid of weight w and
 * bias b in [−6, 6]: 3-D surfaces of its output σ(w + b), of the L2 loss
 * (ŷ − y)² and its gradient with respect to w, and of the cross-entropy loss
 * and its gradient. The gradients come from autograd and are checked against
 * the closed forms. Where the sigmoid saturates, the L2 gradient carries the
 * factor ŷ(1 − ŷ) ≈ 0 and vanishes, while cross-entropy's gradient (ŷ − y)
 * does not: the written comparison and a gradient-descent race show it.
 */
import { lineChart, surface3d } from '@gradlab/viz';
import type { LabContext, LabDefinition } from '../../runner/lab.js';
import { descend, neuronSurfaces as evaluateGrid, grid, maxAbsDiff } from './surfaces.js';

const RANGE = [-6, 6] as const;
const X = 1;
const START = { w: 4, b: 4 };

const flat = (g: readonly number[][]) => g.flat();
const maxAbs = (g: readonly number[][]) => Math.max(...flat(g).map(Math.abs));
const frac = (g: readonly number[][], pred: (v: number) => boolean) =>
  flat(g).filter(pred).length / flat(g).length;
const r4 = (v: number) => Number(v.toPrecision(4));
const pc = (v: number) => `${(100 * v).toFixed(0)} %`;

function run(ctx: LabContext): void {
  const n = Number(ctx.config.grid ?? (ctx.config.quick ? 25 : 49));
  const y = Number(ctx.config.target);
  if (!(y >= 0 && y <= 1)) throw new Error(`neuron-surfaces: --target must be in [0, 1]; got ${y}`);
  const w = grid(RANGE[0], RANGE[1], n);
  const s = evaluateGrid(w, w, X, y);
  ctx.log(`Neuron ŷ = σ(w·x + b), x = ${X}, target y = ${y}, ${n}×${n} grid of (w, b) in [−6, 6]²`);

  const diffL2 = maxAbsDiff(s.l2GradW, s.l2GradWExact);
  const diffCe = maxAbsDiff(s.ceGradW, s.ceGradWExact);
  const diffB = Math.max(maxAbsDiff(s.l2GradB, s.l2GradW), maxAbsDiff(s.ceGradB, s.ceGradW));
  ctx.log(
    `autograd vs closed form: max |Δ| = ${diffL2.toExponential(2)} (L2), ${diffCe.toExponential(2)} (cross-entropy)`,
  );
  ctx.table('Autograd against the closed-form gradients over the whole grid (float64)', [
    {
      loss: 'L2 (ŷ − y)²',
      'closed form ∂L/∂w': '2(ŷ − y)·ŷ(1 − ŷ)·x',
      'max |autograd − closed form|': diffL2.toExponential(2),
    },
    {
      loss: 'cross-entropy',
      'closed form ∂L/∂w': '(ŷ − y)·x',
      'max |autograd − closed form|': diffCe.toExponential(2),
    },
  ]);

  const gMax = Math.max(maxAbs(s.l2GradW), maxAbs(s.ceGradW));
  const axes = {
    x: s.w,
    y: s.b,
    xLabel: 'weight w',
    yLabel: 'bias b',
    xDomain: RANGE,
    yDomain: RANGE,
    colorBar: true,
    width: 620,
  };
  const gradDomain = [-gMax, gMax] as const;
  const surfaces = [
    [
      'output-surface',
      s.output,
      'Output ŷ = σ(w + b)',
      'ŷ',
      [0, 1],
      'The neuron’s output: a sigmoid ramp across the line w + b = 0 (where ŷ = 0.5), flat near 0 and 1 away from it.',
    ],
    [
      'l2-loss-surface',
      s.l2,
      `L2 loss (ŷ − ${y})²`,
      'loss',
      undefined,
      `The L2 loss: a valley along ŷ = ${y} and two plateaus where the sigmoid saturates, at most ${r4(Math.max(...flat(s.l2)))}.`,
    ],
    [
      'l2-gradient-surface',
      s.l2GradW,
      'L2 loss: ∂L/∂w (autograd)',
      '∂L/∂w',
      gradDomain,
      `Gradient of the L2 loss with respect to w, on the same vertical scale as the cross-entropy gradient: it never exceeds ${r4(maxAbs(s.l2GradW))} in size and dies out on both plateaus.`,
    ],
    [
      'ce-loss-surface',
      s.ce,
      `Cross-entropy loss (y = ${y})`,
      'loss',
      undefined,
      `The cross-entropy loss: the same valley, but the walls keep rising (up to ${r4(Math.max(...flat(s.ce)))}) instead of flattening.`,
    ],
    [
      'ce-gradient-surface',
      s.ceGradW,
      'Cross-entropy: ∂L/∂w (autograd)',
      '∂L/∂w',
      gradDomain,
      `Gradient of the cross-entropy loss with respect to w: (ŷ − y)·x, which levels off at ±${r4(maxAbs(s.ceGradW))} where the neuron saturates instead of vanishing.`,
    ],
  ] as const;
  for (const [name, z, title, zLabel, zDomain, caption] of surfaces) {
    ctx.figure(
      name,
      surface3d({ ...axes, z, title, zLabel, zDomain: zDomain ? [...zDomain] : undefined }),
      `${caption} Axes: w and b in [−6, 6] on every surface.`,
    );
  }

  // A slice through the grid at b = 0 shows both gradients on one axis.
  const mid = s.b.reduce((best, v, i) => (Math.abs(v) < Math.abs(s.b[best]!) ? i : best), 0);
  ctx.figure(
    'gradient-slice',
    lineChart({
      series: [
        { name: 'L2: ∂L/∂w', x: s.w, y: s.l2GradW[mid]! },
        { name: 'cross-entropy: ∂L/∂w', x: s.w, y: s.ceGradW[mid]!, dash: true },
      ],
      title: `Both gradients along b = ${r4(s.b[mid]!)}`,
      xLabel: 'weight w',
      yLabel: '∂L/∂w',
      xDomain: RANGE,
      markers: false,
    }),
    `A slice through the two gradient surfaces${y > 0 && y < 1 ? `: both vanish where ŷ = y (w = ${r4(Math.log(y / (1 - y)) - s.b[mid]!)} here)` : ''}; away from it the L2 gradient peaks at ${r4(maxAbs([s.l2GradW[mid]!]))} and decays towards zero, while the cross-entropy gradient levels off between ${r4(Math.min(...s.ceGradW[mid]!))} and ${r4(Math.max(...s.ceGradW[mid]!))}.`,
  );

  const steps = ctx.config.epochs;
  const lr = Number(ctx.config.lr);
  const raceL2 = descend('l2', START, X, y, { lr, steps });
  const raceCe = descend('ce', START, X, y, { lr, steps });
  const within = (p: number[]) => p.findIndex((v) => Math.abs(v - y) < 0.05);
  ctx.figure(
    'descent-from-saturation',
    lineChart({
      series: [
        { name: 'L2 loss', x: raceL2.map((_, i) => i), y: raceL2 },
        { name: 'cross-entropy', x: raceCe.map((_, i) => i), y: raceCe, dash: true },
        { name: `target y = ${y}`, x: [0, steps], y: [y, y], color: '#999999' },
      ],
      title: `Gradient descent from (w, b) = (${START.w}, ${START.b}), lr ${lr}`,
      xLabel: 'step',
      yLabel: 'output ŷ',
      yDomain: [0, 1.05],
      markers: false,
      legendPosition: 'bottom-right',
    }),
    `Plain gradient descent on each loss from a saturated start (ŷ = ${r4(raceL2[0]!)}): after ${steps} steps the output is ${raceCe.at(-1)!.toFixed(4)} with cross-entropy and still ${raceL2.at(-1)!.toFixed(4)} with the L2 loss, whose gradient there is almost zero.`,
  );

  // The written comparison, from this grid's numbers.
  const tiny = 0.01;
  const fracL2 = frac(s.l2GradW, (v) => Math.abs(v) < tiny);
  const fracCe = frac(s.ceGradW, (v) => Math.abs(v) < tiny);
  const corner = s.output.length - 1;
  const pCorner = s.output[corner]![corner]!;
  const gL2Corner = s.l2GradW[corner]![corner]!;
  const gCeCorner = s.ceGradW[corner]![corner]!;
  const ratio = Math.max(
    ...flat(s.l2GradW).map((v, i) => (flat(s.ceGradW)[i] === 0 ? 0 : v / flat(s.ceGradW)[i]!)),
  );
  const stepsL2 = within(raceL2);
  const stepsCe = within(raceCe);
  const comparison = [
    `Largest gradient on the grid: |∂L/∂w| ≤ ${r4(maxAbs(s.l2GradW))} for L2 against ${r4(maxAbs(s.ceGradW))} for cross-entropy.`,
    `Flat regions: |∂L/∂w| < ${tiny} on ${pc(fracL2)} of the grid for L2 but on ${pc(fracCe)} for cross-entropy (only next to the valley ŷ = y).`,
    `At the corner (w, b) = (6, 6), ŷ = ${pCorner.toFixed(6)}: the L2 gradient is ${gL2Corner.toExponential(2)}, the cross-entropy gradient ${r4(gCeCorner)} — ${Math.round(gCeCorner / gL2Corner).toLocaleString('en')} times larger, although both losses are far from their minimum there.`,
    `Why: ∂L2/∂w = 2ŷ(1 − ŷ) · ∂CE/∂w. The factor 2ŷ(1 − ŷ) is at most ${r4(ratio)} on this grid (0.5 at ŷ = 0.5) and goes to 0 as the sigmoid saturates; cross-entropy’s log cancels the sigmoid’s derivative.`,
    `Consequence for learning: from (w, b) = (${START.w}, ${START.b}) with lr ${lr}, cross-entropy brings ŷ within 0.05 of y in ${stepsCe >= 0 ? `${stepsCe} steps` : `more than ${steps} steps`}; the L2 loss ${stepsL2 >= 0 ? `needs ${stepsL2} steps` : `has not got there after ${steps} steps (ŷ = ${raceL2.at(-1)!.toFixed(4)})`}.`,
  ];
  ctx.text(`Comparison of the two losses’ gradients. ${comparison.join(' ')}`);
  for (const c of comparison) ctx.log(`  ${c}`);

  ctx.metric('grid_points', n * n);
  ctx.metric('target', y);
  ctx.metric('l2_grad_max_abs_diff', diffL2);
  ctx.metric('ce_grad_max_abs_diff', diffCe);
  ctx.metric('grad_max_abs_diff', Math.max(diffL2, diffCe));
  ctx.metric('grad_b_equals_grad_w_max_diff', diffB);
  ctx.metric('l2_grad_max_abs', maxAbs(s.l2GradW));
  ctx.metric('ce_grad_max_abs', maxAbs(s.ceGradW));
  ctx.metric('l2_grad_flat_fraction', fracL2);
  ctx.metric('ce_grad_flat_fraction', fracCe);
  ctx.metric('corner_l2_grad', gL2Corner);
  ctx.metric('corner_ce_grad', gCeCorner);
  ctx.metric('l2_loss_max', Math.max(...flat(s.l2)));
  ctx.metric('ce_loss_min', Math.min(...flat(s.ce)));
  ctx.metric('descent_steps_l2', stepsL2 >= 0 ? stepsL2 : null);
  ctx.metric('descent_steps_ce', stepsCe >= 0 ? stepsCe : null);
  ctx.metric('descent_final_output_l2', raceL2.at(-1)!);
  ctx.metric('descent_final_output_ce', raceCe.at(-1)!);

  ctx.observe(
    `Autograd’s gradients match the closed forms over all ${n * n} grid points to ${diffL2.toExponential(1)} (L2) and ${diffCe.toExponential(1)} (cross-entropy); ∂L/∂b equals ∂L/∂w everywhere (max difference ${diffB.toExponential(1)}) because x = 1.`,
  );
  const entropy = y === 0 || y === 1 ? 0 : -(y * Math.log(y) + (1 - y) * Math.log(1 - y));
  ctx.observe(
    y > 0 && y < 1
      ? `On the grid the cross-entropy loss bottoms out at ${r4(Math.min(...flat(s.ce)))} (the entropy of y, ${r4(entropy)}, is its least possible value — not 0) and the L2 loss at ${r4(Math.min(...flat(s.l2)))}, both along the line w + b = ln(y/(1 − y)) = ${r4(Math.log(y / (1 - y)))}.`
      : `With y = ${y} neither loss has a minimum on the grid: both keep falling towards ${y === 0 ? 'w + b → −∞' : 'w + b → +∞'} (smallest values ${r4(Math.min(...flat(s.ce)))} and ${r4(Math.min(...flat(s.l2)))}).`,
  );
  for (const c of comparison.slice(0, 3)) ctx.observe(c);
  ctx.observe(comparison[4]!);
}

export const neuronSurfaces: LabDefinition = {
  id: 'neuron-surfaces',
  title: 'Loss surfaces of a single sigmoid neuron',
  description:
    'Output, L2 and cross-entropy losses and their autograd gradients as 3-D surfaces over (w, b); why L2 gradients vanish',
  aim: 'Visualise how the output, the L2 loss and the cross-entropy loss of a single sigmoid neuron and their gradients depend on its weight and bias, verify autograd against the closed-form gradients, and compare the two losses’ gradients.',
  procedure: [
    'Take one sigmoid neuron ŷ = σ(w·x + b) with input x = 1 and target y = 0.5 (--target).',
    'Evaluate it on a grid of w and b in [−6, 6] (--grid points per side) as float64 autograd tensors.',
    'Compute L2 = (ŷ − y)² and CE = −[y·log ŷ + (1 − y)·log(1 − ŷ)], call backward() on their sums, and read ∂L/∂w and ∂L/∂b for every grid point.',
    'Compare with the closed forms 2(ŷ − y)·ŷ(1 − ŷ)·x and (ŷ − y)·x.',
    'Draw five 3-D surfaces with the same w and b ranges (the two gradients also share their vertical range), a slice at b = 0, and a gradient-descent race from a saturated start (--epochs steps, --lr).',
  ],
  flags: [
    {
      name: 'grid',
      type: 'integer',
      help: 'grid points per side (default 49, 25 with --quick)',
      min: 5,
    },
    { name: 'target', type: 'number', help: 'target output y in [0, 1]', default: 0.5, min: 0 },
    { name: 'lr', type: 'number', help: 'learning rate of the descent race', default: 1, min: 0 },
  ],
  epochs: { full: 100, quick: 100 },
  fullRunTime: 'about 2 s',
  source: import.meta.url,
  run,
};
