import type { Tensor } from '@gradlab/autograd';
import { gradsOf } from './clip-grad-norm.js';

/**
 * Clamps every gradient of `params` in place to `[−clipValue, clipValue]`,
 * like `torch.nn.utils.clip_grad_value_`. Parameters without a grad are ignored.
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new Error(
      `clipGradValue: invalid clipValue ${String(clipValue)} (expected clipValue ≥ 0)`,
    );
  }
  for (const g of gradsOf('clipGradValue', params)) g.clamp_(-clipValue, clipValue);
}
