import { Tensor, tensor } from '@gradlab/autograd';
import {
  type Backend,
  type DType,
  Generator,
  getBackend,
  listBackends,
  randn,
  setBackend,
} from '@gradlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  type Optimizer,
  type OptimizerStateDict,
  RMSprop,
  SGD,
  StepLR,
} from './index.js';
import { makeProblem, values } from './test-problem.js';

type Make = (params: Tensor[]) => Optimizer;
const makers: [string, Make][] = [
  ['SGD nesterov', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true })],
  ['SGD dampening', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.3 })],
  ['RMSprop centered', (p) => new RMSprop(p, { centered: true, momentum: 0.5 })],
  ['Adam amsgrad', (p) => new Adam(p, { lr: 0.01, amsgrad: true })],
  ['AdamW', (p) => new AdamW(p, { lr: 0.01 })],
  ['Adagrad', (p) => new Adagrad(p, { lr: 0.1, lrDecay: 0.01 })],
];

function train(opt: Optimizer, backward: () => number, steps: number) {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    backward();
    opt.step();
  }
}

describe('stateDict / loadStateDict', () => {
  it.each(makers)('%s: save after 5 steps, load into a fresh optimizer, continue', (_n, make) => {
    const a = makeProblem();
    const optA = make(a.list);
    train(optA, a.backward, 10);

    const b = makeProblem();
    const optB = make(b.list);
    train(optB, b.backward, 5);
    const saved = optB.stateDict();
    const c = makeProblem();
    c.list.forEach((t, i) => {
      t.data.copy_(b.list[i]!.data);
    });
    const optC = make(c.list);
    optC.loadStateDict(saved);
    train(optC, c.backward, 5);
    expect(values(c.list)).toEqual(values(a.list));
    // the original keeps going unaffected by the snapshot
    train(optB, b.backward, 5);
    expect(values(b.list)).toEqual(values(a.list));
  });

  it('is a snapshot: later steps do not change it', () => {
    const p = makeProblem();
    const opt = new Adam(p.list, { lr: 0.1 });
    train(opt, p.backward, 2);
    const saved = opt.stateDict();
    const before = Array.from((saved.state[0]!.expAvg as { dataSync(): Float64Array }).dataSync());
    train(opt, p.backward, 2);
    expect(saved.state[0]!.step).toBe(2);
    expect(Array.from((saved.state[0]!.expAvg as { dataSync(): Float64Array }).dataSync())).toEqual(
      before,
    );
  });

  it('numbers parameters across groups and keeps the hyperparameters', () => {
    const p = makeProblem();
    const opt = new SGD(
      [{ params: [p.params.w] }, { params: [p.params.b, p.params.unused], lr: 0.01 }],
      { lr: 0.1, momentum: 0.9 },
    );
    train(opt, p.backward, 1);
    const s = opt.stateDict();
    expect(s.paramGroups.map((g) => g.params)).toEqual([[0], [1, 2]]);
    expect(s.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.01]);
    expect(Object.keys(s.state)).toEqual(['0', '1']); // unused never had a grad
    expect(Object.keys(s.state[0]!)).toEqual(['momentumBuffer']);
  });

  it('restores lrs a scheduler changed', () => {
    const p = makeProblem();
    const opt = new SGD(p.list, { lr: 0.1 });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    sched.step();
    sched.step();
    const fresh = new SGD(makeProblem().list, { lr: 0.1 });
    fresh.loadStateDict(opt.stateDict());
    expect(fresh.paramGroups[0]!.lr).toBeCloseTo(0.025, 15);
  });

  it('casts loaded state to the parameter dtype', () => {
    const p = makeProblem('float64');
    const opt = new Adam(p.list);
    train(opt, p.backward, 1);
    const q = makeProblem('float32');
    const opt32 = new Adam(q.list);
    opt32.loadStateDict(opt.stateDict() as OptimizerStateDict<never>);
    expect((opt32.state.get(q.params.w)!.expAvg as { dtype: string }).dtype).toBe('float32');
  });

  it('rejects a state dict of another shape', () => {
    const p = makeProblem();
    const two = new SGD([{ params: [p.params.w] }, { params: [p.params.b] }], { lr: 0.1 });
    const one = new SGD(makeProblem().list, { lr: 0.1 });
    expect(() => one.loadStateDict(two.stateDict())).toThrow(
      'SGD: loaded state dict has 2 parameter groups, this optimizer has 1',
    );
    const other = new SGD([{ params: [p.params.w] }, { params: [p.params.b, p.params.unused] }], {
      lr: 0.1,
    });
    expect(() => two.loadStateDict(other.stateDict())).toThrow(
      "SGD: loaded parameter group 1 has 2 parameters, this optimizer's has 1",
    );
  });
});

