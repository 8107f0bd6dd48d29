/**
 * The sweep: held-out NLL per setting, one factor changed at a time from a
 * base MADE (hidden size, depth, activation, ordering, connectivity) plus
 * NADE at a few hidden sizes, every setting trained with the same budget.
 */
import { Generator, type NDArray } from '@gradlab/tensor';
import { barChart, subplots } from '@gradlab/viz';
import type { LabContext } from '../../runner/lab.js';
import { type Activation, type ArModel, Made, Nade } from './models.js';
import { parameterCount, trainAr } from './train.js';

/** Which variables come first. */
export type OrderingName = 'natural' | 'reversed' | 'random' | 'halves swapped';

/** One architecture of the sweep. */
export interface ArSpec {
  kind: 'made' | 'nade';
  hidden: readonly number[];
  activation: Activation;
  ordering: OrderingName;
  connectivity: 'random' | 'sequential';
  /** Distinguishes random orderings/masks drawn from different seeds. */
  draw: number;
}

export interface SweepSetting {
  factor: string;
  label: string;
  spec: ArSpec;
}

export interface SweepResult extends SweepSetting {
  parameters: number;
  ordering: readonly number[];
  trainNll: number;
  testNll: number;
  seconds: number;
}

/** `MADE 8-64-8 relu natural/random` style name. */
export const specName = (s: ArSpec, d: number): string =>
  s.kind === 'nade'
    ? `NADE H=${s.hidden[0]} ${s.activation}`
    : `MADE ${[d, ...s.hidden, d].join('-')} ${s.activation}, ${s.ordering}${s.ordering === 'random' ? ` #${s.draw}` : ''} order, ${s.connectivity} masks`;

/** Builds the model of `spec` over d binary variables. */
export function buildModel(spec: ArSpec, d: number, seed: number): ArModel {
  const g = new Generator(seed + 1000 * spec.draw);
  if (spec.kind === 'nade') return new Nade(d, spec.hidden[0]!, spec.activation, g);
  const idx = Array.from({ length: d }, (_, i) => i);
  const half = Math.floor(d / 2);
  const ordering =
    spec.ordering === 'reversed'
      ? idx.reverse()
      : spec.ordering === 'halves swapped'
        ? [...idx.slice(half), ...idx.slice(0, half)]
        : spec.ordering;
  return new Made(d, {
    hidden: spec.hidden,
    activation: spec.activation,
    ordering,
    connectivity: spec.connectivity,
    generator: g,
  });
}

const made = (o: Partial<ArSpec>, base: ArSpec): ArSpec => ({ ...base, ...o });

/** The settings around `base`: on the 2-D data every factor; on MNIST (`small`) orderings and masks only. */
export function sweepSettings(base: ArSpec, small = false): SweepSetting[] {
  const h = base.hidden[0]!;
  const orderings: SweepSetting[] = [
    { factor: 'ordering', label: 'natural', spec: base },
    { factor: 'ordering', label: 'reversed', spec: made({ ordering: 'reversed' }, base) },
    {
      factor: 'ordering',
      label: 'halves swapped',
      spec: made({ ordering: 'halves swapped' }, base),
    },
    { factor: 'ordering', label: 'random #1', spec: made({ ordering: 'random', draw: 1 }, base) },
    { factor: 'ordering', label: 'random #2', spec: made({ ordering: 'random', draw: 2 }, base) },
    { factor: 'masks', label: 'random conn.', spec: base },
    {
      factor: 'masks',
      label: 'sequential conn.',
      spec: made({ connectivity: 'sequential' }, base),
    },
  ];
  if (small) return orderings;
  return [
    ...[8, 16, h, 4 * h].map((n) => ({
      factor: 'hidden size',
      label: `H ${n}`,
      spec: made({ hidden: [n] }, base),
    })),
    ...[1, 2, 3].map((k) => ({
      factor: 'depth',
      label: `${k} hidden`,
      spec: made({ hidden: new Array<number>(k).fill(h) }, base),
    })),
    ...(['relu', 'tanh', 'sigmoid'] as const).map((a) => ({
      factor: 'activation',
      label: a,
      spec: made({ activation: a }, base),
    })),
    ...orderings,
    ...[8, h].flatMap((n) =>
      (['sigmoid', 'relu'] as const).map((a) => ({
        factor: 'NADE',
        label: `NADE ${n} ${a}`,
        spec: made({ kind: 'nade', hidden: [n], activation: a }, base),
      })),
    ),
  ];
}

