/**
 * The independent per-pixel (per-dimension) Bernoulli model: the baseline
 * every density model of binary data must beat.
 */
import type { NDArray } from '@gradlab/tensor';

/** Per-dimension Bernoulli probabilities fitted to x [N, D] (add-one smoothed). */
export async function fitBernoulli(x: NDArray): Promise<Float64Array> {
  const n = x.shape[0]!;
  const sums = await x.sum(0).data();
  return Float64Array.from(sums, (s) => (s + 1) / (n + 2));
}

/** Mean −log p(x) in nats of the independent Bernoulli model p over the rows of x. */
export async function bernoulliNll(p: ArrayLike<number>, x: NDArray): Promise<number> {
  const [n, d] = x.shape as [number, number];
  const v = await x.data();
  const l1 = Array.from(p, (q) => -Math.log(q));
  const l0 = Array.from(p, (q) => -Math.log(1 - q));
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) s += v[i * d + j]! > 0.5 ? l1[j]! : l0[j]!;
  return s / n;
}
