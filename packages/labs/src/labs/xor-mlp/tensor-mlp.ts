/**
 * A sigmoid multi-layer perceptron written on @gradlab/tensor alone: its own
 * initialisation, forward pass, mean-squared-error loss, backward pass
 * (the chain rule by hand) and gradient-descent update. No autograd.
 */
import { type Generator, NDArray, uniform, zeros } from '@gradlab/tensor';

/** Weights and biases of one layer: a = σ(x·W + b), W [in, out], b [1, out]. */
export interface DenseLayer {
  W: NDArray;
  b: NDArray;
}

/** Gradients of the loss with respect to every layer's W and b. */
export interface Gradients {
  dW: NDArray[];
  db: NDArray[];
}

/**
 * Uniform Xavier/Glorot initialisation U(±√(6 / (in + out))) for the weights
 * and zeros for the biases, for layer sizes like [2, 4, 1].
 */
export function initMlp(sizes: readonly number[], generator: Generator): DenseLayer[] {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`initMlp: sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
  }
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i]!, sizes[i + 1]!];
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    layers.push({
      W: uniform([fanIn, fanOut], -bound, bound, { generator, dtype: 'float64' }),
      b: zeros([1, fanOut], { dtype: 'float64' }),
    });
  }
  return layers;
}

/** Forward pass: the activations of every layer, input first (a[0] = x, a[L] = ŷ). */
export function forward(layers: readonly DenseLayer[], x: NDArray): NDArray[] {
  const a = [x];
  for (const { W, b } of layers) a.push(a[a.length - 1]!.matmul(W).add(b).sigmoid());
  return a;
}

/** Mean squared error over every output: mean((ŷ − y)²). */
export function mseLoss(yHat: NDArray, y: NDArray): number {
  return yHat.sub(y).square().mean().item();
}

/**
 * Backward pass for the MSE of a sigmoid MLP. With δ_L = ∂L/∂z_L =
 * 2(ŷ − y)/n · ŷ(1 − ŷ): ∂L/∂W_l = a_(l−1)ᵀ δ_l, ∂L/∂b_l = Σ_rows δ_l, and
 * δ_(l−1) = (δ_l W_lᵀ) ⊙ a_(l−1)(1 − a_(l−1)).
 */
export function backward(
  layers: readonly DenseLayer[],
  activations: readonly NDArray[],
  y: NDArray,
): Gradients {
  const L = layers.length;
  const yHat = activations[L]!;
  const sigmoidPrime = (a: NDArray) => a.mul(a.neg().add(1));
  let delta = yHat
    .sub(y)
    .mul(2 / yHat.size)
    .mul(sigmoidPrime(yHat));
  const dW: NDArray[] = new Array(L);
  const db: NDArray[] = new Array(L);
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = activations[l]!;
    dW[l] = aPrev.T.matmul(delta);
    db[l] = delta.sum(0, true);
    if (l > 0) delta = delta.matmul(layers[l]!.W.T).mul(sigmoidPrime(aPrev));
  }
  return { dW, db };
}

/** Gradient-descent update in place: W ← W − lr·∂L/∂W, b ← b − lr·∂L/∂b. */
export function update(layers: DenseLayer[], grads: Gradients, lr: number): void {
  layers.forEach((layer, l) => {
    layer.W.sub_(grads.dW[l]!.mul(lr));
    layer.b.sub_(grads.db[l]!.mul(lr));
  });
}

/**
 * Full-batch training; returns the loss before each update (epoch 1 … epochs).
 * `onEpoch` sees the epoch, that loss and the predictions it came from.
 */
export function train(
  layers: DenseLayer[],
  x: NDArray,
  y: NDArray,
  options: {
    epochs: number;
    lr: number;
    onEpoch?: (epoch: number, loss: number, yHat: NDArray) => void;
  },
): number[] {
  const losses: number[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const a = forward(layers, x);
    const yHat = a[a.length - 1]!;
    const loss = mseLoss(yHat, y);
    if (!Number.isFinite(loss))
      throw new Error(`train: the loss became ${loss} in epoch ${epoch}; lower the learning rate`);
    losses.push(loss);
    update(layers, backward(layers, a, y), options.lr);
    options.onEpoch?.(epoch, loss, yHat);
  }
  return losses;
}

/** Number of weights and biases. */
export function parameterCount(layers: readonly DenseLayer[]): number {
  return layers.reduce((n, l) => n + l.W.size + l.b.size, 0);
}

/**
 * Checks {@link backward} against central finite differences of the loss,
 * (L(p + ε) − L(p − ε)) / 2ε for every weight and bias; returns the largest
 * absolute difference.
 */
export function gradientCheck(layers: DenseLayer[], x: NDArray, y: NDArray, eps = 1e-6): number {
  const a = forward(layers, x);
  const grads = backward(layers, a, y);
  const loss = () => mseLoss(forward(layers, x).at(-1)!, y);
  let worst = 0;
  layers.forEach((layer, l) => {
    for (const [param, grad] of [
      [layer.W, grads.dW[l]!],
      [layer.b, grads.db[l]!],
    ] as const) {
      const original = param.dataSync().slice();
      const g = grad.dataSync();
      const lossWith = (i: number, delta: number) => {
        const values = original.slice();
        values[i]! += delta;
        param.copy_(NDArray.fromTypedArray(values, param.shape));
        return loss();
      };
      for (let i = 0; i < original.length; i++) {
        const numeric = (lossWith(i, eps) - lossWith(i, -eps)) / (2 * eps);
        worst = Math.max(worst, Math.abs(numeric - g[i]!));
      }
      param.copy_(NDArray.fromTypedArray(original, param.shape));
    }
  });
  return worst;
}
