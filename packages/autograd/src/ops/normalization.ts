import { batchNormBackward, batchNormTrain, type NDArray } from '@gradlab/tensor';
import { primitive } from '../node.js';
import type { Tensor } from '../tensor.js';

/** The output of {@link batchNorm} and the batch statistics it normalised with. */
export interface BatchNormOutput {
  out: Tensor;
  /** Per-channel batch mean [C] (no gradient). */
  mean: NDArray;
  /** Per-channel biased batch variance [C] (no gradient). */
  variance: NDArray;
}

/**
 * Training-mode batch normalisation over every dim but dim 1, as one
 * primitive: (x − mean) / √(var + eps) · weight + bias with the batch's mean
 * and biased variance, and the closed-form backward for x, weight and bias.
 */
export function batchNorm(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  eps = 1e-5,
): BatchNormOutput {
  const r = batchNormTrain(x.data, weight?.data ?? null, bias?.data ?? null, eps);
  const inputs = [x, weight, bias].filter((t): t is Tensor => t !== null);
  const out = primitive('batchNorm', inputs, r.out, (g, needs) => {
    const grads = batchNormBackward(g, x.data, r.mean, r.invstd, weight?.data ?? null);
    const all = [grads.gradInput, weight ? grads.gradWeight : null, bias ? grads.gradBias : null];
    const present = all.filter((_, i) => [x, weight, bias][i] !== null);
    return present.map((v, i) => (needs[i] ? v : null));
  });
  return { out, mean: r.mean, variance: r.variance };
}
