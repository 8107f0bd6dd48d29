import { conv2d, type Tensor } from '@gradlab/autograd';
import { NDArray, type Pair } from '@gradlab/tensor';
import { checkInput } from '../module.js';
import { Conv2d, type Conv2dLayerOptions } from './conv2d.js';

/** Options of {@link MaskedConv2d}: Conv2d's plus the mask type. */
export interface MaskedConv2dOptions extends Conv2dLayerOptions {
  /** 'A' hides the centre pixel (first layer), 'B' lets it through (later layers). */
  maskType: 'A' | 'B';
}

/** The PixelCNN kernel mask [kh, kw]: rows above the centre, and left of it in the centre row. */
export function pixelCnnMask(kernelSize: readonly [number, number], maskType: 'A' | 'B'): NDArray {
  const [kh, kw] = kernelSize;
  const [ci, cj] = [Math.floor(kh / 2), Math.floor(kw / 2)];
  const data = new Float32Array(kh * kw);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const open = i < ci || (i === ci && (j < cj || (j === cj && maskType === 'B')));
      data[i * kw + j] = open ? 1 : 0;
    }
  }
  return NDArray.fromTypedArray(data, [kh, kw]);
}

/**
 * A Conv2d whose kernel is masked so that each output pixel only sees input
 * pixels before it in raster order (PixelCNN, van den Oord et al. 2016): the
 * rows above the centre, and in the centre row the pixels to its left; mask
 * 'B' also lets the centre through, mask 'A' does not. This is the
 * single-channel-group version: every input channel is masked the same way
 * (no R → G → B split inside a pixel), which is what binary or greyscale
 * images need. The kernel size must be odd; use `padding: 'same'` (or
 * ⌊k/2⌋) to keep the image size. The mask [out, in, kh, kw] is a bool buffer.
 */
export class MaskedConv2d extends Conv2d {
  declare mask: NDArray;
  readonly maskType: 'A' | 'B';

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Pair,
    options: MaskedConv2dOptions,
  ) {
    super(inChannels, outChannels, kernelSize, options);
    const maskType = options?.maskType;
    if (maskType !== 'A' && maskType !== 'B') {
      throw new Error(`MaskedConv2d: maskType must be 'A' or 'B', got ${String(maskType)}`);
    }
    const [kh, kw] = this.kernelSize;
    if (kh % 2 === 0 || kw % 2 === 0) {
      throw new Error(`MaskedConv2d: kernel size must be odd to have a centre, got ${kh}×${kw}`);
    }
    this.maskType = maskType;
    const kernelMask = pixelCnnMask(this.kernelSize, maskType).ne(0);
    this.registerBuffer(
      'mask',
      kernelMask
        .reshape([1, 1, kh, kw])
        .expand([...this.weight.shape])
        .clone(),
    );
  }

  override forward(input: Tensor): Tensor {
    const x = checkInput('MaskedConv2d', input, [4]);
    return conv2d(x, this.weight.mul(this.mask), this.bias, this.options);
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, maskType=${this.maskType}`;
  }
}
