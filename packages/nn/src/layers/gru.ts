import { linear, type Tensor } from '@gradlab/autograd';
import { type CellWeights, RecurrentBase, type RecurrentOptions } from './recurrent-base.js';

/** One GRU step with PyTorch's gate order r, z, n. */
function gruCell(x: Tensor, [h]: readonly Tensor[], w: CellWeights): Tensor[] {
  const [ir, iz, inn] = linear(x, w.wIh, w.bIh).chunk(3, 1);
  const [hr, hz, hn] = linear(h!, w.wHh, w.bHh).chunk(3, 1);
  const r = ir!.add(hr!).sigmoid();
  const z = iz!.add(hz!).sigmoid();
  const n = inn!.add(r.mul(hn!)).tanh();
  return [n.add(z.mul(h!.sub(n)))];
}

/**
 * A gated recurrent unit layer, as `torch.nn.GRU`:
 *
 *     r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h′ = (1 − z) ⊙ n + z ⊙ h
 *
 * Input is [seq, batch, inputSize] ([batch, seq, inputSize] with `batchFirst`)
 * or unbatched [seq, inputSize]; h0 is [numLayers·numDirections, batch, hiddenSize]
 * (zeros when omitted). `forward` returns the outputs; {@link GRU.forwardWithState}
 * also returns the final states hN.
 *
 * Parameters: `weightIhL{k}` [3·hiddenSize, in], `weightHhL{k}` [3·hiddenSize, hiddenSize],
 * `biasIhL{k}`, `biasHhL{k}` [3·hiddenSize] (rows in gate order r, z, n),
 * all U(±1/√hiddenSize).
 */
export class GRU extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', 3, inputSize, hiddenSize, options);
  }

  /** The outputs [seq, batch, numDirections·hiddenSize] (in the input's layout). */
  forward(input: Tensor, h0?: Tensor): Tensor {
    return this.forwardWithState(input, h0).output;
  }

  /** The outputs and the final hidden states h [numLayers·numDirections, batch, hiddenSize]. */
  forwardWithState(input: Tensor, h0?: Tensor): { output: Tensor; h: Tensor } {
    const { output, finals } = this.run(input, [h0], gruCell);
    return { output, h: finals[0]! };
  }
}
