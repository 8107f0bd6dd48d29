import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { array, Generator, NDArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import {
  backward,
  createNetwork,
  forward,
  type Network,
  reluGrad,
  sigmoidGrad,
  softmaxCrossEntropy,
} from './network.js';
import { correlation } from './report.js';
import { miniBatches } from './train-scratch.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

describe(`mnist-from-scratch on MNIST${skipNote}`, () => {
  it.skipIf(!hasMnist)('trains all three networks for real, well above chance', async () => {
    const run = await runQuick('mnist-from-scratch');
    const m = run.metrics as Record<string, number>;
    expect(m.train_images).toBe(10000);
    expect(m.test_images).toBe(2000);
    // 10 000 images × 2 epochs: the linear model reaches ≈ 85.5 %, the ReLU MLP ≈ 87 %, sigmoid ≈ 82 % (chance: 10 %).
    expect(m.test_accuracy_linear).toBeGreaterThanOrEqual(0.83);
    expect(m.test_accuracy_mlp_relu).toBeGreaterThanOrEqual(0.85);
    expect(m.test_accuracy_mlp_sigmoid).toBeGreaterThanOrEqual(0.75);
    expect(m.test_loss_linear).toBeLessThan(0.7); // ln 10 ≈ 2.30 at chance
    // The pictures of the weights really are digit templates.
    expect(m.template_correlation_min).toBeGreaterThan(0.15);
    expect(m.template_correlation_mean).toBeGreaterThan(0.3);
    expect(m.never_inked_pixels).toBeGreaterThan(0);
    expect(run.figures.sort()).toEqual([
      'curves-linear.svg',
      'curves-mlp-relu.svg',
      'curves-mlp-sigmoid.svg',
      'misclassified.svg',
      'test-accuracy.svg',
      'weight-templates.svg',
    ]);
    for (const f of ['model-linear', 'model-mlp-relu', 'model-mlp-sigmoid'])
      expect(existsSync(join(run.outDir, `${f}.safetensors`))).toBe(true);
    expect(run.report).toContain('batch 64, lr 0.1, 2 epochs');
  });
});

/** Loss of `net` on (x, y), for finite differences. */
const lossOf = (net: Network, x: NDArray, y: NDArray) =>
  softmaxCrossEntropy(forward(net, x).logits, y).loss.item();

describe('mnist-from-scratch network functions', () => {
  for (const activation of ['relu', 'sigmoid'] as const) {
    it(`backward matches finite differences (${activation}, float64)`, () => {
      const g = new Generator(3);
      const net = createNetwork([5, 4, 3], activation, g);
      for (const l of net.layers) {
        l.weight = l.weight.double();
        l.bias = l.bias.double().add(0.1);
      }
      const x = array(
        [
          [0.5, -1, 0.3, 0.9, -0.2],
          [1.2, 0.1, -0.7, 0.4, 0.8],
          [-0.3, 0.6, 0.2, -1.1, 0.5],
        ],
        { dtype: 'float64' },
      );
      const y = array([2, 0, 1], { dtype: 'int32' });
      const cache = forward(net, x);
      const grads = backward(net, cache, softmaxCrossEntropy(cache.logits, y).dLogits);
      const eps = 1e-6;
      net.layers.forEach((layer, li) => {
        for (const [name, p] of [
          ['weight', layer.weight],
          ['bias', layer.bias],
        ] as const) {
          const analytic = grads[li]![name].contiguous().dataSync();
          for (let i = 0; i < p.size; i++) {
            const delta = new Float64Array(p.size);
            delta[i] = eps;
            const d = NDArray.fromTypedArray(delta, p.shape);
            layer[name] = p.add(d);
            const up = lossOf(net, x, y);
            layer[name] = p.sub(d);
            const down = lossOf(net, x, y);
            layer[name] = p;
            expect(analytic[i]!).toBeCloseTo((up - down) / (2 * eps), 6);
          }
        }
      });
    });
  }

  it('softmax cross-entropy is stable for huge logits and right on easy cases', () => {
    const big = softmaxCrossEntropy(array([[1000, 0, -1000]]), array([0], { dtype: 'int32' }));
    expect(big.loss.item()).toBeCloseTo(0, 6);
    expect(Number.isFinite(big.loss.item())).toBe(true);
    const even = softmaxCrossEntropy(array([[0, 0, 0, 0]]), array([3], { dtype: 'int32' }));
    expect(even.loss.item()).toBeCloseTo(Math.log(4), 5);
    expect(Array.from(even.dLogits.dataSync())).toEqual(
      [0.25, 0.25, 0.25, -0.75].map((v) => expect.closeTo(v, 6)),
    );
  });

  it('derivatives, mini-batches and correlation', () => {
    expect(Array.from(reluGrad(array([-1, 0, 2])).dataSync())).toEqual([0, 0, 1]);
    expect(sigmoidGrad(array([0])).item()).toBeCloseTo(0.25, 6);
    const batches = miniBatches(10, 4, new Generator(1));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => Array.from(b)).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
  });
});
