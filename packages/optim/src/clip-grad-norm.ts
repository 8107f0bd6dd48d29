import { Tensor } from '@gradlab/autograd';
import type { NDArray } from '@gradlab/tensor';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Rescales the gradients of `params` in place so that their total norm (the
 * norm of all gradients concatenated) is at most `maxNorm`, like
 * `torch.nn.utils.clip_grad_norm_`: each grad is multiplied by
 * `min(1, maxNorm / (total + 1e-6))`. Parameters without a grad are ignored.
 *
 * @param normType the p of the p-norm (default 2), or `Infinity` for the max norm.
 * @returns the total norm of the gradients before clipping.
 */
export function clipGradNorm(
  params: Tensor | Iterable<Tensor>,
  maxNorm: number,
  normType = 2,
  options: ClipGradNormOptions = {},
): number {
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm)) {
    throw new Error(`clipGradNorm: invalid maxNorm ${String(maxNorm)} (expected a number)`);
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new Error(
      `clipGradNorm: invalid normType ${String(normType)} (expected a positive number or Infinity)`,
    );
  }
  const grads = gradsOf('clipGradNorm', params);
  if (grads.length === 0) return 0;
  const norms = grads.map((g) => pNorm(g.dataSync(), normType));
  const total = normType === Infinity ? Math.max(...norms) : pNorm(norms, normType);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `clipGradNorm: the total norm of order ${normType} of the gradients is ${total}, so they cannot be clipped (pass errorIfNonfinite: false to clip anyway)`,
    );
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of grads) g.mul_(coef);
  return total;
}

/** The p-norm of some numbers; `Infinity` gives the largest absolute value. */
function pNorm(xs: ArrayLike<number>, p: number): number {
  if (p === Infinity) {
    let m = 0;
    for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]!));
    return m;
  }
  let s = 0;
  if (p === 2) {
    for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i]!;
    return Math.sqrt(s);
  }
  for (let i = 0; i < xs.length; i++) s += Math.abs(xs[i]!) ** p;
  return s ** (1 / p);
}

/** The non-null gradients of one tensor or of several. */
export function gradsOf(op: string, params: Tensor | Iterable<Tensor>): NDArray[] {
  const list = params instanceof Tensor ? [params] : [...params];
  return list.flatMap((p, i) => {
    if (!(p instanceof Tensor)) throw new Error(`${op}: parameter ${i} is not a Tensor`);
    return p.grad ? [p.grad] : [];
  });
}
