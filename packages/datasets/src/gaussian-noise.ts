import { NDArray } from '@gradlab/tensor';
import type { BatchTransform } from './data-loader.js';

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseOptions {
  /** Standard deviation of the noise (the "noise factor"). */
  std: number;
  /** Clip the noisy values to [min, max], e.g. `[0, 1]`. */
  clip?: readonly [number, number];
  /** Which array of the batch gets noise. Default 0. */
  index?: number;
  /**
   * Keep the clean array too, right after the noisy one: `[x, y]` becomes
   * `[noisy x, x, y]` — inputs and targets of a denoising autoencoder. Default true.
   */
  keepClean?: boolean;
}

/**
 * A {@link BatchTransform} adding Gaussian noise (drawn from the loader's
 * seeded generator) to one array of each batch.
 *
 * @example
 * new DataLoader(mnist, { batchSize: 128, transform: gaussianNoise({ std: 0.5, clip: [0, 1] }) })
 */
export function gaussianNoise(options: GaussianNoiseOptions): BatchTransform {
  const { std, clip } = options;
  const index = options.index ?? 0;
  const keepClean = options.keepClean ?? true;
  if (!(std >= 0)) throw new Error(`gaussianNoise: std must be ≥ 0, got ${std}`);
  return (batch, { generator }) => {
    const x = batch[index];
    if (!x) {
      throw new Error(
        `gaussianNoise: index ${index} is out of range for a batch of ${batch.length}`,
      );
    }
    let noisy: NDArray;
    if (x.onHost) {
      const data = x.float().dataSync() as Float32Array;
      const out = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        let v = data[i]! + std * generator.normal();
        if (clip) v = Math.min(Math.max(v, clip[0]), clip[1]);
        out[i] = v;
      }
      noisy = NDArray.fromTypedArray(out, x.shape, x.backend);
    } else {
      // A device array (gpu) is not read back: the same noise, drawn here, is added there.
      const noise = new Float32Array(x.size);
      for (let i = 0; i < noise.length; i++) noise[i] = std * generator.normal();
      noisy = x.float().add(NDArray.fromTypedArray(noise, x.shape, x.backend));
      if (clip) noisy = noisy.clamp(clip[0], clip[1]);
    }
    const result = [...batch];
    result.splice(index, keepClean ? 0 : 1, noisy);
    return result;
  };
}
