/**
 * PixelCNN for binary 28 × 28 images (van den Oord et al. 2016): a masked
 * 7 × 7 convolution of type A (a pixel never sees itself), masked k × k
 * convolutions of type B (a feature at a pixel may use that pixel's own
 * earlier features), ReLUs, then two 1 × 1 convolutions to one logit per
 * pixel: p(x_ij = 1 | pixels before (i, j) in raster order).
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import {
  binaryCrossEntropyWithLogits,
  Conv2d,
  MaskedConv2d,
  type Module,
  ReLU,
  Sequential,
} from '@gradlab/nn';
import type { Generator, NDArray } from '@gradlab/tensor';

export interface PixelCnnSpec {
  /** Feature channels of every hidden layer. */
  channels: number;
  /** Masked type-B layers after the first (type-A) layer. */
  layers: number;
  /** Kernel size of the type-B layers (odd). */
  kernel: number;
}

/** Kernel of the first, type-A layer. */
export const FIRST_KERNEL = 7;

export const specName = (s: PixelCnnSpec): string =>
  `A 7×7 + ${s.layers} × B ${s.kernel}×${s.kernel}, ${s.channels} ch`;

/** Rows above a pixel that can reach its logit (the vertical receptive field). */
export const receptiveRows = (s: PixelCnnSpec): number =>
  (FIRST_KERNEL - 1) / 2 + (s.layers * (s.kernel - 1)) / 2;

export function buildPixelCnn(spec: PixelCnnSpec, generator: Generator): Sequential {
  const { channels: c, kernel: k } = spec;
  if (k % 2 === 0) throw new Error(`pixelcnn: --kernel must be odd, got ${k}`);
  const layers: Module[] = [
    new MaskedConv2d(1, c, FIRST_KERNEL, {
      maskType: 'A',
      padding: (FIRST_KERNEL - 1) / 2,
      generator,
    }),
    new ReLU(),
  ];
  for (let i = 0; i < spec.layers; i++)
    layers.push(
      new MaskedConv2d(c, c, k, { maskType: 'B', padding: (k - 1) / 2, generator }),
      new ReLU(),
    );
  layers.push(new Conv2d(c, c, 1, { generator }), new ReLU(), new Conv2d(c, 1, 1, { generator }));
  return new Sequential(...layers);
}

/** Starts every logit at the log-odds of the training pixels' mean (the output bias). */
export function initOutputBias(model: Sequential, x: NDArray): void {
  const last = model.layers.at(-1);
  if (!(last instanceof Conv2d) || !last.bias)
    throw new Error('initOutputBias: the model does not end with a Conv2d');
  const p = Math.min(Math.max(x.mean().item(), 1e-3), 1 - 1e-3);
  last.bias.data.fill_(Math.log(p / (1 - p)));
}

/** The exact NLL of a batch, mean over pixels: Σ_ij BCE(logit_ij, x_ij) / (H·W), in nats. */
export const pixelNll = (logits: Tensor, x: NDArray): Tensor =>
  binaryCrossEntropyWithLogits(logits, x);

/** −log p(x) in nats for each image of x [N, 1, H, W], without gradients. */
export function imageNll(model: Module, x: NDArray, batchSize = 250): Float64Array {
  const n = x.shape[0]!;
  const out = new Float64Array(n);
  model.eval();
  noGrad(() => {
    for (let i = 0; i < n; i += batchSize) {
      const xb = x.slice(0, i, Math.min(i + batchSize, n));
      const per = binaryCrossEntropyWithLogits(model.forward(new Tensor(xb)), xb, {
        reduction: 'none',
      }).data;
      const s = per.sum([1, 2, 3]).dataSync();
      for (let j = 0; j < s.length; j++) out[i + j] = s[j]!;
    }
  });
  model.train();
  return out;
}
