import type { Window2d } from './backend.js';
import { promoteTypes } from './dtype.js';
import { matmul } from './linalg.js';
import { NDArray } from './ndarray.js';
import { commonBackend } from './operand.js';
import { shapeStr } from './shape.js';
import { type Pair, pair, windowGeometry } from './window.js';

export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding per side, `[h, w]`, `'valid'` (0) or `'same'` (output size = input size; stride 1 only). */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
}

export interface ConvTranspose2dOptions {
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  dilation?: Pair;
}

/** Samples per im2col block: bounds the column buffer to about 8 M elements. */
function blockSize(g: Window2d): number {
  const perSample = g.c * g.kh * g.kw * g.outH * g.outW;
  return Math.max(1, Math.min(g.n, Math.floor(8_000_000 / Math.max(perSample, 1))));
}

function convGeometry(
  op: string,
  inputShape: readonly number[],
  weightShape: readonly number[],
  o: Conv2dOptions,
) {
  if (weightShape.length !== 4)
    throw new Error(`${op}: weight must be [out, in, kh, kw], got ${shapeStr(weightShape)}`);
  const [kh, kw] = [weightShape[2]!, weightShape[3]!];
  const stride = pair(op, 'stride', o.stride ?? 1, 1);
  const dilation = pair(op, 'dilation', o.dilation ?? 1, 1);
  let padding: [number, number, number, number];
  if (o.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1)
      throw new Error(`${op}: padding 'same' needs stride 1, got ${stride}`);
    const th = dilation[0] * (kh - 1);
    const tw = dilation[1] * (kw - 1);
    padding = [
      Math.floor(th / 2),
      th - Math.floor(th / 2),
      Math.floor(tw / 2),
      tw - Math.floor(tw / 2),
    ];
  } else {
    const [ph, pw] = pair(
      op,
      'padding',
      o.padding === 'valid' || o.padding === undefined ? 0 : o.padding,
      0,
    );
    padding = [ph, ph, pw, pw];
  }
  return windowGeometry(op, inputShape, { kernel: [kh, kw], stride, padding, dilation });
}

/**
 * The columns of a block of samples: im2col of input[s : s + nb] laid out
 * [in·kh·kw, nb·outH·outW], so the block's convolution is one matrix product.
 */
function columns(
  input: NDArray,
  g: Window2d,
  s: number,
  nb: number,
  dtype: NDArray['dtype'],
): NDArray {
  const cols = NDArray.empty([g.c * g.kh * g.kw, nb * g.outH * g.outW], dtype, input.backend);
  input.backend.im2col(input.to(dtype).narrow(0, s, nb), { ...g, n: nb }, cols);
  return cols;
}

/** gradOut[s : s + nb] [nb, out, outH, outW] as the matrix [out, nb·outH·outW]. */
function gradRows(gradOut: NDArray, s: number, nb: number, dtype: NDArray['dtype']): NDArray {
  const [, outC, oh, ow] = gradOut.shape as [number, number, number, number];
  return gradOut
    .to(dtype)
    .narrow(0, s, nb)
    .reshape([nb, outC, oh * ow])
    .permute(1, 0, 2)
    .reshape([outC, nb * oh * ow]);
}

/** The convolution of `input` with `weight` [out, in, kh, kw] over the window geometry `g`. */
function convForward(
  input: NDArray,
  weight: NDArray,
  g: Window2d,
  bias: NDArray | null = null,
): NDArray {
  const backend = commonBackend('conv2d', input, weight);
  const [outC, inC] = weight.shape as [number, number];
  const dtype = promoteTypes(input.dtype, weight.dtype);
  const w2 = weight.to(dtype).reshape([outC, inC * g.kh * g.kw]);
  const out = NDArray.empty([g.n, outC, g.outH, g.outW], dtype, backend);
  if (backend.conv2d?.(input.to(dtype), w2, bias?.to(dtype) ?? null, g, out)) return out;
  const block = blockSize(g);
  for (let s = 0; s < g.n; s += block) {
    const nb = Math.min(block, g.n - s);
    const y = matmul(w2, columns(input, g, s, nb, dtype)); // [outC, nb·L]
    backend.copy(y.reshape([outC, nb, g.outH, g.outW]).permute(1, 0, 2, 3), out.narrow(0, s, nb));
  }
  return bias ? out.add(bias.reshape([1, outC, 1, 1])) : out;
}

