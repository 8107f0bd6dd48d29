let disabled = 0;

/** True unless inside {@link noGrad}. */
export function isGradEnabled(): boolean {
  return disabled === 0;
}

/**
 * Runs `fn` without recording a graph (like `torch.no_grad()`): results do not
 * require gradients. Use it for evaluation and for parameter updates.
 */
export function noGrad<T>(fn: () => T): T {
  disabled++;
  try {
    const result = fn();
    if (result instanceof Promise) {
      throw new Error(
        'noGrad: the callback returned a Promise; await inside noGrad is not supported, call noGrad around the synchronous part',
      );
    }
    return result;
  } finally {
    disabled--;
  }
}
