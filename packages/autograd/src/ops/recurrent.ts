import { lstmCellBackward, lstmCellForward } from '@gradlab/tensor';
import { primitive } from '../node.js';
import type { Tensor } from '../tensor.js';

/**
 * The elementwise part of an LSTM step as one primitive: from the gate
 * pre-activations [B, 4H] (order i, f, g, o) and the cell state c [B, H],
 * h′ = σ(o)·tanh(c′) and c′ = σ(f)·c + σ(i)·tanh(g), returned side by side
 * as [B, 2H] (take them with `narrow(1, 0, H)` and `narrow(1, H, H)`). One
 * pass forward and one backward instead of some fifteen ops and their
 * gradients (see `lstmCellForward` in @gradlab/tensor).
 */
export function lstmCell(gates: Tensor, c: Tensor): Tensor {
  const f = lstmCellForward(gates.data, c.data);
  const cValue = c.data;
  return primitive('lstmCell', [gates, c], f.hc, (g, needs) => {
    const { gradGates, gradC } = lstmCellBackward(g, f.activations, f.tanhC, cValue);
    return [needs[0] ? gradGates : null, needs[1] ? gradC : null];
  });
}
