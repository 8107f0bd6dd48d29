/**
 * Lab: McCulloch–Pitts threshold neurons.
 *
 * A unit fires (outputs 1) when the weighted sum of its binary inputs reaches
 * its threshold θ: y = [w·x ≥ θ]. With the right w and θ one unit computes
 * AND, OR, NOT and NAND; no single unit computes XOR, but two layers do.
 * Part 2 solves x² − 4x + 4 = 0 with tensor operations.
 */
import { array, type NDArray } from '@gradlab/tensor';
import { heatmap, scatterPlot, subplots } from '@gradlab/viz';
import type { LabContext, LabDefinition } from '../../runner/lab.js';

/** A McCulloch–Pitts unit: 1 where inputs·weights ≥ threshold, else 0. */
export function mpUnit(inputs: NDArray, weights: readonly number[], threshold: number): NDArray {
  return inputs.matmul(array(weights)).ge(threshold).int();
}

const X2 = array([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);

const GATES = [
  { name: 'AND', weights: [1, 1], threshold: 1.5, truth: [0, 0, 0, 1] },
  { name: 'OR', weights: [1, 1], threshold: 0.5, truth: [0, 1, 1, 1] },
  { name: 'NAND', weights: [-1, -1], threshold: -1.5, truth: [1, 1, 1, 0] },
] as const;

/** Every unit with weights and threshold on a grid in [−limit, limit] that computes XOR. */
export function searchSingleUnitXor(limit: number, step: number): { tried: number; found: number } {
  const values: number[] = [];
  for (let v = -limit; v <= limit + 1e-9; v += step) values.push(Number(v.toFixed(6)));
  let tried = 0;
  let found = 0;
  for (const w1 of values) {
    for (const w2 of values) {
      for (const t of values) {
        tried++;
        const out = Array.from(mpUnit(X2, [w1, w2], t).dataSync());
        if (out.join() === '0,1,1,0') found++;
      }
    }
  }
  return { tried, found };
}

/** Real roots of a·x² + b·x + c = 0, computed with tensor ops. */
export function quadraticRoots(
  a: number,
  b: number,
  c: number,
): { discriminant: number; roots: number[] } {
  const coef = array([a, b, c], { dtype: 'float64' });
  const [A, B, C] = [coef.select(0, 0), coef.select(0, 1), coef.select(0, 2)];
  const disc = B.square().sub(A.mul(C).mul(4));
  const d = disc.item();
  if (d < 0) return { discriminant: d, roots: [] };
  const sqrtD = disc.sqrt();
  const roots = B.neg()
    .add(array([-1, 1], { dtype: 'float64' }).mul(sqrtD))
    .div(A.mul(2));
  return { discriminant: d, roots: Array.from(roots.dataSync()) };
}

/** a·x² + b·x + c written the way a student would: x² − 4x + 4. */
export function polynomial(a: number, b: number, c: number): string {
  const term = (k: number, v: string, first: boolean) => {
    if (k === 0) return '';
    const sign = k < 0 ? (first ? '−' : ' − ') : first ? '' : ' + ';
    const mag = Math.abs(k) === 1 && v ? '' : String(Math.abs(k));
    return `${sign}${mag}${v}`;
  };
  const s = term(a, 'x²', true) + term(b, 'x', a === 0) + term(c, '', a === 0 && b === 0);
  return s || '0';
}

function truthTable(ctx: LabContext, name: string, inputs: NDArray, outputs: NDArray): string {
  const rows = (inputs.toArray() as number[][]).map((x, i) => ({
    ...Object.fromEntries(x.map((v, j) => [`x${j + 1}`, v])),
    y: outputs.get(i),
  }));
  ctx.table(`${name} truth table`, rows);
  return rows.map((r) => Object.values(r).join(' ')).join(' | ');
}

function lineThrough(weights: readonly number[], threshold: number) {
  // w1·x + w2·y = θ → y = (θ − w1·x) / w2
  const xs = [-0.5, 1.5];
  return { x: xs, y: xs.map((x) => (threshold - weights[0]! * x) / weights[1]!) };
}

function run(ctx: LabContext): void {
  ctx.log('Part 1 — threshold units y = [w·x ≥ θ]');
  const gateMetrics: Record<string, { weights: number[]; threshold: number; outputs: number[] }> =
    {};
  const panels: string[] = [];
  for (const g of GATES) {
    const y = mpUnit(X2, g.weights, g.threshold);
    const outputs = Array.from(y.dataSync());
    if (outputs.join() !== g.truth.join())
      throw new Error(`${g.name}: unit gives ${outputs} instead of ${g.truth}`);
    ctx.log(
      `  ${g.name.padEnd(4)} w = [${g.weights}], θ = ${g.threshold}: ${truthTable(ctx, `${g.name} (w = [${g.weights.join(', ')}], θ = ${g.threshold})`, X2, y)}`,
    );
    gateMetrics[g.name.toLowerCase()] = {
      weights: [...g.weights],
      threshold: g.threshold,
      outputs,
    };
    panels.push(
      scatterPlot({
        x: [0, 0, 1, 1],
        y: [0, 1, 0, 1],
        labels: outputs,
        classNames: ['0', '1'],
        lines: [{ ...lineThrough(g.weights, g.threshold), name: 'w·x = θ' }],
        title: `${g.name}: w = [${g.weights.join(', ')}], θ = ${g.threshold}`,
        xLabel: 'x1',
        yLabel: 'x2',
        xDomain: [-0.5, 1.5],
        yDomain: [-0.5, 1.9],
        width: 360,
        height: 340,
      }),
    );
  }
  const x1 = array([[0], [1]]);
  const not = mpUnit(x1, [-1], -0.5);
  truthTable(ctx, 'NOT (w = [−1], θ = −0.5)', x1, not);
  gateMetrics.not = { weights: [-1], threshold: -0.5, outputs: Array.from(not.dataSync()) };
  ctx.log(`  NOT  w = [-1], θ = -0.5: ${Array.from(not.dataSync()).join(' ')}`);
  ctx.figure(
    'gates',
    subplots(panels, {
      cols: 3,
      title: 'Single threshold units: the line w·x = θ separates the firing inputs',
    }),
    'AND, OR and NAND: each is one straight line separating the inputs where the unit fires (class 1) from the rest.',
  );
  ctx.metric('gates', gateMetrics);

  ctx.log('XOR with one unit');
  const search = searchSingleUnitXor(3, 0.25);
  ctx.text(
    'Why no single unit computes XOR: (0,0) must not fire, so 0 < θ; (1,0) and (0,1) must fire, so w1 ≥ θ and w2 ≥ θ; (1,1) must not fire, so w1 + w2 < θ. Adding the middle two gives w1 + w2 ≥ 2θ > θ, a contradiction. XOR is not linearly separable.',
  );
  ctx.log(
    `  searched ${search.tried} (w1, w2, θ) on a grid in [−3, 3] step 0.25: ${search.found} compute XOR`,
  );
  ctx.metric('xor_single_unit_configs_tried', search.tried);
  ctx.metric('xor_single_unit_solutions', search.found);

  ctx.log('XOR with two layers: XOR = AND(OR(x1, x2), NAND(x1, x2))');
  const hidden = array([
    Array.from(mpUnit(X2, [1, 1], 0.5).dataSync()),
    Array.from(mpUnit(X2, [-1, -1], -1.5).dataSync()),
  ]).T; // [4, 2]: (OR, NAND) per input
  const xor = mpUnit(hidden, [1, 1], 1.5);
  const xorOut = Array.from(xor.dataSync());
  truthTable(ctx, 'XOR from two layers (h1 = OR, h2 = NAND, y = AND(h1, h2))', X2, xor);
  ctx.metric('xor_two_layer_outputs', xorOut);
  ctx.metric('xor_two_layer_correct', xorOut.join() === '0,1,1,0');
  ctx.figure(
    'xor-two-layers',
    subplots(
      [
        scatterPlot({
          x: [0, 0, 1, 1],
          y: [0, 1, 0, 1],
          labels: xorOut,
          classNames: ['0', '1'],
          lines: [
            { ...lineThrough([1, 1], 0.5), name: 'OR: x1 + x2 = 0.5' },
            { ...lineThrough([-1, -1], -1.5), name: 'NAND: x1 + x2 = 1.5' },
          ],
          title: 'Input space: two lines',
          xLabel: 'x1',
          yLabel: 'x2',
          xDomain: [-0.5, 1.5],
          yDomain: [-0.5, 2.1],
          width: 420,
          height: 360,
        }),
        scatterPlot({
          x: Array.from(hidden.select(1, 0).dataSync()),
          y: Array.from(hidden.select(1, 1).dataSync()),
          labels: xorOut,
          classNames: ['0', '1'],
          lines: [{ ...lineThrough([1, 1], 1.5), name: 'AND: h1 + h2 = 1.5' }],
          title: 'Hidden space (OR, NAND): one line',
          xLabel: 'h1',
          yLabel: 'h2',
          xDomain: [-0.5, 1.5],
          yDomain: [-0.5, 2.1],
          width: 420,
          height: 360,
        }),
      ],
      { cols: 2 },
    ),
    'Left: the two hidden units cut the input plane with two lines. Right: in the hidden units’ space the XOR classes are linearly separable, so the output unit (AND) finishes the job.',
  );
  ctx.figure(
    'truth-tables',
    heatmap({
      values: [
        gateMetrics.and!.outputs,
        gateMetrics.or!.outputs,
        gateMetrics.nand!.outputs,
        xorOut,
      ],
      xLabels: ['00', '01', '10', '11'],
      yLabels: ['AND', 'OR', 'NAND', 'XOR (2 layers)'],
      annotate: true,
      decimals: 0,
      cmap: 'blues',
      colorBar: false,
      title: 'Unit outputs for each input x1x2',
    }),
    'Truth tables of the units (1 = fires).',
  );

  ctx.log('Part 2 — roots of x² − 4x + 4 = 0 with tensor ops');
  const equations = [
    { a: 1, b: -4, c: 4 },
    { a: 1, b: -5, c: 6 },
    { a: 1, b: 0, c: 1 },
  ];
  const solved = equations.map((e) => ({ ...e, ...quadraticRoots(e.a, e.b, e.c) }));
  for (const s of solved) {
    ctx.log(
      `  ${polynomial(s.a, s.b, s.c)} = 0: discriminant ${s.discriminant}, roots ${s.roots.length ? s.roots.join(', ') : 'none (complex)'}`,
    );
  }
  ctx.table(
    'Quadratic equations solved with tensor ops: D = b² − 4ac, x = (−b ± √D) / 2a',
    solved.map((s) => ({
      equation: `${polynomial(s.a, s.b, s.c)} = 0`,
      a: s.a,
      b: s.b,
      c: s.c,
      discriminant: s.discriminant,
      roots: s.roots.length ? s.roots.join(', ') : 'none (D < 0)',
    })),
  );
  const main = solved[0]!;
  ctx.metric('quadratic', { discriminant: main.discriminant, roots: main.roots });

  ctx.observe(
    `One threshold unit reproduces AND, OR, NOT and NAND exactly (all ${GATES.length + 1} truth tables match).`,
  );
  ctx.observe(
    `None of the ${search.tried} single units on the weight/threshold grid computes XOR (${search.found} found), as the separability argument predicts.`,
  );
  ctx.observe(
    `Two layers (OR and NAND, then AND) give XOR = [${xorOut.join(', ')}]: the hidden layer maps the inputs to a space where one line separates the classes.`,
  );
  ctx.observe(
    `x² − 4x + 4 = 0 has discriminant ${main.discriminant}, so a double root at x = ${main.roots[0]}.`,
  );
}

export const mccullochPitts: LabDefinition = {
  id: 'mcculloch-pitts',
  title: 'McCulloch–Pitts threshold neurons',
  description:
    'Threshold units for AND, OR, NOT, NAND; why XOR needs two layers; a quadratic solved with tensor ops',
  aim: 'Build McCulloch–Pitts threshold neurons for the basic logic gates, show that a single unit cannot compute XOR while a two-layer network can, and use tensor operations to solve x² − 4x + 4 = 0.',
  procedure: [
    'Define a unit y = [w·x ≥ θ] with tensor ops (matmul, comparison).',
    'Choose weights and thresholds for AND, OR, NOT and NAND and print their truth tables.',
    'Search a grid of single units for XOR (none exists) and state the separability argument.',
    'Compose OR and NAND into AND to get XOR; plot the input and hidden spaces.',
    'Compute the discriminant and the roots of x² − 4x + 4 = 0 (and two more equations) with tensor ops.',
  ],
  fullRunTime: 'about 1 s',
  source: import.meta.url,
  run,
};