describe('param groups', () => {
  it('fills missing hyperparameters from the defaults, per group', () => {
    const p = makeProblem();
    const opt = new Adam(
      [{ params: [p.params.w] }, { params: [p.params.b], lr: 0.5, betas: [0.5, 0.9] }],
      { lr: 0.01, weightDecay: 0.1 },
    );
    expect(opt.paramGroups[0]).toMatchObject({
      lr: 0.01,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0.1,
      amsgrad: false,
    });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.5, betas: [0.5, 0.9], weightDecay: 0.1 });
  });

  it('each group takes its own lr', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
    w.grad = tensor([1], { dtype: 'float64' }).data;
    b.grad = tensor([1], { dtype: 'float64' }).data;
    opt.step();
    expect([w.item(), b.item()]).toEqual([0.9, 0.99]);
  });

  it('addParamGroup adds parameters later, and refuses duplicates', () => {
    const p = makeProblem();
    const opt = new SGD([p.params.w], { lr: 0.1 });
    opt.addParamGroup({ params: [p.params.b], momentum: 0.9 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.1, 0],
      [0.1, 0.9],
    ]);
    expect(() => opt.addParamGroup({ params: [p.params.w] })).toThrow(
      'SGD: some parameters appear in more than one parameter group',
    );
  });

  it('defaults match PyTorch', () => {
    const t = () => [tensor([1], { requiresGrad: true })];
    const pick = (o: Optimizer) => {
      const { params: _p, ...rest } = o.paramGroups[0]!;
      return rest;
    };
    expect(pick(new Adam(t()))).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    });
    expect(new AdamW(t()).paramGroups[0]!.weightDecay).toBe(1e-2);
    expect(pick(new RMSprop(t()))).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8 });
    expect(pick(new Adagrad(t()))).toMatchObject({
      lr: 1e-2,
      lrDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
    });
    expect(pick(new SGD(t(), { lr: 0.1 }))).toMatchObject({
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
    });
  });
});

