/** A recurrent network with a dense head on its last step: the sequence labs' model. */
import { noGrad, Tensor } from '@gradlab/autograd';
import { Linear, LSTM, Module, RNN, Sequential } from '@gradlab/nn';
import type { Generator, NDArray } from '@gradlab/tensor';

/** Options of {@link SequenceRegressor}. */
export interface SequenceRegressorOptions {
  /** 'rnn' (Elman, tanh) or 'lstm'. */
  cell: 'rnn' | 'lstm';
  inputSize?: number;
  hiddenSize: number;
  /** Stacked recurrent layers. Default 1. */
  numLayers?: number;
  /** Width of a dense layer between the recurrent stack and the output (Keras' Dense(25)); none when omitted. */
  headHidden?: number;
  generator: Generator;
}

/**
 * Many-to-one regression: `[batch, time, features]` → recurrent stack
 * (batch-first) → the last step's hidden state → Linear (→ Linear) → `[batch, 1]`.
 */
export class SequenceRegressor extends Module {
  recurrent: RNN | LSTM;
  head: Sequential;

  constructor(o: SequenceRegressorOptions) {
    super();
    const opts = { batchFirst: true, numLayers: o.numLayers ?? 1, generator: o.generator };
    const inSize = o.inputSize ?? 1;
    this.recurrent =
      o.cell === 'lstm'
        ? new LSTM(inSize, o.hiddenSize, opts)
        : new RNN(inSize, o.hiddenSize, opts);
    this.head = o.headHidden
      ? new Sequential(
          new Linear(o.hiddenSize, o.headHidden, { generator: o.generator }),
          new Linear(o.headHidden, 1, { generator: o.generator }),
        )
      : new Sequential(new Linear(o.hiddenSize, 1, { generator: o.generator }));
  }

  forward(x: Tensor): Tensor {
    const out = this.recurrent.forward(x); // [batch, time, hidden]
    return this.head.forward(out.select(1, out.shape[1]! - 1));
  }
}

/**
 * The model's outputs for inputs `x` `[N, T, F]`, in evaluation mode without
 * gradients, in batches (read back with `await`, so it works on a device too).
 */
export async function predictSequences(
  model: Module,
  x: NDArray,
  batchSize = 256,
): Promise<Float32Array> {
  const n = x.shape[0]!;
  const out = new Float32Array(n);
  const wasTraining = model.training;
  model.eval();
  try {
    for (let s = 0; s < n; s += batchSize) {
      const idx = Array.from({ length: Math.min(batchSize, n - s) }, (_, i) => s + i);
      const y = noGrad(() => model.forward(new Tensor(x.indexSelect(0, idx))).data);
      out.set(await y.data(), s);
    }
  } finally {
    model.train(wasTraining);
  }
  return out;
}

/** Root mean squared error and mean absolute error of predictions. */
export function errorScores(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): { rmse: number; mae: number; mse: number } {
  const n = actual.length;
  if (predicted.length !== n || n === 0)
    throw new Error(`errorScores: ${predicted.length} predictions for ${n} targets`);
  let sse = 0;
  let sae = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual[i]!;
    sse += e * e;
    sae += Math.abs(e);
  }
  return { rmse: Math.sqrt(sse / n), mae: sae / n, mse: sse / n };
}

/** Mean and population standard deviation. */
export function meanStd(v: ArrayLike<number>): { mean: number; std: number } {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i]! / v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - m) ** 2 / v.length;
  return { mean: m, std: Math.sqrt(s) };
}
