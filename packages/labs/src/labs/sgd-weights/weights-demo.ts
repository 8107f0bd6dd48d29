/** Part 1 of the sgd-weights lab: one SGD update over 3 layers of 2 nodes (input 4), weights before and after. */
import { Tensor } from '@gradlab/autograd';
import { Linear, mseLoss, Sequential, Sigmoid } from '@gradlab/nn';
import { SGD } from '@gradlab/optim';
import { type Generator, randn } from '@gradlab/tensor';
import { heatmap, subplots } from '@gradlab/viz';

export interface WeightUpdate {
  layer: number;
  before: number[][];
  after: number[][];
  grad: number[][];
}

/** Takes one SGD step (lr `lr`, MSE on a random batch of 8) and returns every layer's weight before and after. */
export function sgdWeightUpdate(lr: number, generator: Generator) {
  const model = new Sequential(
    new Linear(4, 2, { generator }),
    new Sigmoid(),
    new Linear(2, 2, { generator }),
    new Sigmoid(),
    new Linear(2, 2, { generator }),
  );
  const layers = [0, 2, 4].map((i) => model.at(i) as Linear);
  const x = new Tensor(randn([8, 4], { generator }));
  const y = randn([8, 2], { generator });
  const before = layers.map((l) => l.weight.data.clone().toArray() as number[][]);
  const opt = new SGD(model.parameters(), { lr });
  const loss = mseLoss(model.forward(x), y);
  opt.zeroGrad();
  loss.backward();
  opt.step();
  const lossAfter = mseLoss(model.forward(x), y).item();
  const updates: WeightUpdate[] = layers.map((l, k) => ({
    layer: k + 1,
    before: before[k]!,
    after: l.weight.data.toArray() as number[][],
    grad: l.weight.grad!.toArray() as number[][],
  }));
  return { updates, lossBefore: loss.item(), lossAfter };
}

/** Heatmaps of each layer's weight matrix before and after the update (shared colour scale), and the change. */
export function weightsFigure(updates: readonly WeightUpdate[]): string {
  const all = updates.flatMap((u) => [...u.before.flat(), ...u.after.flat()]);
  const lim = Math.max(...all.map(Math.abs));
  const panels: string[] = [];
  for (const u of updates) {
    const xLabels = u.before[0]!.map((_, j) => `in ${j + 1}`);
    const yLabels = u.before.map((_, i) => `out ${i + 1}`);
    const common = { xLabels, yLabels, decimals: 3, width: 330, height: 220 };
    panels.push(
      heatmap({
        ...common,
        values: u.before,
        vmin: -lim,
        vmax: lim,
        cmap: 'bwr',
        title: `layer ${u.layer} W before`,
      }),
      heatmap({
        ...common,
        values: u.after,
        vmin: -lim,
        vmax: lim,
        cmap: 'bwr',
        title: `layer ${u.layer} W after`,
      }),
      changePanel(u, common),
    );
  }
  return subplots(panels, {
    cols: 3,
    title: 'One SGD step: each layer’s weights before, after, and the change',
  });
}

/** The change of one layer's weights, written in units of 10^e so small steps stay readable. */
function changePanel(
  u: WeightUpdate,
  common: { xLabels: string[]; yLabels: string[]; width: number; height: number },
): string {
  const change = u.after.map((r, i) => r.map((v, j) => v - u.before[i]![j]!));
  const big = Math.max(...change.flat().map(Math.abs), 1e-12);
  const e = Math.floor(Math.log10(big));
  const superscript = String(e).replace(/[-0-9]/g, (c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]!);
  return heatmap({
    ...common,
    values: change,
    center: 0,
    cmap: 'bwr',
    colorBar: false,
    annotate: (v) => (v / 10 ** e).toFixed(2),
    title: `layer ${u.layer} change (×10${superscript})`,
  });
}
