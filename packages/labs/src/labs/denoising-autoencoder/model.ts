/**
 * The convolutional denoising autoencoders of the lab: an encoder of 3×3
 * convolutions (the first at stride 1, the rest at stride 2, each followed by
 * ReLU) and a decoder of stride-2 transposed convolutions back to 28 × 28,
 * closed by a 3×3 convolution to one channel and a sigmoid.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import { Conv2d, ConvTranspose2d, type Module, ReLU, Sequential, Sigmoid } from '@gradlab/nn';
import { concat, type Generator, type NDArray } from '@gradlab/tensor';

/** One architecture: the encoder's channel counts, e.g. [32, 64, 128]. */
export interface DaeSpec {
  channels: readonly number[];
}

/** Side of the feature maps after each encoder layer, for a 28 × 28 input. */
export function encoderSides(spec: DaeSpec): number[] {
  const sides: number[] = [];
  let s = 28;
  spec.channels.forEach((_, i) => {
    if (i > 0) s = Math.floor((s + 2 - 3) / 2) + 1;
    sides.push(s);
  });
  return sides;
}

/** Numbers in the code (channels × height × width of the last encoder layer). */
export function codeSize(spec: DaeSpec): number {
  const s = encoderSides(spec).at(-1)!;
  return spec.channels.at(-1)! * s * s;
}

/** `Conv 32 → 64/2 → 128/2` style name. */
export const specName = (spec: DaeSpec): string =>
  `Conv ${spec.channels.map((c, i) => (i ? `${c}/2` : `${c}`)).join(' → ')}`;

/**
 * Builds the encoder (one Sequential of conv + ReLU per layer, so its feature
 * maps can be read layer by layer) and the decoder.
 */
export function buildDae(
  spec: DaeSpec,
  generator: Generator,
  /** Training images: when given, the output starts at their mean intensity ({@link initOutputBias}). */
  meanImages?: NDArray,
): { encoder: Sequential; decoder: Sequential; model: Sequential } {
  const ch = spec.channels;
  if (ch.length === 0) throw new Error('denoising-autoencoder: the encoder needs ≥ 1 layer');
  const enc = ch.map(
    (c, i) =>
      new Sequential(
        new Conv2d(i ? ch[i - 1]! : 1, c, 3, { stride: i ? 2 : 1, padding: 1, generator }),
        new ReLU(),
      ),
  );
  const sides = encoderSides(spec);
  const dec: Module[] = [];
  for (let i = ch.length - 1; i > 0; i--) {
    // A stride-2 transposed conv maps side s to 2s − 1 (+ outputPadding): pick it to land on the encoder's side.
    const outputPadding = sides[i - 1]! - (2 * (sides[i]! - 1) - 2 + 3);
    dec.push(
      new ConvTranspose2d(ch[i]!, ch[i - 1]!, 3, {
        stride: 2,
        padding: 1,
        outputPadding,
        generator,
      }),
      new ReLU(),
    );
  }
  dec.push(new Conv2d(ch[0]!, 1, 3, { padding: 1, generator }), new Sigmoid());
  const encoder = new Sequential(...enc);
  const decoder = new Sequential(...dec);
  if (meanImages) initOutputBias(decoder, meanImages);
  return { encoder, decoder, model: new Sequential(encoder, decoder) };
}

/**
 * Starts the output at the average pixel instead of 0.5 grey: the last
 * convolution's bias becomes the log-odds of the training images' mean
 * intensity, so the first steps learn digits instead of the background level.
 */
export function initOutputBias(decoder: Sequential, xTrain: NDArray): void {
  const conv = decoder.layers.at(-2);
  if (!(conv instanceof Conv2d) || !conv.bias)
    throw new Error('initOutputBias: the decoder does not end with Conv2d + Sigmoid');
  // Computed on the arrays' backend, so nothing is read back (a GPU keeps its queue).
  const p = xTrain.mean().clamp(1e-3, 1 - 1e-3);
  conv.bias.data.fill_(0).add_(p.div(p.neg().add(1)).log());
}

/** The model's outputs for `x` in batches, without gradients, in eval mode. */
export function denoise(model: Module, x: NDArray, batchSize = 500): NDArray {
  model.eval();
  const parts: NDArray[] = [];
  noGrad(() => {
    for (let i = 0; i < x.shape[0]!; i += batchSize) {
      const xb = x.slice(0, i, Math.min(i + batchSize, x.shape[0]!));
      parts.push(model.forward(new Tensor(xb)).data);
    }
  });
  model.train();
  return parts.length === 1 ? parts[0]! : concat(parts, 0);
}

/** Per-image mean squared error between two [N, 1, 28, 28] arrays. */
export async function perImageMse(a: NDArray, b: NDArray): Promise<Float32Array> {
  return Float32Array.from(await a.sub(b).square().mean([1, 2, 3]).data());
}

/** The feature maps after each encoder layer for a batch of inputs. */
export function encoderFeatures(encoder: Sequential, x: NDArray): NDArray[] {
  const maps: NDArray[] = [];
  encoder.eval();
  noGrad(() => {
    let h = new Tensor(x);
    for (const layer of encoder.layers) {
      h = layer.forward(h);
      maps.push(h.data);
    }
  });
  encoder.train();
  return maps;
}
