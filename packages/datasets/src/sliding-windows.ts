import { NDArray, shapeStr } from '@gradlab/tensor';

/** Options of {@link slidingWindows}. */
export interface SlidingWindowOptions {
  /** How far ahead the target is: 1 (default) predicts the value right after the window. */
  horizon?: number;
  /** Step between window starts. Default 1. */
  stride?: number;
}

/** Windows over a series and the value that follows each. */
export interface Windows {
  /** float32 `[M, windowSize, F]` (F = 1 for a 1-d series): the RNN input layout `[batch, time, features]`. */
  inputs: NDArray;
  /** float32 `[M, F]`: the value `horizon` steps after each window. */
  targets: NDArray;
}

/**
 * Cuts a series `[T]` or `[T, F]` into windows of `windowSize` steps, each
 * paired with the value `horizon` steps after it (window → next value):
 * M = ⌊(T − windowSize − horizon) / stride⌋ + 1 windows.
 *
 * @example
 * const { inputs, targets } = slidingWindows(series, 20); // [980, 20, 1], [980, 1] for T = 1000
 */
export function slidingWindows(
  series: NDArray | readonly number[],
  windowSize: number,
  options: SlidingWindowOptions = {},
): Windows {
  const horizon = options.horizon ?? 1;
  const stride = options.stride ?? 1;
  const x = series instanceof NDArray ? series : NDArray.fromTypedArray(Float32Array.from(series));
  if (x.ndim !== 1 && x.ndim !== 2) {
    throw new Error(`slidingWindows: series must be [T] or [T, F], got shape ${shapeStr(x.shape)}`);
  }
  for (const [name, v] of [
    ['windowSize', windowSize],
    ['horizon', horizon],
    ['stride', stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`slidingWindows: ${name} must be an integer ≥ 1, got ${v}`);
  }
  const T = x.shape[0]!;
  const F = x.ndim === 2 ? x.shape[1]! : 1;
  if (T < windowSize + horizon) {
    throw new Error(
      `slidingWindows: a series of ${T} steps is too short for windows of ${windowSize} with horizon ${horizon} (needs ≥ ${windowSize + horizon})`,
    );
  }
  const M = Math.floor((T - windowSize - horizon) / stride) + 1;
  const data = x.dataSync();
  const inputs = new Float32Array(M * windowSize * F);
  const targets = new Float32Array(M * F);
  for (let m = 0; m < M; m++) {
    const s = m * stride;
    inputs.set(data.subarray(s * F, (s + windowSize) * F), m * windowSize * F);
    const t = s + windowSize + horizon - 1;
    targets.set(data.subarray(t * F, (t + 1) * F), m * F);
  }
  return {
    inputs: NDArray.fromTypedArray(inputs, [M, windowSize, F]),
    targets: NDArray.fromTypedArray(targets, [M, F]),
  };
}
