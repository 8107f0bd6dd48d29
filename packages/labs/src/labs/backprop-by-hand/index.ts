/**
 * Lab: backpropagation by hand.
 *
 * One forward and one backward pass of a 2-3-1 sigmoid network with the loss
 * L = ½(y − ŷ)², learning rate 0.1 and target y = 1, for two exercises —
 * computed twice: with plain arithmetic (manual.ts, the chain rule written
 * out) and with autograd (with-autograd.ts). The two must agree to rounding.
 */
import { barChart, subplots } from '@gradlab/viz';
import type { LabContext, LabDefinition, MetricValue } from '../../runner/lab.js';
import { type BackpropCase, backpropByHand as handPass, PARAM_NAMES } from './manual.js';
import { networkDiagram } from './network-diagram.js';
import { backpropWithAutograd } from './with-autograd.js';
import { fmt, pct, workedSolution } from './worked-solution.js';

/** The two exercises of the assignment. */
export const CASES: Record<'case1' | 'case2', BackpropCase> = {
  case1: {
    x1: 0,
    x2: 1,
    y: 1,
    params: {
      w1: 1,
      w2: 1,
      w3: 1,
      w4: 1,
      w5: 1,
      w6: 1,
      w7: 1,
      w8: 1,
      w9: 1,
      b1: 1,
      b2: 1,
      b3: 1,
      b4: 1,
    },
  },
  case2: {
    x1: 1,
    x2: 1,
    y: 1,
    params: {
      w1: 0.5,
      w2: -0.25,
      w3: 0.5,
      w4: -0.25,
      w5: 0.5,
      w6: -0.25,
      w7: 1,
      w8: 0,
      w9: -1,
      b1: 0.1,
      b2: 0.1,
      b3: 0.1,
      b4: 0.1,
    },
  },
};

/** Largest |hand − autograd| over every value autograd also computes. */
export function maxAbsDifference(
  byHand: Record<string, number>,
  autograd: Record<string, number>,
): { max: number; worst: string; compared: number } {
  let max = 0;
  let worst = '';
  for (const [k, a] of Object.entries(autograd)) {
    const h = byHand[k];
    if (h === undefined) throw new Error(`backprop-by-hand: the hand computation has no '${k}'`);
    const d = Math.abs(h - a);
    if (d >= max) [max, worst] = [d, k];
  }
  return { max, worst, compared: Object.keys(autograd).length };
}

