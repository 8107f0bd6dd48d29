import { array, Generator, randn as randnArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import * as A from './index.js';
import { Tensor } from './tensor.js';
import { gradcheck } from './testing/index.js';

const gen = new Generator(0);
/** A float64 leaf requiring grad, with values kept away from kinks when `positive`. */
function leaf(shape: number[], positive = false): Tensor {
  let v = randnArray(shape, { dtype: 'float64', generator: gen });
  if (positive) v = v.abs().add(0.5);
  return new Tensor(v, { requiresGrad: true });
}
/** Values bounded away from 0 (for relu/abs/clamp kinks). */
function awayFromZero(shape: number[]): Tensor {
  const v = randnArray(shape, { dtype: 'float64', generator: gen });
  return new Tensor(v.add(v.sign().mul(0.2)), { requiresGrad: true });
}
const idx = (values: number[][]) => array(values, { dtype: 'int32' });

type Case = [string, (...xs: Tensor[]) => Tensor, () => Tensor[]];

const cases: Case[] = [
  ['add (broadcast)', (a, b) => a.add(b), () => [leaf([2, 3]), leaf([3])]],
  ['sub (broadcast)', (a, b) => a.sub(b), () => [leaf([2, 1]), leaf([1, 3])]],
  ['mul (broadcast)', (a, b) => a.mul(b), () => [leaf([4, 1, 3]), leaf([2, 1])]],
  ['div', (a, b) => a.div(b), () => [leaf([3]), leaf([2, 3], true)]],
  ['pow tensor', (a, b) => a.pow(b), () => [leaf([3], true), leaf([3])]],
  ['pow scalar', (a) => a.pow(3), () => [leaf([2, 2])]],
  ['pow 2', (a) => a.pow(2), () => [leaf([2, 2])]],
  ['maximum', (a, b) => a.maximum(b), () => [leaf([5]), leaf([5])]],
  ['minimum', (a, b) => a.minimum(b), () => [leaf([5]), leaf([1])]],
  ['neg', (a) => a.neg(), () => [leaf([3])]],
  ['abs', (a) => a.abs(), () => [awayFromZero([4])]],
  ['exp', (a) => a.exp(), () => [leaf([3])]],
  ['log', (a) => a.log(), () => [leaf([3], true)]],
  ['log1p', (a) => a.log1p(), () => [leaf([3], true)]],
  ['sqrt', (a) => a.sqrt(), () => [leaf([3], true)]],
  ['square', (a) => a.square(), () => [leaf([3])]],
  ['sin', (a) => a.sin(), () => [leaf([3])]],
  ['cos', (a) => a.cos(), () => [leaf([3])]],
  ['clamp', (a) => a.clamp(-0.5, 0.5), () => [awayFromZero([6]).mul(1).detach().requiresGrad_()]],
  ['tanh', (a) => a.tanh(), () => [leaf([3])]],
  ['sigmoid', (a) => a.sigmoid(), () => [leaf([3])]],
  ['relu', (a) => a.relu(), () => [awayFromZero([5])]],
  ['leakyRelu', (a) => a.leakyRelu(0.2), () => [awayFromZero([5])]],
  ['elu', (a) => a.elu(0.7), () => [awayFromZero([5])]],
  ['gelu', (a) => a.gelu(), () => [leaf([5])]],
  ['softplus', (a) => a.softplus(), () => [leaf([5])]],
  ['where', (a, b) => A.where(a.data.gt(0), a, b), () => [awayFromZero([4]), leaf([4])]],
  ['sum(dim)', (a) => a.sum(1), () => [leaf([2, 3])]],
  ['sum(all)', (a) => a.sum(), () => [leaf([2, 3])]],
  ['mean([0, 2], keepdim)', (a) => a.mean([0, 2], true), () => [leaf([2, 3, 2])]],
  ['max(dim)', (a) => a.max(1), () => [leaf([3, 4])]],
  ['min(all)', (a) => a.min(), () => [leaf([3, 4])]],
  ['prod', (a) => a.prod(0), () => [leaf([3, 2], true)]],
  ['var', (a) => a.var(1), () => [leaf([2, 4])]],
  ['std', (a) => a.std(), () => [leaf([5])]],
  ['cumsum', (a) => a.cumsum(1), () => [leaf([2, 4])]],
  ['lstmCell', (gates, c) => A.lstmCell(gates, c), () => [leaf([3, 8]), leaf([3, 2])]],
  [
    'lstmCell on a strided state (a narrow of the last step)',
    (gates, hc) => A.lstmCell(gates, hc.narrow(1, 2, 2)),
    () => [leaf([3, 8]), leaf([3, 4])],
  ],
  ['logsumexp', (a) => a.logsumexp(1), () => [leaf([3, 4])]],
  ['softmax(0)', (a) => a.softmax(0), () => [leaf([3, 4])]],
  ['logSoftmax(1)', (a) => a.logSoftmax(1), () => [leaf([3, 4])]],
  [
    'batchNorm [N, C] affine',
    (x, w, b) => A.batchNorm(x, w, b).out,
    () => [leaf([5, 3]), leaf([3]), leaf([3])],
  ],
  [
    'batchNorm NCHW affine',
    (x, w, b) => A.batchNorm(x, w, b, 1e-3).out,
    () => [leaf([3, 2, 2, 3]), leaf([2]), leaf([2])],
  ],
  ['batchNorm [N, C, L] no affine', (x) => A.batchNorm(x, null, null).out, () => [leaf([4, 2, 3])]],
  [
    'batchNorm of a non-contiguous input',
    (x, w) => A.batchNorm(x.permute(1, 0, 2), w, null).out,
    () => [leaf([2, 4, 3]), leaf([2])],
  ],
  ['reshape', (a) => a.reshape(3, 2), () => [leaf([2, 3])]],
  ['flatten', (a) => a.flatten(1), () => [leaf([2, 3, 2])]],
  ['permute', (a) => a.permute(2, 0, 1), () => [leaf([2, 3, 4])]],
  ['transpose', (a) => a.transpose(0, 1), () => [leaf([2, 3])]],
  ['squeeze/unsqueeze', (a) => a.unsqueeze(0).squeeze(2), () => [leaf([2, 1, 3])]],
  ['expand', (a) => a.expand(4, 3), () => [leaf([1, 3])]],
  ['slice with step', (a) => a.slice(1, 0, 5, 2), () => [leaf([2, 5])]],
  ['negative-step slice', (a) => a.slice(0, undefined, undefined, -1), () => [leaf([4])]],
  ['narrow', (a) => a.narrow(0, 1, 2), () => [leaf([4, 2])]],
  ['select', (a) => a.select(1, -1), () => [leaf([2, 3])]],
  ['flip', (a) => a.flip([0, 1]), () => [leaf([2, 3])]],
  ['split', (a) => A.concat(a.split(2, 1).reverse(), 1), () => [leaf([2, 5])]],
  ['concat', (a, b) => A.concat([a, b], 0), () => [leaf([1, 3]), leaf([2, 3])]],
  ['stack', (a, b) => A.stack([a, b], 1), () => [leaf([2, 3]), leaf([2, 3])]],
  ['pad', (a) => A.pad(a, [1, 2, 0, 1], 3), () => [leaf([2, 2])]],
  [
    'gather',
    (a) =>
      a.gather(
        1,
        idx([
          [0, 2, 2],
          [1, 0, 1],
        ]),
      ),
    () => [leaf([2, 3])],
  ],
  ['indexSelect', (a) => a.indexSelect(0, [2, 0, 2]), () => [leaf([3, 2])]],
  [
    'scatterAdd',
    (a, s) =>
      A.scatterAdd(
        a,
        0,
        idx([
          [0, 1],
          [0, 0],
        ]),
        s,
      ),
    () => [leaf([2, 2]), leaf([2, 2])],
  ],
  ['matmul 2-d', (a, b) => a.matmul(b), () => [leaf([2, 3]), leaf([3, 4])]],
  ['matmul batched broadcast', (a, b) => a.matmul(b), () => [leaf([2, 1, 2, 3]), leaf([3, 3, 2])]],
  ['matmul 1-d · 2-d', (a, b) => a.matmul(b), () => [leaf([3]), leaf([3, 2])]],
  ['matmul 2-d · 1-d', (a, b) => a.matmul(b), () => [leaf([2, 3]), leaf([3])]],
  ['dot via matmul', (a, b) => a.matmul(b), () => [leaf([3]), leaf([3])]],
  [
    'linear with bias',
    (x, w, b) => A.linear(x, w, b),
    () => [leaf([4, 3]), leaf([2, 3]), leaf([2])],
  ],
  ['linear 3-d input, no bias', (x, w) => A.linear(x, w), () => [leaf([2, 4, 3]), leaf([5, 3])]],
  ['linear 1-d input', (x, w, b) => A.linear(x, w, b), () => [leaf([3]), leaf([2, 3]), leaf([2])]],
  [
    'conv2d',
    (x, w, b) => A.conv2d(x, w, b, { stride: 2, padding: 1, dilation: 1 }),
    () => [leaf([2, 2, 5, 5]), leaf([3, 2, 3, 3]), leaf([3])],
  ],
  [
    'conv2d same + dilation',
    (x, w) => A.conv2d(x, w, null, { padding: 'same', dilation: 2 }),
    () => [leaf([1, 2, 5, 4]), leaf([2, 2, 2, 3])],
  ],
  [
    'convTranspose2d',
    (x, w, b) => A.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }),
    () => [leaf([2, 2, 3, 3]), leaf([2, 3, 3, 3]), leaf([3])],
  ],
  ['maxPool2d', (x) => A.maxPool2d(x, 2, { stride: 1 }), () => [leaf([1, 2, 4, 4])]],
  [
    'avgPool2d',
    (x) => A.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }),
    () => [leaf([2, 1, 5, 5])],
  ],
];

describe('gradcheck on every differentiable primitive (float64)', () => {
  it.each(cases)('%s', (_name, fn, make) => {
    const result = gradcheck(fn, make(), { atol: 1e-6, rtol: 1e-5 });
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('casts pass gradients through in the input dtype', () => {
    const a = leaf([3]);
    a.to('float32').mul(2).sum().backward();
    expect(a.grad!.dtype).toBe('float64');
    expect(a.grad!.toArray()).toEqual([2, 2, 2]);
    expect(a.to('int32').requiresGrad).toBe(false);
  });

  it('gradcheck itself catches a wrong gradient', () => {
    const wrong = (x: Tensor) => A.record('wrong', [x], x.data.mul(x.data), (g) => [g.mul(x.data)]);
    const result = gradcheck(wrong, [leaf([3])]);
    expect(result.ok).toBe(false);
    expect(result.mismatches[0]).toMatch(/input 0\[\d\]: analytical .*, numerical/);
  });

  it('rejects float32 inputs', () => {
    expect(() =>
      gradcheck((x) => x, [new Tensor(randnArray([2]), { requiresGrad: true })]),
    ).toThrow(/gradcheck: input 0 must be float64/);
  });
});