/** The adjoint of {@link convForward}: gradOut [N, out, outH, outW] → [N, in, h, w] of `g`. */
function convBackwardInput(gradOut: NDArray, weight: NDArray, g: Window2d): NDArray {
  const backend = commonBackend('conv2dBackwardInput', gradOut, weight);
  const [outC, inC] = weight.shape as [number, number];
  const dtype = promoteTypes(gradOut.dtype, weight.dtype);
  if (backend.conv2d && g.strideH === 1 && g.strideW === 1 && outC <= 4 * inC) {
    // With stride 1 the input gradient is itself a convolution: of gradOut with the
    // weight transposed (in ↔ out) and flipped, padded so every output position is
    // reached — which a backend with a fused conv2d runs without col2im. Its implicit
    // columns are outC/inC times the col2im path's, so a layer that widens a thin input
    // a lot (1 → 32 channels) keeps the col2im path.
    const flipped = weight.to(dtype).permute(1, 0, 2, 3).flip([2, 3]);
    const gt: Window2d = {
      ...g,
      c: outC,
      h: g.outH,
      w: g.outW,
      padTop: g.dilationH * (g.kh - 1) - g.padTop,
      padLeft: g.dilationW * (g.kw - 1) - g.padLeft,
      outH: g.h,
      outW: g.w,
    };
    return convForward(gradOut, flipped, gt);
  }
  const wT = weight
    .to(dtype)
    .reshape([outC, inC * g.kh * g.kw])
    .transpose(0, 1);
  const out = NDArray.empty([g.n, inC, g.h, g.w], dtype, backend);
  const block = blockSize(g);
  for (let s = 0; s < g.n; s += block) {
    const nb = Math.min(block, g.n - s);
    const cols = matmul(wT, gradRows(gradOut, s, nb, dtype)); // [in·kh·kw, nb·L]
    backend.col2im(cols, { ...g, n: nb }, out.narrow(0, s, nb));
  }
  return out;
}

/** Σ over samples of gradOut · im2col(input)ᵀ over the geometry `g`, shaped like the weight. */
function convBackwardWeight(
  input: NDArray,
  gradOut: NDArray,
  weightShape: readonly number[],
  g: Window2d,
): NDArray {
  const backend = commonBackend('conv2dBackwardWeight', input, gradOut);
  const dtype = promoteTypes(input.dtype, gradOut.dtype);
  const [outC, inC, kh, kw] = weightShape as [number, number, number, number];
  if (backend.conv2dBackwardWeight) {
    const fused = NDArray.empty([outC, inC * kh * kw], dtype, backend);
    if (backend.conv2dBackwardWeight(input.to(dtype), gradOut.to(dtype), g, fused))
      return fused.reshape([...weightShape]);
  }
  let acc: NDArray | null = null;
  const block = blockSize(g);
  for (let s = 0; s < g.n; s += block) {
    const nb = Math.min(block, g.n - s);
    const part = matmul(gradRows(gradOut, s, nb, dtype), columns(input, g, s, nb, dtype).T); // [outC, in·kh·kw]
    acc = acc ? acc.add(part) : part;
  }
  return (acc as NDArray).reshape([...weightShape]);
}

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of NCHW `input` with
 * `weight` [out, in, kh, kw] and optional `bias` [out]: im2col of a block of
 * samples into [in·kh·kw, samples·positions] columns, then one large matrix
 * product per block (a whole batch is usually one block).
 */
export function conv2d(
  input: NDArray,
  weight: NDArray,
  bias?: NDArray | null,
  options: Conv2dOptions = {},
): NDArray {
  const g = convGeometry('conv2d', input.shape, weight.shape, options);
  const [outC, inC] = weight.shape as [number, number];
  if (inC !== g.c) {
    throw new Error(
      `conv2d: input ${shapeStr(input.shape)} has ${g.c} channels but weight ${shapeStr(weight.shape)} expects ${inC}`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outC)) {
    throw new Error(`conv2d: bias must have shape [${outC}], got ${shapeStr(bias.shape)}`);
  }
  return convForward(input, weight, g, bias ?? null);
}

/**
 * Gradient of conv2d with respect to its input: gradOut [N, out, oh, ow] and
 * weight [out, in, kh, kw] give [N, in, H, W] for the given input shape.
 */
export function conv2dBackwardInput(
  gradOut: NDArray,
  weight: NDArray,
  inputShape: readonly number[],
  options: Conv2dOptions = {},
): NDArray {
  const op = 'conv2dBackwardInput';
  commonBackend(op, gradOut, weight);
  const g = convGeometry(op, inputShape, weight.shape, options);
  const outC = weight.shape[0];
  if (
    gradOut.ndim !== 4 ||
    gradOut.shape[0] !== g.n ||
    gradOut.shape[1] !== outC ||
    gradOut.shape[2] !== g.outH ||
    gradOut.shape[3] !== g.outW
  ) {
    throw new Error(
      `${op}: gradOut ${shapeStr(gradOut.shape)} does not match [${g.n}, ${outC}, ${g.outH}, ${g.outW}]`,
    );
  }
  return convBackwardInput(gradOut, weight, g);
}

/**
 * Gradient of conv2d with respect to its weight: Σₙ gradOut[n] · im2col(input[n])ᵀ,
 * shaped like the weight [out, in, kh, kw].
 */
