import { Tensor } from '@gradlab/autograd';
import { Adam } from '@gradlab/optim';
import { Generator, NDArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { type ArModel, Made, meanNll, Nade, nllLoss, rowNll, sample } from './models.js';

/** All 2^D binary vectors, one per row. */
function allOutcomes(d: number): NDArray {
  const n = 2 ** d;
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = (i >> j) & 1;
  return NDArray.fromTypedArray(data, [n, d]);
}

const totalProbability = async (m: ArModel, d: number) =>
  Array.from(await rowNll(m, allOutcomes(d))).reduce((s, nll) => s + Math.exp(-nll), 0);

describe('nade-made models', () => {
  const d = 4;
  const models: [string, () => ArModel][] = [
    ['NADE sigmoid', () => new Nade(d, 8, 'sigmoid', new Generator(1))],
    ['NADE relu', () => new Nade(d, 8, 'relu', new Generator(2))],
    ['MADE natural', () => new Made(d, { hidden: [16], generator: new Generator(3) })],
    [
      'MADE random ordering, 2 layers, sequential',
      () =>
        new Made(d, {
          hidden: [16, 16],
          ordering: 'random',
          connectivity: 'sequential',
          activation: 'tanh',
          generator: new Generator(4),
        }),
    ],
  ];
  for (const [name, make] of models) {
    it(`${name}: probabilities of all 2^${d} outcomes sum to 1, before and after training`, async () => {
      const m = make();
      expect(await totalProbability(m, d)).toBeCloseTo(1, 4);
      // Train on a skewed distribution; the sum stays 1 and the likelihood rises.
      const x = NDArray.fromTypedArray(
        Float32Array.from({ length: 64 * d }, (_, i) => (i % 3 === 0 || (i >> 2) % 2 ? 1 : 0)),
        [64, d],
      );
      const before = await meanNll(m, x);
      const opt = new Adam(m.parameters(), { lr: 0.05 });
      for (let s = 0; s < 60; s++) {
        const l = nllLoss(m.forward(new Tensor(x)), x);
        opt.zeroGrad();
        l.backward();
        opt.step();
      }
      expect(await meanNll(m, x)).toBeLessThan(before - 0.3);
      expect(await totalProbability(m, d)).toBeCloseTo(1, 4);
    });
  }

  it('NADE output d does not depend on x_d or later inputs', () => {
    const m = new Nade(5, 6, 'sigmoid', new Generator(5));
    const base = NDArray.fromTypedArray(Float32Array.from([1, 0, 1, 1, 0]), [1, 5]);
    const l0 = m.forward(new Tensor(base)).data.dataSync();
    const flipped = NDArray.fromTypedArray(Float32Array.from([1, 0, 0, 0, 1]), [1, 5]);
    const l1 = m.forward(new Tensor(flipped)).data.dataSync();
    for (const j of [0, 1, 2]) expect(l1[j]).toBeCloseTo(l0[j]!, 6);
    expect(Math.abs(l1[3]! - l0[3]!)).toBeGreaterThan(1e-6);
  });

  it('samples follow the ordering and are binary', async () => {
    const m = new Made(6, { hidden: [12], ordering: 'random', generator: new Generator(6) });
    const s = await sample(m, 20, 6, new Generator(7));
    expect(s.shape).toEqual([20, 6]);
    for (const v of s.dataSync()) expect(v === 0 || v === 1).toBe(true);
  });
});
