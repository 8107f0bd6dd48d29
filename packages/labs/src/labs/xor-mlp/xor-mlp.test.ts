import { readFileSync } from 'node:fs';
import { tensor } from '@gradlab/autograd';
import { array, Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { backward, forward, gradientCheck, initMlp, mseLoss, train } from './tensor-mlp.js';

const TARGETS = { x00: 0, x01: 1, x10: 1, x11: 0 };
const X = array(
  [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ],
  { dtype: 'float64' },
);
const Y = array([[0], [1], [1], [0]], { dtype: 'float64' });

describe('xor-mlp', () => {
  it('learns XOR with a hand-written MLP, with one and two hidden layers', async () => {
    const run = await runQuick('xor-mlp');
    const m = run.metrics as Record<string, unknown>;
    for (const net of ['2_4_1', '2_4_4_1']) {
      const p = m[`predictions_${net}`] as Record<string, number>;
      for (const [k, t] of Object.entries(TARGETS)) {
        expect(Math.abs(p[k]! - t), `${net} ${k}`).toBeLessThan(0.1);
      }
      expect(m[`max_abs_error_${net}`] as number).toBeLessThan(0.1);
      expect(m[`final_loss_${net}`] as number).toBeLessThan(
        (m[`initial_loss_${net}`] as number) / 20,
      );
      expect(m[`epochs_within_0_1_${net}`]).not.toBeNull();
      expect(m[`gradient_check_${net}`] as number).toBeLessThan(1e-6);
    }
    expect(m.parameters_2_4_1).toBe(17);
    expect(m.parameters_2_4_4_1).toBe(37);
    expect(run.figures.sort()).toEqual([
      'decision-regions.svg',
      'loss-curves.svg',
      'predictions.svg',
    ]);
    expect(run.report).toContain('Part 2 — the second hidden layer');
  });

  it('uses no autograd: its own backward pass gives autograd’s gradients', () => {
    for (const file of ['index.ts', 'tensor-mlp.ts']) {
      const src = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      expect(src, file).not.toMatch(/@gradlab\/autograd|\.backward\(\)|requiresGrad/);
    }
    const layers = initMlp([2, 4, 4, 1], new Generator(3));
    const grads = backward(layers, forward(layers, X), Y);
    // The same network and loss, differentiated by autograd.
    const params = layers.map((l) => ({
      W: tensor(l.W.clone(), { requiresGrad: true }),
      b: tensor(l.b.clone(), { requiresGrad: true }),
    }));
    let a = tensor(X);
    for (const p of params) a = a.matmul(p.W).add(p.b).sigmoid();
    a.sub(tensor(Y)).square().mean().backward();
    params.forEach((p, l) => {
      const pairs = [
        [grads.dW[l]!, p.W.grad!],
        [grads.db[l]!, p.b.grad!],
      ] as const;
      for (const [mine, auto] of pairs) {
        const m = mine.dataSync();
        for (const [i, g] of auto.dataSync().entries()) expect(m[i]).toBeCloseTo(g, 12);
      }
    });
    expect(gradientCheck(layers, X, Y)).toBeLessThan(1e-8);
  });

  it('trains another initialisation to a small loss and rejects bad layer sizes', () => {
    const layers = initMlp([2, 4, 1], new Generator(7));
    const before = mseLoss(forward(layers, X).at(-1)!, Y);
    const losses = train(layers, X, Y, { epochs: 3000, lr: 1 });
    expect(losses[0]).toBeCloseTo(before, 12);
    expect(losses.at(-1)!).toBeLessThan(0.01);
    expect(() => initMlp([2], new Generator(1))).toThrow(/sizes must be/);
  });
});
