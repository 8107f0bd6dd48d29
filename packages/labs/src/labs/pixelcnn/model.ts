/**
 * PixelCNN for binary 28 × 28 images (van den Oord et al. 2016): a masked
 * 7 × 7 convolution of type A (a pixel never sees itself), masked k × k
 * convolutions of type B (a feature at a pixel may use that pixel's own
 * earlier features), ReLUs, then two 1 × 1 convolutions to one logit per
 * pixel: p(x_ij = 1 | pixels before (i, j) in raster order). A learned bias
 * per pixel position (it does not depend on the image, so it keeps the model
 * causal) starts at the log-odds of that pixel in the training set: training
 * starts from the independent Bernoulli model and the convolutions learn the
 * dependence between pixels on top of it.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import {
  binaryCrossEntropyWithLogits,
  Conv2d,
  MaskedConv2d,
  Module,
  normal_,
  Parameter,
  pixelCnnMask,
  ReLU,
  Sequential,
} from '@gradlab/nn';
import { type Generator, NDArray, zeros } from '@gradlab/tensor';

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

/**
 * He-normal weights over the taps a mask leaves open — std √(2 / (inChannels ·
 * taps)) — and zero biases. The default initialisation counts the masked taps
 * in the fan-in and has a gain of 1/√3, so the activations shrank ≈ 12× per
 * layer: the logits started almost independent of the image, and within the
 * first Adam steps every ReLU of a 4-layer (lr 3e-3) or 6-layer (lr 1e-3) stack
 * went dead for good — training stayed at the Bernoulli model.
 */
function heInit(conv: Conv2d, generator: Generator): void {
  const [kh, kw] = conv.kernelSize;
  // A mask's buffer repeats one kernel mask for every (out, in) pair.
  // The open taps of the kernel mask (host data, made without a kernel, so readable anywhere).
  const taps =
    conv instanceof MaskedConv2d
      ? Array.from(pixelCnnMask(conv.kernelSize, conv.maskType).dataSync(), Number).reduce(
          (a, b) => a + b,
          0,
        )
      : kh * kw;
  normal_(conv.weight, 0, Math.sqrt(2 / (conv.inChannels * taps)), { generator });
  conv.bias?.data.fill_(0);
}

/** The network: the masked convolution stack plus a bias per pixel position. */
export class PixelCnn extends Module {
  readonly body: Sequential;
  /** [1, 1, H, W], added to the logits. */
  pixelBias: Parameter;

  constructor(
    readonly spec: PixelCnnSpec,
    generator: Generator,
    size: readonly [number, number] = [28, 28],
  ) {
    super();
    const { channels: c, kernel: k } = spec;
    if (k % 2 === 0) throw new Error(`pixelcnn: --kernel must be odd, got ${k}`);
    const first = new MaskedConv2d(1, c, FIRST_KERNEL, {
      maskType: 'A',
      padding: (FIRST_KERNEL - 1) / 2,
    });
    heInit(first, generator);
    const layers: Module[] = [first, new ReLU()];
    for (let i = 0; i < spec.layers; i++) {
      const b = new MaskedConv2d(c, c, k, { maskType: 'B', padding: (k - 1) / 2 });
      heInit(b, generator);
      layers.push(b, new ReLU());
    }
    const mix = new Conv2d(c, c, 1);
    heInit(mix, generator);
    layers.push(mix, new ReLU());
    const out = new Conv2d(c, 1, 1, { generator, bias: false });
    // Zero weights: the logits start as the pixel bias alone (the Bernoulli model, see initOutputBias).
    out.weight.data.fill_(0);
    layers.push(out);
    this.body = new Sequential(...layers);
    this.pixelBias = new Parameter(zeros([1, 1, size[0], size[1]]));
  }

  /** Logits [N, 1, H, W] for binary images x [N, 1, H, W]. */
  forward(x: Tensor): Tensor {
    return this.forwardRows(x, 0);
  }

  /** Logits for a band of rows top … top + h − 1 of the images (see the sampler). */
  forwardRows(x: Tensor, top: number): Tensor {
    const h = x.shape[2]!;
    const bias =
      top === 0 && h === this.pixelBias.shape[2]
        ? this.pixelBias
        : this.pixelBias.slice(2, top, top + h);
    return this.body.forward(x).add(bias);
  }
}

export function buildPixelCnn(
  spec: PixelCnnSpec,
  generator: Generator,
  size: readonly [number, number] = [28, 28],
): PixelCnn {
  return new PixelCnn(spec, generator, size);
}

/** Sets the per-pixel bias to each pixel's log-odds in x [N, 1, H, W] (add-one smoothed). */
export async function initOutputBias(model: PixelCnn, x: NDArray): Promise<void> {
  const n = x.shape[0]!;
  const sums = await x.sum(0).data();
  const logits = Float32Array.from(sums, (s) => {
    const p = (s + 1) / (n + 2);
    return Math.log(p / (1 - p));
  });
  model.pixelBias.data.copy_(NDArray.fromTypedArray(logits, [...model.pixelBias.shape]));
}

/** The exact NLL of a batch, mean over pixels: Σ_ij BCE(logit_ij, x_ij) / (H·W), in nats. */
export const pixelNll = (logits: Tensor, x: NDArray): Tensor =>
  binaryCrossEntropyWithLogits(logits, x);

/** −log p(x) in nats for each image of x [N, 1, H, W], without gradients. */
export async function imageNll(model: Module, x: NDArray, batchSize = 250): Promise<Float64Array> {
  const n = x.shape[0]!;
  const out = new Float64Array(n);
  model.eval();
  try {
    for (let i = 0; i < n; i += batchSize) {
      const xb = x.slice(0, i, Math.min(i + batchSize, n));
      const sums = noGrad(() =>
        binaryCrossEntropyWithLogits(model.forward(new Tensor(xb)), xb, {
          reduction: 'none',
        }).data.sum([1, 2, 3]),
      );
      const s = await sums.data();
      for (let j = 0; j < s.length; j++) out[i + j] = s[j]!;
    }
  } finally {
    model.train();
  }
  return out;
}
