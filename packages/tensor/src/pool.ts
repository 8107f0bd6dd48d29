import type { Window2d } from './backend.js';
import { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';
import { type Pair, pair, windowGeometry } from './window.js';

export interface Pool2dOptions {
  /** Defaults to the kernel size. */
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

export interface AvgPool2dOptions extends Omit<Pool2dOptions, 'dilation'> {
  /** Count padded zeros in the divisor (PyTorch's default, true). */
  countIncludePad?: boolean;
}

function poolGeometry(
  op: string,
  shape: readonly number[],
  kernelSize: Pair,
  o: Pool2dOptions,
): Window2d {
  const kernel = pair(op, 'kernelSize', kernelSize, 1);
  const stride = pair(op, 'stride', o.stride ?? kernel, 1);
  const [ph, pw] = pair(op, 'padding', o.padding ?? 0, 0);
  if (ph > kernel[0] / 2 || pw > kernel[1] / 2) {
    throw new Error(
      `${op}: padding ${ph},${pw} must be at most half the kernel ${kernel[0]}×${kernel[1]}`,
    );
  }
  const dilation = pair(op, 'dilation', o.dilation ?? 1, 1);
  return windowGeometry(op, shape, {
    kernel,
    stride,
    padding: [ph, ph, pw, pw],
    dilation,
    ceilMode: o.ceilMode,
  });
}

/** Max pooling over NCHW input, with the flat position of each maximum in its H×W plane. */
export function maxPool2dWithIndices(
  input: NDArray,
  kernelSize: Pair,
  options: Pool2dOptions = {},
): { output: NDArray; indices: NDArray } {
  const g = poolGeometry('maxPool2d', input.shape, kernelSize, options);
  const output = NDArray.empty([g.n, g.c, g.outH, g.outW], input.dtype, input.backend);
  const indices = NDArray.empty([g.n, g.c, g.outH, g.outW], 'int32', input.backend);
  input.backend.maxPool2d(input, g, output, indices);
  return { output, indices };
}

export function maxPool2d(input: NDArray, kernelSize: Pair, options: Pool2dOptions = {}): NDArray {
  return maxPool2dWithIndices(input, kernelSize, options).output;
}

/** Gradient of max pooling: routes gradOut to the recorded maxima of an input of `inputShape`. */
export function maxPool2dBackward(
  gradOut: NDArray,
  indices: NDArray,
  inputShape: readonly number[],
  kernelSize: Pair,
  options: Pool2dOptions = {},
): NDArray {
  const g = poolGeometry('maxPool2dBackward', inputShape, kernelSize, options);
  const want = [g.n, g.c, g.outH, g.outW];
  if (gradOut.shape.join() !== want.join() || indices.shape.join() !== want.join()) {
    throw new Error(
      `maxPool2dBackward: gradOut ${shapeStr(gradOut.shape)} and indices ${shapeStr(indices.shape)} must both be ${shapeStr(want)}`,
    );
  }
  const out = NDArray.empty(inputShape, gradOut.dtype, gradOut.backend);
  gradOut.backend.maxPool2dBackward(gradOut, indices, g, out);
  return out;
}

export function avgPool2d(
  input: NDArray,
  kernelSize: Pair,
  options: AvgPool2dOptions = {},
): NDArray {
  const g = poolGeometry('avgPool2d', input.shape, kernelSize, options);
  const x = input.dtype === 'float64' ? input : input.to('float32');
  const out = NDArray.empty([g.n, g.c, g.outH, g.outW], x.dtype, x.backend);
  x.backend.avgPool2d(x, g, options.countIncludePad ?? true, out);
  return out;
}

export function avgPool2dBackward(
  gradOut: NDArray,
  inputShape: readonly number[],
  kernelSize: Pair,
  options: AvgPool2dOptions = {},
): NDArray {
  const g = poolGeometry('avgPool2dBackward', inputShape, kernelSize, options);
  const want = [g.n, g.c, g.outH, g.outW];
  if (gradOut.shape.join() !== want.join()) {
    throw new Error(
      `avgPool2dBackward: gradOut ${shapeStr(gradOut.shape)} must be ${shapeStr(want)}`,
    );
  }
  const out = NDArray.empty(inputShape, gradOut.dtype, gradOut.backend);
  gradOut.backend.avgPool2dBackward(gradOut, g, options.countIncludePad ?? true, out);
  return out;
}
