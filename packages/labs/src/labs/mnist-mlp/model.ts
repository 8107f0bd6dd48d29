/**
 * The 784-128-64-10 ReLU MLP shared by the MNIST MLP
 * labs (`mnist-mlp`, `mnist-manual-vs-autograd`, `gd-variants`).
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { kaimingUniform_, Linear, type Module, ReLU, Sequential, zeros_ } from '@gradlab/nn';
import type { Generator, NDArray } from '@gradlab/tensor';

/** Layer sizes of the course's MNIST MLP. */
export const MLP_SIZES = [784, 128, 64, 10] as const;

/** How {@link mnistMlp} initialises its layers. */
export type MlpInit = 'he' | 'pytorch';

/**
 * Linear(784, 128) → ReLU → Linear(128, 64) → ReLU → Linear(64, 10), drawn
 * from `generator`. `'he'` (default): He (Kaiming) uniform weights for ReLU,
 * U(±√(6/fan_in)), and zero biases. `'pytorch'`: `nn.Linear`'s own default,
 * weights and biases U(±1/√fan_in) — √6 times smaller weights, which learn
 * noticeably slower from [−1, 1] pixels.
 */
export function mnistMlp(generator: Generator, init: MlpInit = 'he'): Sequential {
  const o = init === 'pytorch' ? { generator } : {};
  const layers = [new Linear(784, 128, o), new Linear(128, 64, o), new Linear(64, 10, o)];
  if (init === 'he') {
    for (const l of layers) {
      kaimingUniform_(l.weight, { nonlinearity: 'relu', generator });
      if (l.bias) zeros_(l.bias);
    }
  }
  return new Sequential(layers[0]!, new ReLU(), layers[1]!, new ReLU(), layers[2]!);
}

/**
 * Predicted class of every row of `x`, in chunks, without gradients and in
 * eval mode (read back with `await`, so it runs on every backend).
 */
export async function predictClasses(model: Module, x: NDArray, chunk = 2000): Promise<Int32Array> {
  const n = x.shape[0]!;
  const out = new Int32Array(n);
  model.eval();
  try {
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      const pred = noGrad(() => model.forward(new Tensor(x.narrow(0, start, len))).data.argmax(1));
      out.set(Array.from(await pred.data(), Number), start);
    }
  } finally {
    model.train();
  }
  return out;
}

/** Fraction of equal entries. */
export function accuracyOf(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** Percent with one decimal, e.g. `97.8 %`. */
export const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
/** Rounds to 4 decimals for metrics.json. */
export const round4 = (v: number): number => Number(v.toFixed(4));
