/**
 * Golden tests: 10 steps of every optimiser and every scheduler, checked
 * against PyTorch 1.13.
 *
 * The numbers come from scripts/golden/optim.py (run it with /usr/bin/python3
 * to regenerate scripts/golden/optim.json); these tests only read the JSON and
 * never need Python. Gradients are computed here with @gradlab/autograd on the
 * same problem. Parameters and losses must agree to 1e-5 · max(1, |torch|)
 * in float32 and 1e-10 · max(1, |torch|) in float64; scheduler lrs to 1e-12.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@gradlab/autograd';
import type { DType } from '@gradlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  clipGradNorm,
  ExponentialLR,
  type LRScheduler,
  type Optimizer,
  ReduceLROnPlateau,
  RMSprop,
  SGD,
  StepLR,
} from './index.js';

type Options = Record<string, unknown>;
type Step = Record<string, number[]> & { loss: number };
interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'RMSprop' | 'Adam' | 'AdamW' | 'Adagrad';
  dtype: DType;
  options: Options;
  groups?: (Options & { params: string[] })[];
  clipGradNorm?: number;
  scheduler?: { type: 'StepLR' | 'CosineAnnealingLR'; options: Options };
  steps: Step[];
}
interface SchedulerCase {
  name: string;
  scheduler: 'StepLR' | 'ExponentialLR' | 'CosineAnnealingLR' | 'ReduceLROnPlateau';
  options: Options;
  lrs: [number, number];
  metrics?: number[];
  steps: number;
  expected: number[][];
}
interface Golden {
  torch: string;
  problem: Record<'x' | 'y' | 'w' | 'b' | 'unused', number[] | number[][]>;
  optimizers: OptimizerCase[];
  schedulers: SchedulerCase[];
}

const golden: Golden = JSON.parse(
  readFileSync(new URL('../../../scripts/golden/optim.json', import.meta.url), 'utf8'),
);
const NAMES = ['w', 'b', 'unused'] as const;
const TOL: Partial<Record<DType, number>> = { float32: 1e-5, float64: 1e-10 };

// biome-ignore lint/suspicious/noExplicitAny: the JSON options are checked by the optimisers themselves
type AnyOptions = any;
const OPTIMIZERS = {
  SGD: (p: AnyOptions, o: AnyOptions) => new SGD(p, o),
  RMSprop: (p: AnyOptions, o: AnyOptions) => new RMSprop(p, o),
  Adam: (p: AnyOptions, o: AnyOptions) => new Adam(p, o),
  AdamW: (p: AnyOptions, o: AnyOptions) => new AdamW(p, o),
  Adagrad: (p: AnyOptions, o: AnyOptions) => new Adagrad(p, o),
} satisfies Record<OptimizerCase['optimizer'], (p: AnyOptions, o: AnyOptions) => Optimizer>;

const worst: Partial<Record<DType, { err: number; name: string }>> = {};

/** Relative error |a − e| / max(1, |e|), and the worst seen per dtype. */
function closeTo(actual: ArrayLike<number>, expected: number[], dtype: DType, name: string) {
  expect(actual.length).toBe(expected.length);
  let err = 0;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  }
  if (err > (worst[dtype]?.err ?? -1)) worst[dtype] = { err, name };
  expect(err, name).toBeLessThanOrEqual(TOL[dtype]!);
}

function makeParams(dtype: DType): Record<(typeof NAMES)[number], Tensor> {
  const p = golden.problem;
  return {
    w: tensor(p.w, { dtype, requiresGrad: true }),
    b: tensor(p.b, { dtype, requiresGrad: true }),
    unused: tensor(p.unused, { dtype, requiresGrad: true }),
  };
}

describe('optimizers match PyTorch over 10 steps', () => {
  it.each(golden.optimizers.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const p = makeParams(c.dtype);
    const x = tensor(golden.problem.x, { dtype: c.dtype });
    const y = tensor(golden.problem.y, { dtype: c.dtype });
    const params = c.groups
      ? c.groups.map(({ params: names, ...rest }) => ({
          ...rest,
          params: names.map((n) => p[n as keyof typeof p]),
        }))
      : NAMES.map((n) => p[n]);
    const opt = OPTIMIZERS[c.optimizer](params, c.options);
    let sched: LRScheduler | undefined;
    if (c.scheduler?.type === 'StepLR') sched = new StepLR(opt, c.scheduler.options as AnyOptions);
    if (c.scheduler?.type === 'CosineAnnealingLR') {
      sched = new CosineAnnealingLR(opt, c.scheduler.options as AnyOptions);
    }
    c.steps.forEach((expected, step) => {
      opt.zeroGrad();
      const loss = x
        .matmul(p.w)
        .add(p.b)
        .tanh()
        .sub(y)
        .pow(2)
        .mean()
        .add(p.w.pow(4).sum().mul(0.05));
      loss.backward();
      expect(p.unused.grad).toBeNull();
      if (c.clipGradNorm !== undefined)
        clipGradNorm(
          NAMES.map((n) => p[n]),
          c.clipGradNorm,
        );
      opt.step();
      sched?.step();
      closeTo([loss.item()], [expected.loss], c.dtype, `${c.name} loss, step ${step + 1}`);
      for (const n of NAMES) {
        closeTo(p[n].dataSync(), expected[n]!, c.dtype, `${c.name} ${n}, step ${step + 1}`);
      }
    });
  });
});

describe('schedulers match PyTorch', () => {
  it.each(golden.schedulers.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opt = new SGD([
      { params: [tensor([0, 0], { requiresGrad: true })], lr: c.lrs[0] },
      { params: [tensor([0, 0], { requiresGrad: true })], lr: c.lrs[1] },
    ]);
    const o = c.options as AnyOptions;
    const sched =
      c.scheduler === 'StepLR'
        ? new StepLR(opt, o)
        : c.scheduler === 'ExponentialLR'
          ? new ExponentialLR(opt, o)
          : c.scheduler === 'CosineAnnealingLR'
            ? new CosineAnnealingLR(opt, o)
            : new ReduceLROnPlateau(opt, o);
    const lrs = [sched.getLastLr()];
    for (let i = 0; i < c.steps; i++) {
      opt.step();
      if (sched instanceof ReduceLROnPlateau) sched.step(c.metrics![i]!);
      else sched.step();
      lrs.push(sched.getLastLr());
      expect(
        opt.paramGroups.map((g) => g.lr),
        'getLastLr matches the groups',
      ).toEqual(lrs.at(-1));
    }
    expect(lrs.length).toBe(c.expected.length);
    lrs.forEach((row, i) => {
      row.forEach((lr, j) => {
        expect(Math.abs(lr - c.expected[i]![j]!), `${c.name} step ${i} group ${j}`).toBeLessThan(
          1e-12,
        );
      });
    });
  });
});

afterAll(() => {
  for (const [dtype, w] of Object.entries(worst)) {
    console.log(`golden optim ${dtype}: max relative error ${w.err.toExponential(2)} (${w.name})`);
  }
});
