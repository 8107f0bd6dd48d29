import type { BatchNormBackwardLoops, BatchNormForwardLoops, View } from '../backend.js';
import { dataOf, isContiguousView } from '../cpu/strided.js';

/** The batch-norm kernels of the wasm module (norm-kernels.ts); addresses in bytes. */
export interface NormKernels {
  bnMoments(x: number, runs: number, stride: number, len: number, shift: number, out: number): void;
  bnGradSums(
    g: number,
    x: number,
    runs: number,
    stride: number,
    len: number,
    mean: number,
    out: number,
  ): void;
  bnNormalize(
    x: number,
    y: number,
    runs: number,
    stride: number,
    len: number,
    scale: number,
    shift: number,
  ): void;
  bnGradInput(
    g: number,
    x: number,
    d: number,
    runs: number,
    stride: number,
    len: number,
    k: number,
    a: number,
    b: number,
  ): void;
}

/** What the loops need from the backend: scratch memory above `scratchBase` and the kernels. */
export interface NormEngine {
  readonly scratchBase: number;
  scratch(floats: number): Float32Array;
  readonly normKernels: NormKernels;
}

/** Below this many values per run (S), staging through wasm memory costs more than it saves. */
const MIN_RUN = 16;

/** Views the staging kernels take: float32, contiguous (one run from each offset). */
export const contiguousFloat32 = (views: readonly View[]) =>
  views.every((v) => v.dtype === 'float32' && isContiguousView(v));

const usable = (views: View[], S: number) => S >= MIN_RUN && contiguousFloat32(views);

/**
 * Stages `arrays` (contiguous float32, `size` values each) one after another
 * in wasm memory, then an area of `size` for the result and two float64 for
 * the kernels' sums. Returns the float index of each area and the memory.
 */
function stage(engine: NormEngine, arrays: View[], size: number) {
  const base = engine.scratchBase;
  // the sums' area: 8-byte aligned, first
  const sumsAt = base + (base % 2);
  const at = arrays.map((_, i) => sumsAt + 4 + i * size);
  const resultAt = sumsAt + 4 + arrays.length * size;
  const mem = engine.scratch(resultAt + size);
  arrays.forEach((v, i) => {
    const data = dataOf(v) as Float32Array;
    mem.set(data.subarray(v.offset, v.offset + size), at[i]!);
  });
  const sums = new Float64Array(mem.buffer, sumsAt * 4, 2);
  return { mem, at, resultAt, sums };
}

/** The forward loops of batch norm on the SIMD kernels: x copied into wasm memory once, out copied back. */
export function wasmBatchNormForward(
  engine: NormEngine,
  x: View,
  out: View,
  [N, C, S]: [number, number, number],
): BatchNormForwardLoops | null {
  if (!usable([x, out], S)) return null;
  const size = N * C * S;
  const { mem, at, resultAt, sums } = stage(engine, [x], size);
  const k = engine.normKernels;
  const stride = C * S * 4;
  const xAt = at[0]!;
  return {
    moments(c, shift) {
      k.bnMoments((xAt + c * S) * 4, N, stride, S, shift, sums.byteOffset);
      return [sums[0]!, sums[1]!];
    },
    normalize(c, scale, shift) {
      k.bnNormalize((xAt + c * S) * 4, (resultAt + c * S) * 4, N, stride, S, scale, shift);
    },
    finish() {
      (dataOf(out) as Float32Array).set(mem.subarray(resultAt, resultAt + size), out.offset);
    },
  };
}

/** The backward loops of batch norm on the SIMD kernels, staged like {@link wasmBatchNormForward}. */
export function wasmBatchNormBackward(
  engine: NormEngine,
  grad: View,
  x: View,
  gradInput: View,
  [N, C, S]: [number, number, number],
): BatchNormBackwardLoops | null {
  if (!usable([grad, x, gradInput], S)) return null;
  const size = N * C * S;
  const { mem, at, resultAt, sums } = stage(engine, [grad, x], size);
  const k = engine.normKernels;
  const stride = C * S * 4;
  const [gAt, xAt] = at as [number, number];
  return {
    sums(c, mean) {
      k.bnGradSums((gAt + c * S) * 4, (xAt + c * S) * 4, N, stride, S, mean, sums.byteOffset);
      return [sums[0]!, sums[1]!];
    },
    gradInput(c, kk, a, b) {
      const o = c * S;
      k.bnGradInput((gAt + o) * 4, (xAt + o) * 4, (resultAt + o) * 4, N, stride, S, kk, a, b);
    },
    finish() {
      const D = dataOf(gradInput) as Float32Array;
      D.set(mem.subarray(resultAt, resultAt + size), gradInput.offset);
    },
  };
}
