import { expect, it } from 'vitest';
import { tensor } from './index.js';

it('the README example gives the worked values', () => {
  const x = tensor([2]);
  const w = tensor([3], { requiresGrad: true });
  const b = tensor([1], { requiresGrad: true });
  const y = x.mul(w).add(b).pow(2).sum();
  y.backward();
  expect([y.item(), w.grad!.toArray(), b.grad!.toArray()]).toEqual([49, [28], [14]]);
});
