import { linear, type Tensor } from '@gradlab/autograd';
import { type CellWeights, RecurrentBase, type RecurrentOptions } from './recurrent-base.js';

/** Options of {@link RNN}: the shared recurrent options plus the nonlinearity. */
export interface RNNOptions extends RecurrentOptions {
  /** h′ = nonlinearity(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * An Elman RNN, as `torch.nn.RNN`: h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)
 * (or ReLU), stacked `numLayers` deep.
 *
 * Input is [seq, batch, inputSize] ([batch, seq, inputSize] with `batchFirst`)
 * or unbatched [seq, inputSize]; the initial state h0 is
 * [numLayers·numDirections, batch, hiddenSize] (never batch-first, as in
 * PyTorch; zeros when omitted). `forward` returns the outputs of the last
 * layer at every step so the layer fits in a `Sequential`;
 * {@link RNN.forwardWithState} also returns the final states hN.
 *
 * Parameters: `weightIhL{k}` [hiddenSize, in], `weightHhL{k}` [hiddenSize, hiddenSize],
 * `biasIhL{k}`, `biasHhL{k}` [hiddenSize], all U(±1/√hiddenSize).
 */
export class RNN extends RecurrentBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('RNN', 1, inputSize, hiddenSize, options);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new Error(
        `RNN: nonlinearity must be 'tanh' or 'relu', got '${this.nonlinearity as string}'`,
      );
    }
  }

  /** The outputs [seq, batch, numDirections·hiddenSize] (in the input's layout). */
  forward(input: Tensor, h0?: Tensor): Tensor {
    return this.forwardWithState(input, h0).output;
  }

  /** The outputs and the final hidden states h [numLayers·numDirections, batch, hiddenSize]. */
  forwardWithState(input: Tensor, h0?: Tensor): { output: Tensor; h: Tensor } {
    const relu = this.nonlinearity === 'relu';
    const cell = (x: Tensor, [h]: readonly Tensor[], w: CellWeights) => {
      const pre = linear(x, w.wIh, w.bIh).add(linear(h!, w.wHh, w.bHh));
      return [relu ? pre.relu() : pre.tanh()];
    };
    const { output, finals } = this.run(input, [h0], cell);
    return { output, h: finals[0]! };
  }

  override extraRepr(): string {
    const base = super.extraRepr();
    return this.nonlinearity === 'tanh' ? base : `${base}, nonlinearity=relu`;
  }
}
