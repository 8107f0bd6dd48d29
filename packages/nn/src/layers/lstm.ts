import { linear, lstmCell, type Tensor } from '@gradlab/autograd';
import { type CellWeights, RecurrentBase, type RecurrentOptions } from './recurrent-base.js';

/** One LSTM step with PyTorch's gate order i, f, g, o. */
function lstmStep(x: Tensor, [h, c]: readonly Tensor[], w: CellWeights): Tensor[] {
  const gates = linear(x, w.wIh, w.bIh).add(linear(h!, w.wHh, w.bHh));
  // σ, tanh, c′ = f·c + i·g and h′ = o·tanh(c′) in one fused primitive: [h′ | c′].
  const hc = lstmCell(gates, c!);
  const size = c!.shape[1]!;
  return [hc.narrow(1, 0, size), hc.narrow(1, size, size)];
}

/**
 * A long short-term memory layer, as `torch.nn.LSTM`:
 *
 *     i, f, g, o = σ(·), σ(·), tanh(·), σ(·) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh
 *     c′ = f ⊙ c + i ⊙ g,   h′ = o ⊙ tanh(c′)
 *
 * Input is [seq, batch, inputSize] ([batch, seq, inputSize] with `batchFirst`)
 * or unbatched [seq, inputSize]; the initial states h0 and c0 are
 * [numLayers·numDirections, batch, hiddenSize] (zeros when omitted).
 * PyTorch's `lstm(x, (h0, c0))` returning `(output, (hN, cN))` is
 * {@link LSTM.forwardWithState} returning `{ output, h, c }`; `forward`
 * returns only the output so the layer fits in a `Sequential`.
 *
 * Parameters: `weightIhL{k}` [4·hiddenSize, in], `weightHhL{k}` [4·hiddenSize, hiddenSize],
 * `biasIhL{k}`, `biasHhL{k}` [4·hiddenSize] (rows in gate order i, f, g, o),
 * all U(±1/√hiddenSize).
 */
export class LSTM extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', 4, inputSize, hiddenSize, options);
  }

  /** The outputs [seq, batch, numDirections·hiddenSize] (in the input's layout). */
  forward(input: Tensor, h0?: Tensor, c0?: Tensor): Tensor {
    return this.forwardWithState(input, { h: h0, c: c0 }).output;
  }

  /**
   * The outputs and the final states h and c, each
   * [numLayers·numDirections, batch, hiddenSize]; `state` holds h0 and c0.
   */
  forwardWithState(
    input: Tensor,
    state: { h?: Tensor | undefined; c?: Tensor | undefined } = {},
  ): { output: Tensor; h: Tensor; c: Tensor } {
    const { output, finals } = this.run(input, [state.h, state.c], lstmStep);
    return { output, h: finals[0]!, c: finals[1]! };
  }
}