/** Trains every setting (identical specs once) and reports a table, a figure and metrics. */
export async function runSweep(
  ctx: LabContext,
  o: {
    name: string;
    prefix: string;
    settings: SweepSetting[];
    xTrain: NDArray;
    xTest: NDArray;
    budget: { epochs: number; batchSize: number; lr: number };
    references: string;
    yDomain: [number, number];
    unit: string;
  },
): Promise<SweepResult[]> {
  const d = o.xTrain.shape[1]!;
  const cache = new Map<string, Omit<SweepResult, keyof SweepSetting>>();
  const bar = ctx.progress(`sweep (${o.name})`, o.settings.length);
  const results: SweepResult[] = [];
  for (const s of o.settings) {
    const key = specName(s.spec, d);
    let r = cache.get(key);
    if (!r) {
      const model = buildModel(s.spec, d, ctx.config.seed + 20);
      const t = await trainAr(model, { ...o, ...o.budget, seed: ctx.config.seed + 21 });
      r = {
        parameters: parameterCount(model),
        ordering: model.ordering,
        trainNll: t.trainNll,
        testNll: t.testNll,
        seconds: t.seconds,
      };
      cache.set(key, r);
    }
    results.push({ ...s, ...r });
    bar.tick({ nll: r.testNll });
  }
  const r4 = (v: number) => Number(v.toFixed(4));
  const b = o.budget;
  ctx.table(
    `Sweep on ${o.name}: held-out NLL (${o.unit}) per setting, one factor changed at a time; each trained ${b.epochs} epoch${b.epochs === 1 ? '' : 's'} on ${o.xTrain.shape[0]} rows (Adam lr ${b.lr}, batch ${b.batchSize}), tested on ${o.xTest.shape[0]}. ${o.references}`,
    results.map((r) => ({
      factor: r.factor,
      setting: r.label,
      model: specName(r.spec, d),
      ordering: d <= 16 ? r.ordering.join(' ') : `${r.ordering.slice(0, 6).join(' ')} …`,
      parameters: r.parameters,
      'train NLL': r4(r.trainNll),
      'test NLL': r4(r.testNll),
      'time (s)': Number(r.seconds.toFixed(1)),
    })),
  );
  for (const r of results)
    ctx.metric(
      `${o.prefix}_sweep_nll_${r.factor}_${r.label}`.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
      r4(r.testNll),
    );
  const factors = [...new Set(results.map((r) => r.factor))];
  const panels = factors.map((f) => {
    const rs = results.filter((r) => r.factor === f);
    return barChart({
      categories: rs.map((r) => r.label),
      series: [{ name: 'test NLL', values: rs.map((r) => r.testNll) }],
      decimals: 3,
      title: f,
      yLabel: `test NLL (${o.unit})`,
      yDomain: o.yDomain,
      legendPosition: 'none',
      width: 400,
      height: 300,
    });
  });
  ctx.figure(
    `${o.prefix}-sweep`,
    subplots(panels, {
      cols: Math.min(3, panels.length),
      title: `Held-out NLL per setting (${o.name})`,
    }),
    `Held-out NLL of every sweep setting on ${o.name} (lower is better), same y axis on all panels (0 … ${o.yDomain[1]} ${o.unit}). ${o.references}`,
  );
  return results;
}
