/**
 * Binarised MNIST for the density-estimation labs (nade-made, pixelcnn).
 *
 * The published likelihoods (NADE ≈ 88, MADE ≈ 86.6, PixelCNN ≈ 81.3 nats)
 * were measured on *stochastically* binarised digits: each pixel is 1 with
 * probability equal to its grey level, drawn once (Salakhutdinov & Murray
 * 2008). That is the default here, drawn with a fixed seed so every run sees
 * the same bits; thresholding at 0.5 gives cleaner digits whose likelihoods are
 * lower (easier) and not comparable with the papers.
 */
import { loadMnist } from '@gradlab/datasets';
import { bernoulli, Generator, type NDArray, prefetch } from '@gradlab/tensor';
import type { FlagSpec } from '../runner/flags.js';

export type Binarization = 'sample' | 'threshold';

export const BINARIZE_FLAG: FlagSpec = {
  name: 'binarize',
  type: 'string',
  help: "how pixels become bits: 'sample' (1 with probability = grey level, drawn once with a fixed seed: the binarised MNIST of the published likelihoods) or 'threshold' (grey level > 0.5)",
  default: 'sample',
  choices: ['sample', 'threshold'],
};

/** How a lab's log and report name the binarisation. */
export const binarizationName = (mode: Binarization): string =>
  mode === 'sample'
    ? 'stochastically binarised: each pixel 1 with probability = its grey level, drawn once'
    : 'pixels thresholded at 0.5';

/**
 * The first `limit` training or test images as [limit, 784] bits. With
 * 'sample' the bits of image i do not depend on `limit` (one generator per
 * split, drawn image by image from the first).
 */
export async function loadBinarizedMnist(
  train: boolean,
  limit: number,
  mode: Binarization,
): Promise<NDArray> {
  if (mode === 'threshold')
    return (await loadMnist({ train, flatten: true, binarize: true, limit })).images;
  const grey = (await loadMnist({ train, flatten: true, limit })).images;
  await prefetch([grey]); // bernoulli draws on the host from the seeded generator
  return bernoulli(grey, undefined, { generator: new Generator(train ? 20080 : 20081) });
}