function run(ctx: LabContext): void {
  const lr = Number(ctx.config.lr);
  const diagrams: string[] = [];
  const grads: Record<string, number[]> = {};
  let overall = 0;
  for (const [id, c] of Object.entries(CASES)) {
    const title = id === 'case1' ? 'Case 1' : 'Case 2';
    const hand = handPass(c, lr);
    const auto = backpropWithAutograd(c, lr);
    const diff = maxAbsDifference(hand, auto);
    overall = Math.max(overall, diff.max);

    const solution = workedSolution(title, c, hand, lr);
    ctx.log(solution);
    ctx.log(
      diff.max === 0
        ? `   Autograd agrees: all ${diff.compared} values are identical.`
        : `   Autograd agrees: ${diff.compared} values compared, max |hand − autograd| = ${diff.max.toExponential(2)} (${diff.worst}).`,
    );
    ctx.log('');
    ctx.code(solution, `${title}: the worked solution (plain arithmetic)`);
    ctx.table(
      `${title}: the hand computation against autograd (float64) — every value autograd also gives`,
      Object.keys(auto).map((k) => ({
        quantity: k,
        'by hand': fmt(hand[k]!),
        autograd: fmt(auto[k]!),
        '|difference|': Math.abs(hand[k]! - auto[k]!).toExponential(1),
      })),
    );
    diagrams.push(networkDiagram(`${title}: x = (${c.x1}, ${c.x2}), y = ${c.y}`, c, hand));
    grads[id] = PARAM_NAMES.map((k) => hand[`dL_d${k}`]!);

    const record: Record<string, MetricValue> = { x1: c.x1, x2: c.x2, y: c.y, lr, ...c.params };
    for (const [k, val] of Object.entries(hand)) record[k] = val;
    record.autograd_max_abs_diff = diff.max;
    record.values_compared = diff.compared;
    ctx.metric(id, record);

    const largest = PARAM_NAMES.reduce((a, b) =>
      Math.abs(hand[`dL_d${a}`]!) >= Math.abs(hand[`dL_d${b}`]!) ? a : b,
    );
    const zero = PARAM_NAMES.filter((k) => hand[`dL_d${k}`] === 0);
    const reasons = [
      ...(['x1', 'x2'] as const)
        .filter((x) => c[x] === 0)
        .map((x) => `${x} = 0 multiplies the gradients of its weights away`),
      ...([1, 2, 3] as const)
        .filter((j) => c.params[`w${6 + j}` as 'w7'] === 0)
        .map((j) => `w${6 + j} = 0 cuts h${j} off from the output`),
    ];
    ctx.observe(
      `${title}: ŷ = ${fmt(hand.y_hat!)} for target 1, so L = ${fmt(hand.loss!)}; the largest gradient is ∂L/∂${largest} = ${fmt(hand[`dL_d${largest}`]!)}${zero.length ? `, and ${zero.join(', ')} get no gradient at all (${reasons.join('; ')})` : ''}. One step with lr = ${lr} lowers the loss to ${fmt(hand.loss_after!)} (${pct((100 * (hand.loss! - hand.loss_after!)) / hand.loss!)} % less).`,
    );
    ctx.observe(
      diff.max === 0
        ? `${title}: plain arithmetic and autograd give identical numbers for all ${diff.compared} values (forward values, every gradient, every updated parameter).`
        : `${title}: plain arithmetic and autograd agree on all ${diff.compared} values (forward values, every gradient, every updated parameter) to ${diff.max.toExponential(1)} at worst (${diff.worst}).`,
    );
  }
  ctx.metric('lr', lr);
  ctx.metric('max_abs_diff', overall);

  ctx.figure(
    'network',
    subplots(diagrams, { cols: 1 }),
    'The network of each exercise after one step: each connection shows its weight before → after the update and its gradient; each hidden unit its bias, z and a; the output its z, ŷ and the loss.',
  );
  const ratio = Math.max(...grads.case2!.map(Math.abs)) / Math.max(...grads.case1!.map(Math.abs));
  ctx.figure(
    'gradients',
    subplots(
      (['case1', 'case2'] as const).map((id, i) =>
        barChart({
          categories: [...PARAM_NAMES],
          series: [{ name: `case ${i + 1}`, values: grads[id]!, color: i ? '#ff7f0e' : '#1f77b4' }],
          title: `Case ${i + 1}: ∂L/∂p for every weight and bias`,
          xLabel: 'parameter',
          yLabel: '∂L/∂p',
          valueLabels: false,
          legendPosition: 'none',
          width: 520,
          height: 340,
        }),
      ),
      { cols: 2 },
    ),
    `The gradient of each parameter (note the different y scales: case 2's largest gradient is ${ratio.toFixed(0)}× case 1's, because case 1's ŷ is already close to the target). The update moves each parameter by −lr times its bar, so negative bars push a parameter up.`,
  );
  const c2 = handPass(CASES.case2, lr);
  ctx.observe(
    `In case 2 the three hidden units compute the same a = ${fmt(c2.a1!)}, but w9 = −1 flips the sign of h3's gradients against h1's (∂L/∂b3 = ${fmt(c2.dL_db3!)}, ∂L/∂b1 = ${fmt(c2.dL_db1!)}): the update moves h1 and h3 apart, and w8 gets ∂L/∂w8 = ${fmt(c2.dL_dw8!)} although it is 0, so h2 rejoins the output after one step.`,
  );
}

export const backpropByHand: LabDefinition = {
  id: 'backprop-by-hand',
  title: 'Backpropagation by hand in a 2-3-1 network',
  description:
    'One forward and backward pass of a 2-3-1 sigmoid net written out as a worked solution, checked against autograd',
  aim: 'Compute by hand one forward pass, every partial derivative of the chain rule and one gradient-descent update of a 2-3-1 sigmoid network with loss ½(y − ŷ)², for two exercises, and confirm every number with automatic differentiation.',
  procedure: [
    'Hidden unit j = 1, 2, 3: z_j = w_(2j−1)·x1 + w_(2j)·x2 + b_j, a_j = σ(z_j); output z = w7·a1 + w8·a2 + w9·a3 + b4, ŷ = σ(z); loss L = ½(y − ŷ)² with target y = 1.',
    'Case 1: x = (0, 1), all weights and biases 1. Case 2: x = (1, 1), w1 = w3 = w5 = 0.5, w2 = w4 = w6 = −0.25, b1 = b2 = b3 = 0.1, w7 = 1, w8 = 0, w9 = −1, b4 = 0.1.',
    'Forward pass in plain arithmetic; backward pass with the chain rule: ∂L/∂ŷ = ŷ − y, ∂ŷ/∂z = ŷ(1 − ŷ), ∂L/∂w7 = ∂L/∂z·a1, ∂L/∂a_j = ∂L/∂z·w_(6+j), ∂L/∂z_j = ∂L/∂a_j·a_j(1 − a_j), ∂L/∂w_(2j−1) = ∂L/∂z_j·x1, …',
    'Update every parameter with p ← p − lr·∂L/∂p (lr = 0.1) and run the forward pass again to see the loss fall.',
    'Repeat everything with autograd tensors in float64 (retainGrad on the intermediate values) and compare all values.',
  ],
  flags: [
    { name: 'lr', type: 'number', help: 'learning rate of the update', default: 0.1, min: 0 },
  ],
  fullRunTime: 'under 1 s',
  source: import.meta.url,
  run,
};
