import { tensor } from '@gradlab/autograd';
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  clipGradNorm,
  clipGradValue,
  EarlyStopping,
  ExponentialLR,
  ReduceLROnPlateau,
  RMSprop,
  SGD,
  StepLR,
} from './index.js';

const p = () => [tensor([1, 2], { requiresGrad: true })];
// biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
const bad = (x: unknown): any => x;

describe('hyperparameter errors name the optimizer and the value', () => {
  it.each([
    [
      () => new Adam(p(), { betas: [1.5, 0.999] }),
      'Adam: invalid beta1 1.5 (expected 0 ≤ beta1 < 1)',
    ],
    [() => new Adam(p(), { betas: [0.9, 1] }), 'Adam: invalid beta2 1 (expected 0 ≤ beta2 < 1)'],
    [() => new Adam(p(), { lr: -1 }), 'Adam: invalid lr -1 (expected lr ≥ 0)'],
    [() => new Adam(p(), { eps: -1e-8 }), 'Adam: invalid eps -1e-8 (expected eps ≥ 0)'],
    [() => new AdamW(p(), { weightDecay: -0.1 }), 'AdamW: invalid weightDecay -0.1'],
    [
      () => new AdamW(p(), { betas: bad([0.9]) }),
      'AdamW: invalid betas [0.9] (expected [beta1, beta2])',
    ],
    [() => new SGD(p(), { lr: Number.NaN }), 'SGD: invalid lr NaN (expected lr ≥ 0)'],
    [() => new SGD(p(), { lr: 0.1, momentum: -0.9 }), 'SGD: invalid momentum -0.9'],
    [
      () => new SGD(p(), { lr: 0.1, nesterov: true }),
      'SGD: nesterov momentum requires momentum > 0 and dampening 0 (got momentum 0, dampening 0)',
    ],
    [
      () => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
      'SGD: nesterov momentum requires momentum > 0 and dampening 0 (got momentum 0.9, dampening 0.1)',
    ],
    [
      () => new SGD(p()),
      "SGD: parameter group 0 didn't specify a value of required optimization parameter lr",
    ],
    [() => new RMSprop(p(), { alpha: -0.5 }), 'RMSprop: invalid alpha -0.5 (expected alpha ≥ 0)'],
    [() => new Adagrad(p(), { lrDecay: -1 }), 'Adagrad: invalid lrDecay -1 (expected lrDecay ≥ 0)'],
    [
      () => new Adagrad(p(), { initialAccumulatorValue: -1 }),
      'Adagrad: invalid initialAccumulatorValue -1',
    ],
    [() => new Adam(p(), { lr: bad('0.1') }), 'Adam: invalid lr "0.1" (expected a number, lr ≥ 0)'],
    [() => new Adam([{ params: p(), lr: -2 }]), 'Adam: invalid lr -2 (expected lr ≥ 0)'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('params errors', () => {
  it('rejects a single tensor, an empty list and non-tensors', () => {
    expect(() => new Adam(bad(tensor([1], { requiresGrad: true })))).toThrow(
      'Adam: params should be an array of tensors or of parameter groups, got a single Tensor',
    );
    expect(() => new Adam([])).toThrow('Adam: got an empty parameter list');
    expect(() => new Adam(bad([{ params: [1] }]))).toThrow(
      'Adam: parameter 0 of group 0 is number, expected a Tensor',
    );
  });

  it('rejects non-leaf tensors and duplicates', () => {
    const x = tensor([1], { requiresGrad: true });
    expect(() => new SGD([x.mul(2)], { lr: 0.1 })).toThrow(
      'SGD: cannot optimise a non-leaf tensor (parameter 0 of group 0)',
    );
    expect(() => new SGD([x, x], { lr: 0.1 })).toThrow(
      'SGD: parameter group 0 contains the same tensor more than once',
    );
  });
});

describe('scheduler, clipping and early-stopping errors', () => {
  const opt = () => new SGD(p(), { lr: 0.1 });
  it.each([
    [
      () => new StepLR(opt(), { stepSize: 0 }),
      'StepLR: invalid stepSize 0 (expected an integer ≥ 1)',
    ],
    [
      () => new ExponentialLR(opt(), bad({})),
      'ExponentialLR: invalid gamma undefined (expected a number)',
    ],
    [
      () => new CosineAnnealingLR(opt(), { tMax: 2.5 }),
      'CosineAnnealingLR: invalid tMax 2.5 (expected an integer ≥ 1)',
    ],
    [
      () => new ReduceLROnPlateau(opt(), { factor: 1 }),
      'ReduceLROnPlateau: invalid factor 1 (expected 0 ≤ factor < 1)',
    ],
    [
      () => new ReduceLROnPlateau(opt(), { mode: bad('low') }),
      "ReduceLROnPlateau: invalid mode low (expected 'min' or 'max')",
    ],
    [
      () => new ReduceLROnPlateau(opt(), { minLr: [0, 0] }),
      'ReduceLROnPlateau: expected 1 minLr values (one per parameter group), got 2',
    ],
    [
      () => new ReduceLROnPlateau(opt()).step(bad('0.5')),
      'ReduceLROnPlateau: step expects the metric as a number, got string',
    ],
    [
      () => clipGradNorm(p(), 1, -2),
      'clipGradNorm: invalid normType -2 (expected a positive number or Infinity)',
    ],
    [() => clipGradValue(p(), -1), 'clipGradValue: invalid clipValue -1 (expected clipValue ≥ 0)'],
    [
      () => new EarlyStopping({ patience: -1 }),
      'EarlyStopping: invalid patience -1 (expected an integer ≥ 0)',
    ],
    [
      () => new EarlyStopping({ restoreBestWeights: true }).step(1),
      'EarlyStopping: restoreBestWeights needs the model: call step(value, model)',
    ],
    [
      () => new EarlyStopping().step({ loss: 1, acc: 0.5 }),
      "EarlyStopping: metric 'val_loss' is not in the logs (got loss, acc)",
    ],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});
