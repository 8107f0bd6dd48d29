/**
 * A small fully connected sigmoid network with its own init, forward,
 * backward, loss and fit — in the style of a Keras model, written on the
 * tensor package alone (no autograd): every gradient is derived by hand.
 */
import { type Generator, type NDArray, uniform } from '@gradlab/tensor';

/** Which loss `fit` minimises: mean ½(ŷ − y)² or binary cross-entropy. */
export type NetworkLoss = 'mse' | 'bce';

/** Gradients of the loss w.r.t. every layer's weights and biases. */
export interface Gradients {
  dW: NDArray[];
  db: NDArray[];
}

/** Options of {@link SigmoidNetwork.fit}. */
export interface FitOptions {
  epochs: number;
  lr: number;
  /** Called after every epoch with the epoch (1-based) and the loss before that epoch's update. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Layers of sizes `sizes` (e.g. [2, 2, 1]), every unit a sigmoid, trained by
 * full-batch gradient descent. Weights are `[in, out]` so a layer computes
 * a·W + b on a batch of rows.
 */
export class SigmoidNetwork {
  readonly sizes: readonly number[];
  readonly lossName: NetworkLoss;
  weights: NDArray[] = [];
  biases: NDArray[] = [];
  /** The activations of the last forward pass: input, then one per layer. */
  private activations: NDArray[] = [];

  constructor(sizes: readonly number[], options: { loss?: NetworkLoss; generator: Generator }) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1))
      throw new Error(
        `SigmoidNetwork: sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`,
      );
    this.sizes = [...sizes];
    this.lossName = options.loss ?? 'mse';
    this.init(options.generator);
  }

  /** Draws every weight and bias from U(−1, 1) (the classic XOR textbook init). */
  init(generator: Generator): void {
    this.weights = [];
    this.biases = [];
    for (let l = 1; l < this.sizes.length; l++) {
      const [fanIn, fanOut] = [this.sizes[l - 1]!, this.sizes[l]!];
      this.weights.push(uniform([fanIn, fanOut], -1, 1, { generator, dtype: 'float64' }));
      this.biases.push(uniform([fanOut], -1, 1, { generator, dtype: 'float64' }));
    }
  }

  /** Runs the batch `x` [N, in] through every layer, keeping the activations for `backward`. */
  forward(x: NDArray): NDArray {
    if (x.ndim !== 2 || x.shape[1] !== this.sizes[0])
      throw new Error(
        `SigmoidNetwork.forward: expected input [N, ${this.sizes[0]}], got [${x.shape.join(', ')}]`,
      );
    let a = x.double();
    this.activations = [a];
    for (let l = 0; l < this.weights.length; l++) {
      a = a.matmul(this.weights[l]!).add(this.biases[l]!).sigmoid();
      this.activations.push(a);
    }
    return a;
  }

  /** The loss of predictions `yHat` against targets `y`, averaged over the batch. */
  loss(yHat: NDArray, y: NDArray): number {
    const t = y.double();
    if (this.lossName === 'mse') return yHat.sub(t).square().mul(0.5).sum(1).mean().item();
    const p = yHat.clamp(1e-12, 1 - 1e-12);
    return t
      .mul(p.log())
      .add(t.neg().add(1).mul(p.neg().add(1).log()))
      .neg()
      .sum(1)
      .mean()
      .item();
  }

  /**
   * Backpropagation for the last forward pass: δ_L = ∂L/∂z_L at the output,
   * then δ_(l−1) = (δ_l·W_lᵀ) ⊙ a(1 − a); ∂L/∂W_l = a_(l−1)ᵀ·δ_l, ∂L/∂b_l = Σ δ_l.
   */
  backward(y: NDArray): Gradients {
    const n = this.activations[0]!.shape[0]!;
    const out = this.activations.at(-1)!;
    const t = y.double();
    // MSE: ∂L/∂ŷ = (ŷ − y)/N, times σ' = ŷ(1 − ŷ). BCE: the σ' cancels, δ = (ŷ − y)/N.
    let delta = out.sub(t).div(n);
    if (this.lossName === 'mse') delta = delta.mul(out.mul(out.neg().add(1)));
    const dW: NDArray[] = new Array(this.weights.length);
    const db: NDArray[] = new Array(this.weights.length);
    for (let l = this.weights.length - 1; l >= 0; l--) {
      const aPrev = this.activations[l]!;
      dW[l] = aPrev.T.matmul(delta);
      db[l] = delta.sum(0);
      if (l > 0) delta = delta.matmul(this.weights[l]!.T).mul(aPrev.mul(aPrev.neg().add(1)));
    }
    return { dW, db };
  }

  /** One gradient-descent step: W ← W − lr·dW, b ← b − lr·db. */
  step(grads: Gradients, lr: number): void {
    this.weights = this.weights.map((w, l) => w.sub(grads.dW[l]!.mul(lr)));
    this.biases = this.biases.map((b, l) => b.sub(grads.db[l]!.mul(lr)));
  }

  /** Full-batch gradient descent for `epochs` epochs; returns the loss per epoch. */
  fit(x: NDArray, y: NDArray, options: FitOptions): number[] {
    const history: number[] = [];
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const loss = this.loss(this.forward(x), y);
      if (!Number.isFinite(loss))
        throw new Error(`SigmoidNetwork.fit: the loss became ${loss} in epoch ${epoch}`);
      this.step(this.backward(y), options.lr);
      history.push(loss);
      options.onEpoch?.(epoch, loss);
    }
    return history;
  }

  /** The network's outputs for `x` (a forward pass). */
  predict(x: NDArray): NDArray {
    return this.forward(x);
  }

  /** Number of weights and biases. */
  numParameters(): number {
    return [...this.weights, ...this.biases].reduce((s, p) => s + p.size, 0);
  }

  /** A copy of the parameters, named like a state dict (`layers.0.weight`, …). */
  stateDict(): Record<string, NDArray> {
    const out: Record<string, NDArray> = {};
    this.weights.forEach((w, l) => {
      out[`layers.${l}.weight`] = w.clone();
      out[`layers.${l}.bias`] = this.biases[l]!.clone();
    });
    return out;
  }
}
