import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { runQuick } from '../../runner/test-run.js';
import { trainPerceptron } from './perceptron.js';

const X = [
  [2, 3],
  [1, 4],
  [2, 4],
  [4, 2],
  [5, 1],
  [4, 3],
];
const Y = [1, 1, 1, -1, -1, -1];

describe('perceptron-eeg', () => {
  it('converges to weights that separate the EEG recordings, printing every update', async () => {
    const run = await runQuick('perceptron-eeg');
    const m = run.metrics;
    expect(m.converged).toBe(true);
    expect(m.final_errors).toBe(0);
    const errors = m.errors_per_epoch as number[];
    expect(errors.at(-1)).toBe(0);
    expect(errors.slice(0, -1).every((e) => e > 0)).toBe(true);
    expect(m.epochs_to_converge).toBe(errors.length);
    expect(m.total_updates).toBe(errors.reduce((a, b) => a + b, 0));
    expect(m.training_accuracy).toBe(1);

    const init = m.initial_weights as { w1: number; w2: number; b: number };
    for (const v of Object.values(init)) expect(Math.abs(v)).toBeLessThan(1);
    // Independent check: every recording is on its own side of the final line.
    const w = m.final_weights as { w1: number; w2: number; b: number };
    X.forEach(([x1, x2], i) => {
      expect(Y[i]! * (w.w1 * x1! + w.w2 * x2! + w.b), `sample ${i + 1}`).toBeGreaterThan(0);
    });
    // With lr 1, the final weights are the initial ones plus ±1 times whole samples.
    expect(w.b - init.b).toBeCloseTo(Math.round(w.b - init.b), 5);

    // Every update is printed, step by step.
    const printed = run.console.match(/ ✗\n/g) ?? [];
    expect(printed.length).toBe(m.total_updates);
    expect(run.console).toContain('w1 ← w1 + lr·y·x1 =');
    expect(run.figures.sort()).toEqual([
      'errors-per-epoch.svg',
      'separating-line.svg',
      'weight-trajectories.svg',
    ]);
  });

  it('converges from other random starts and learning rates, but never on XOR', () => {
    for (let seed = 0; seed < 10; seed++) {
      for (const lr of [0.1, 1]) {
        const r = trainPerceptron(X, Y, { lr, maxEpochs: 100, generator: new Generator(seed) });
        expect(r.convergedEpoch, `seed ${seed}, lr ${lr}`).not.toBeNull();
        X.forEach((x, i) => {
          expect(Y[i]! * (r.final.w1 * x[0]! + r.final.w2 * x[1]! + r.final.b)).toBeGreaterThan(0);
        });
      }
    }
    const xor = trainPerceptron(
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      [-1, 1, 1, -1],
      { lr: 1, maxEpochs: 100, generator: new Generator(1) },
    );
    expect(xor.convergedEpoch).toBeNull();
    expect(xor.errorsPerEpoch).toHaveLength(100);
    expect(() =>
      trainPerceptron([[1, 2]], [0], { lr: 1, maxEpochs: 1, generator: new Generator(1) }),
    ).toThrow(/label 0 must be ±1/);
  });
});
