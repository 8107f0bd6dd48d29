/**
 * Rosenblatt's perceptron learning rule, one sample at a time, keeping a
 * record of every step so the lab can print and plot the whole run.
 */
import type { Generator } from '@gradlab/tensor';

/** A perceptron's parameters: ŷ = sign(w1·x1 + w2·x2 + b). */
export interface PerceptronWeights {
  w1: number;
  w2: number;
  b: number;
}

/** One visit of one sample during training. */
export interface PerceptronStep {
  epoch: number;
  /** Index of the sample (0-based). */
  sample: number;
  x: [number, number];
  y: number;
  /** w·x + b before the step. */
  activation: number;
  /** sign of the activation (0 counts as wrong for either class). */
  prediction: number;
  /** True when y·(w·x + b) ≤ 0, so the rule updates the weights. */
  updated: boolean;
  before: PerceptronWeights;
  after: PerceptronWeights;
}

export interface PerceptronRun {
  initial: PerceptronWeights;
  final: PerceptronWeights;
  steps: PerceptronStep[];
  /** Misclassifications (updates) in each epoch. */
  errorsPerEpoch: number[];
  /** First epoch with no error, or null when maxEpochs ran out first. */
  convergedEpoch: number | null;
}

/** w·x + b. */
export function activation(w: PerceptronWeights, x: readonly number[]): number {
  return w.w1 * x[0]! + w.w2 * x[1]! + w.b;
}

/**
 * Trains a perceptron on points `x` with labels ±1. Weights start
 * uniform(−1, 1) from `generator`; a sample is misclassified when
 * y·(w·x + b) ≤ 0, and then w ← w + lr·y·x, b ← b + lr·y. Stops after the
 * first epoch with no misclassification, or after `maxEpochs`.
 */
export function trainPerceptron(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: { lr: number; maxEpochs: number; generator: Generator },
): PerceptronRun {
  if (x.length !== y.length || x.length === 0)
    throw new Error(`trainPerceptron: ${x.length} points but ${y.length} labels`);
  for (const [i, v] of y.entries()) {
    if (v !== 1 && v !== -1) throw new Error(`trainPerceptron: label ${i} must be ±1, got ${v}`);
  }
  const u = () => 2 * options.generator.random() - 1;
  const initial = { w1: u(), w2: u(), b: u() };
  let w = { ...initial };
  const steps: PerceptronStep[] = [];
  const errorsPerEpoch: number[] = [];
  let convergedEpoch: number | null = null;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    let errors = 0;
    for (const [i, xi] of x.entries()) {
      const yi = y[i]!;
      const a = activation(w, xi);
      const updated = yi * a <= 0;
      const before = w;
      if (updated) {
        errors++;
        w = {
          w1: w.w1 + options.lr * yi * xi[0]!,
          w2: w.w2 + options.lr * yi * xi[1]!,
          b: w.b + options.lr * yi,
        };
      }
      steps.push({
        epoch,
        sample: i,
        x: [xi[0]!, xi[1]!],
        y: yi,
        activation: a,
        prediction: a > 0 ? 1 : a < 0 ? -1 : 0,
        updated,
        before,
        after: w,
      });
    }
    errorsPerEpoch.push(errors);
    if (errors === 0) {
      convergedEpoch = epoch;
      break;
    }
  }
  return { initial, final: w, steps, errorsPerEpoch, convergedEpoch };
}
