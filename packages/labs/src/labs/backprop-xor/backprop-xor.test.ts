import { xor } from '@gradlab/datasets';
import { Generator, NDArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { epochOfDrop, maxError } from './index.js';
import { SigmoidNetwork } from './network.js';

interface NetMetrics {
  final_loss: number;
  initial_loss: number;
  predictions: number[];
  max_error: number;
  converged: boolean;
  parameters: number;
}

describe('backprop-xor', () => {
  it('learns XOR with the hand-written 2-2-1 network and compares a deeper one', async () => {
    const run = await runQuick('backprop-xor');
    const small = run.metrics.net_2_2_1 as unknown as NetMetrics;
    const deep = run.metrics.net_2_2_2_1 as unknown as NetMetrics;
    // Every prediction within 0.1 of its XOR target.
    small.predictions.forEach((p, i) => {
      expect(Math.abs(p - [0, 1, 1, 0][i]!)).toBeLessThan(0.1);
    });
    expect(small.converged).toBe(true);
    expect(small.final_loss).toBeLessThan(small.initial_loss / 50);
    expect(small.parameters).toBe(9);
    expect(deep.parameters).toBe(15);
    expect(deep.final_loss).toBeLessThan(deep.initial_loss);
    const sweep = run.metrics.seed_sweep as Record<string, number>;
    expect(sweep.seeds).toBe(6);
    expect(sweep.converged_2_2_1).toBeGreaterThanOrEqual(4);
    expect(run.figures.sort()).toEqual([
      'decision-regions.svg',
      'loss-curves.svg',
      'predictions.svg',
      'seed-sweep.svg',
    ]);
    expect(run.report).toContain('converged within 3000 epochs');
  });

  it('backward matches finite differences of the loss', () => {
    const { features: x, targets: y } = xor();
    for (const loss of ['mse', 'bce'] as const) {
      const net = new SigmoidNetwork([2, 3, 2, 1], { loss, generator: new Generator(3) });
      net.forward(x);
      const g = net.backward(y!);
      const eps = 1e-6;
      net.weights.forEach((w, l) => {
        const analytic = g.dW[l]!.dataSync();
        const base = Float64Array.from(w.dataSync());
        const lossAt = (k: number, delta: number) => {
          const data = Float64Array.from(base);
          data[k]! += delta;
          net.weights[l] = NDArray.fromTypedArray(data, [...w.shape]);
          return net.loss(net.forward(x), y!);
        };
        for (let k = 0; k < base.length; k++) {
          const numeric = (lossAt(k, eps) - lossAt(k, -eps)) / (2 * eps);
          expect(analytic[k]!).toBeCloseTo(numeric, 7);
        }
        net.weights[l] = w;
      });
    }
  });

  it('measures errors and the loss drop', () => {
    expect(maxError([0, 1, 1, 0.3])).toBeCloseTo(0.3);
    expect(epochOfDrop([1, 0.8, 0.5, 0.2, 0], 0.5)).toBe(3);
    expect(() => new SigmoidNetwork([2], { generator: new Generator(0) })).toThrow(/sizes/);
  });
});
