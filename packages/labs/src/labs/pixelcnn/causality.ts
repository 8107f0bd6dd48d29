/**
 * The autoregressive property, checked on a whole model by perturbation:
 * the logit of pixel p must not change when pixel p or any later pixel (in
 * raster order) changes, and it should change when earlier pixels do.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import type { Module } from '@gradlab/nn';
import { type Generator, NDArray } from '@gradlab/tensor';

export interface CausalityReport {
  /** Pixels whose logit was checked. */
  checked: number;
  /** Checked pixels whose logit moved when only that pixel and later ones were flipped. */
  violations: number;
  /** Largest |change| of such a logit (0 when causal). */
  maxLeak: number;
  /** Checked pixels (with earlier pixels) whose logit moved when earlier pixels were flipped. */
  seesPast: number;
}

/**
 * For each pixel p of `positions` (raster indices), flips every pixel ≥ p of
 * a binary image [1, 1, H, W] and compares the logit at p before and after;
 * then flips every pixel < p and checks the logit at p does move.
 */
export async function checkCausality(
  model: Module,
  image: NDArray,
  positions: readonly number[],
): Promise<CausalityReport> {
  const [, , h, w] = image.shape as [number, number, number, number];
  const base = await image.data();
  const logitsOf = (data: Float32Array) =>
    noGrad(() => model.forward(new Tensor(NDArray.fromTypedArray(data, [1, 1, h, w]))).data).data();
  model.eval();
  const ref = await logitsOf(Float32Array.from(base));
  let violations = 0;
  let maxLeak = 0;
  let seesPast = 0;
  for (const p of positions) {
    const later = Float32Array.from(base, (v, q) => (q >= p ? 1 - v : v));
    const leak = Math.abs((await logitsOf(later))[p]! - ref[p]!);
    if (leak > 0) violations++;
    maxLeak = Math.max(maxLeak, leak);
    if (p > 0) {
      const earlier = Float32Array.from(base, (v, q) => (q < p ? 1 - v : v));
      if (Math.abs((await logitsOf(earlier))[p]! - ref[p]!) > 0) seesPast++;
    }
  }
  model.train();
  return { checked: positions.length, violations, maxLeak, seesPast };
}

/** `count` distinct raster positions of an H × W image, drawn with the generator, in order. */
export function somePositions(h: number, w: number, count: number, g: Generator): number[] {
  const all = Array.from({ length: h * w }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(g.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, Math.min(count, all.length)).sort((a, b) => a - b);
}
