import { tensor } from '@gradlab/autograd';
import type { NDArray } from '@gradlab/tensor';
import { expect, it } from 'vitest';
import { Adam, Optimizer, type ParamGroup, type ParamState, type Params, StepLR } from './index.js';

it('the README example fits y = 2x + 1', () => {
  const x = tensor([[0], [1], [2], [3]]);
  const y = tensor([[1], [3], [5], [7]]); // y = 2x + 1
  const w = tensor([[0]], { requiresGrad: true });
  const b = tensor([0], { requiresGrad: true });
  const opt = new Adam([w, b], { lr: 0.1 });
  const sched = new StepLR(opt, { stepSize: 200, gamma: 0.5 });
  for (let epoch = 0; epoch < 600; epoch++) {
    opt.zeroGrad();
    const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
    loss.backward();
    opt.step();
    sched.step();
  }
  expect([w.item().toFixed(2), b.item().toFixed(2)]).toEqual(['2.00', '1.00']);
});

it('the README custom optimiser works', () => {
  type H = { lr: number };
  class SignSGD extends Optimizer<H> {
    constructor(params: Params<H>, options: Partial<H> = {}) {
      super(params, { lr: 0.01, ...options });
    }
    protected validate(g: ParamGroup<H>) {
      this.check(g.lr >= 0, 'lr', g.lr, 'lr ≥ 0');
    }
    protected initState(): ParamState {
      return {};
    }
    protected update(param: NDArray, grad: NDArray, _state: ParamState, g: ParamGroup<H>) {
      param.sub_(grad.sign().mul(g.lr));
    }
  }
  const w = tensor([1, -1], { dtype: 'float64', requiresGrad: true });
  const opt = new SignSGD([w], { lr: 0.5 });
  w.mul(w).sum().backward();
  opt.step();
  expect(w.toArray()).toEqual([0.5, -0.5]);
  expect(() => new SignSGD([w], { lr: -1 })).toThrow('SignSGD: invalid lr -1 (expected lr ≥ 0)');
});