describe('step and zeroGrad', () => {
  it('zeroGrad sets grads to null, or to zeros with setToNone false', () => {
    const p = makeProblem();
    const opt = new SGD(p.list, { lr: 0.1 });
    p.backward();
    opt.zeroGrad(false);
    expect(Array.from(p.params.w.grad!.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(p.params.unused.grad).toBeNull();
    opt.zeroGrad();
    expect(p.list.map((t) => t.grad)).toEqual([null, null, null]);
  });

  it('skips parameters whose grad is null and creates no state for them', () => {
    const p = makeProblem();
    const opt = new Adam(p.list, { lr: 0.1 });
    p.backward();
    opt.step();
    expect(Array.from(p.params.unused.dataSync())).toEqual([1, 2]);
    expect(opt.state.has(p.params.unused)).toBe(false);
    expect(opt.state.get(p.params.w)!.step).toBe(1);
  });

  it('calls a closure first and returns its loss', () => {
    const p = makeProblem();
    const opt = new SGD(p.list, { lr: 0.1 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      return p.backward();
    });
    expect(loss).toBeGreaterThan(0);
    expect(p.params.w.grad).not.toBeNull();
  });

  it('records nothing in the autograd graph', () => {
    const p = makeProblem();
    const opt = new Adam(p.list);
    p.backward();
    opt.step();
    expect(p.list.every((t) => t.isLeaf && t.requiresGrad)).toBe(true);
  });

  it('lowers the loss on the test problem', () => {
    const p = makeProblem();
    const opt = new Adam(p.list, { lr: 0.05 });
    const first = p.backward();
    train(opt, p.backward, 50);
    expect(p.backward()).toBeLessThan(first / 2);
  });
});

describe('the fused optimiser steps and the composed tensor ops agree', () => {
  // A transposed (strided) parameter has no contiguous memory, so it takes the composed ops; its
  // contiguous copy takes the backend's fused step (cpu: a JS loop; wasm: a SIMD kernel fed in
  // chunks of 4096 floats, so [97, 43] = 4171 values cross a chunk and end in a ragged vector).
  // Same values, same gradients, 30 steps.
  const cases: [string, DType, Make][] = [
    ['Adam float32', 'float32', (p) => new Adam(p, { lr: 0.01 })],
    ['Adam float64', 'float64', (p) => new Adam(p, { lr: 0.01 })],
    ['Adam float32 amsgrad', 'float32', (p) => new Adam(p, { lr: 0.01, amsgrad: true })],
    ['AdamW float32', 'float32', (p) => new AdamW(p, { lr: 0.01, weightDecay: 0.1 })],
    ['SGD float32', 'float32', (p) => new SGD(p, { lr: 0.05 })],
    [
      'SGD float64 weight decay, maximize',
      'float64',
      (p) => new SGD(p, { lr: 0.05, weightDecay: 0.1, maximize: true }),
    ],
    [
      'SGD float32 weight decay, maximize',
      'float32',
      (p) => new SGD(p, { lr: 0.05, weightDecay: 0.1, maximize: true }),
    ],
    [
      'SGD float32 nesterov, weight decay',
      'float32',
      (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
    ],
    [
      'SGD float32 momentum, dampening',
      'float32',
      (p) => new SGD(p, { lr: 0.05, momentum: 0.8, dampening: 0.3 }),
    ],
  ];
  const backends = ['cpu', 'wasm'].filter((b) => listBackends().includes(b));
  const shapes: [number, number][] = [
    [6, 4],
    [97, 43],
  ];
  describe.each(backends)('on %s', (backendName) => {
    let previous: Backend;
    beforeAll(() => {
      previous = getBackend();
      setBackend(backendName);
    });
    afterAll(() => {
      setBackend(previous);
    });
    it.each(
      cases.flatMap(([name, dtype, make]) => shapes.map((s) => [name, s, dtype, make] as const)),
    )('%s %j', (_name, [rows, cols], dtype, make) => {
      const g = new Generator(5);
      const base = randn([rows, cols], { generator: g, dtype });
      const strided = new Tensor(base.transpose(0, 1), { requiresGrad: true });
      const packed = new Tensor(base.transpose(0, 1).contiguous(), { requiresGrad: true });
      const before = packed.data.dataSync().slice();
      expect(strided.data.isContiguous()).toBe(false);
      expect(packed.data.backend.name).toBe(backendName);
      const a = make([strided]);
      const b = make([packed]);
      for (let step = 0; step < 30; step++) {
        const grad = randn([cols, rows], { generator: g, dtype });
        strided.grad = grad;
        packed.grad = grad.clone();
        a.step();
        b.step();
      }
      const x = strided.data.contiguous().dataSync();
      const y = packed.data.dataSync();
      const scale = Math.max(...Array.from(y, Math.abs));
      let worst = 0;
      let moved = 0;
      for (let i = 0; i < x.length; i++) {
        worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
        if (y[i] !== before[i]) moved++;
      }
      // Every value took the step (none skipped at a chunk edge or in the ragged tail) …
      expect(moved).toBe(x.length);
      // … and agrees: the composed ops round each intermediate to float32, the loops fewer.
      expect(worst / scale).toBeLessThan(dtype === 'float32' ? 2e-6 : 1e-12);
    });
  });
});