export function conv2dBackwardWeight(
  input: NDArray,
  gradOut: NDArray,
  weightShape: readonly number[],
  options: Conv2dOptions = {},
): NDArray {
  const op = 'conv2dBackwardWeight';
  commonBackend(op, input, gradOut);
  const g = convGeometry(op, input.shape, weightShape, options);
  const outC = weightShape[0];
  if (gradOut.ndim !== 4 || gradOut.shape[0] !== g.n || gradOut.shape[1] !== outC) {
    throw new Error(
      `${op}: gradOut ${shapeStr(gradOut.shape)} does not match [${g.n}, ${outC}, ${g.outH}, ${g.outW}]`,
    );
  }
  return convBackwardWeight(input, gradOut, weightShape, g);
}

function transposeGeometry(x: NDArray, weight: NDArray, o: ConvTranspose2dOptions) {
  const op = 'convTranspose2d';
  if (x.ndim !== 4)
    throw new Error(`${op}: expected NCHW input (4 dims), got ${shapeStr(x.shape)}`);
  if (weight.ndim !== 4)
    throw new Error(`${op}: weight must be [in, out, kh, kw], got ${shapeStr(weight.shape)}`);
  if (weight.shape[0] !== x.shape[1]) {
    throw new Error(
      `${op}: input ${shapeStr(x.shape)} has ${x.shape[1]} channels but weight ${shapeStr(weight.shape)} expects ${weight.shape[0]}`,
    );
  }
  const stride = pair(op, 'stride', o.stride ?? 1, 1);
  const padding = pair(op, 'padding', o.padding ?? 0, 0);
  const outputPadding = pair(op, 'outputPadding', o.outputPadding ?? 0, 0);
  const dilation = pair(op, 'dilation', o.dilation ?? 1, 1);
  if (
    outputPadding[0] >= Math.max(stride[0], dilation[0]) ||
    outputPadding[1] >= Math.max(stride[1], dilation[1])
  ) {
    throw new Error(
      `${op}: outputPadding ${outputPadding} must be smaller than stride or dilation`,
    );
  }
  const size = (i: 0 | 1) =>
    (x.shape[2 + i]! - 1) * stride[i] -
    2 * padding[i] +
    dilation[i] * (weight.shape[2 + i]! - 1) +
    outputPadding[i] +
    1;
  const [n, , h, w] = x.shape as [number, number, number, number];
  const outShape = [n, weight.shape[1]!, size(0), size(1)];
  if (outShape[2]! < 1 || outShape[3]! < 1) {
    throw new Error(
      `${op}: output size ${outShape[2]}×${outShape[3]} is not positive for input ${shapeStr(x.shape)}`,
    );
  }
  // The geometry of the conv2d this op is the adjoint of (output → input), built
  // directly: with outputPadding ≥ stride (allowed below the dilation) the conv2d
  // of the output size would have more positions than the input has.
  const g: Window2d = {
    n,
    c: outShape[1]!,
    h: outShape[2]!,
    w: outShape[3]!,
    kh: weight.shape[2]!,
    kw: weight.shape[3]!,
    strideH: stride[0],
    strideW: stride[1],
    padTop: padding[0],
    padLeft: padding[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    outH: h,
    outW: w,
  };
  return { outShape, g };
}

/**
 * Transposed convolution (the adjoint of conv2d) of NCHW `input` with weight
 * [in, out, kh, kw] (PyTorch's layout) and optional bias [out].
 */
export function convTranspose2d(
  input: NDArray,
  weight: NDArray,
  bias?: NDArray | null,
  options: ConvTranspose2dOptions = {},
): NDArray {
  const { outShape, g } = transposeGeometry(input, weight, options);
  const out = convBackwardInput(input, weight, g);
  if (bias) {
    if (bias.ndim !== 1 || bias.shape[0] !== outShape[1]) {
      throw new Error(
        `convTranspose2d: bias must have shape [${outShape[1]}], got ${shapeStr(bias.shape)}`,
      );
    }
    return out.add(bias.reshape([1, outShape[1]!, 1, 1]));
  }
  return out;
}

/** Gradients of convTranspose2d: with respect to its input and to its weight. */
export function convTranspose2dBackward(
  gradOut: NDArray,
  input: NDArray,
  weight: NDArray,
  options: ConvTranspose2dOptions = {},
): { gradInput: NDArray; gradWeight: NDArray } {
  const { outShape, g } = transposeGeometry(input, weight, options);
  if (gradOut.shape.join() !== outShape.join()) {
    throw new Error(
      `convTranspose2dBackward: gradOut ${shapeStr(gradOut.shape)} must be ${shapeStr(outShape)}`,
    );
  }
  return {
    gradInput: convForward(gradOut, weight, g),
    gradWeight: convBackwardWeight(gradOut, input, weight.shape, g),
  };
}
