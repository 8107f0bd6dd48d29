import type { Window2d } from './backend.js';
import { shapeStr } from './shape.js';

export type Pair = number | readonly [number, number];

export function pair(op: string, name: string, v: Pair, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!Array.isArray(v) && typeof v !== 'number')
    throw new Error(`${op}: ${name} must be a number or [h, w]`);
  if (p.some((x) => !Number.isInteger(x) || x < min)) {
    throw new Error(`${op}: ${name} must be integers ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return p;
}

export interface WindowSpec {
  kernel: [number, number];
  stride: [number, number];
  /** [top, bottom, left, right] */
  padding: [number, number, number, number];
  dilation: [number, number];
  ceilMode?: boolean;
}

/** Checks an NCHW input and computes the sliding-window geometry, naming the op on failure. */
export function windowGeometry(op: string, shape: readonly number[], spec: WindowSpec): Window2d {
  if (shape.length !== 4)
    throw new Error(`${op}: expected NCHW input (4 dims), got ${shapeStr(shape)}`);
  const [n, c, h, w] = shape as [number, number, number, number];
  const [kh, kw] = spec.kernel;
  const [strideH, strideW] = spec.stride;
  const [padTop, padBottom, padLeft, padRight] = spec.padding;
  const [dilationH, dilationW] = spec.dilation;
  const size = (len: number, p0: number, p1: number, k: number, s: number, d: number) => {
    const span = len + p0 + p1 - d * (k - 1) - 1;
    if (span < 0) return 0;
    let o = (spec.ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    // A window may not start in the right/bottom padding (PyTorch's ceil_mode rule).
    if (spec.ceilMode && (o - 1) * s >= len + p0) o--;
    return o;
  };
  const outH = size(h, padTop, padBottom, kh, strideH, dilationH);
  const outW = size(w, padLeft, padRight, kw, strideW, dilationW);
  if (outH < 1 || outW < 1) {
    throw new Error(
      `${op}: input ${shapeStr(shape)} is too small for kernel ${kh}×${kw} (dilation ${dilationH}×${dilationW}, padding ${padTop},${padBottom},${padLeft},${padRight}): output would be ${outH}×${outW}`,
    );
  }
  return {
    n,
    c,
    h,
    w,
    kh,
    kw,
    strideH,
    strideW,
    padTop,
    padLeft,
    dilationH,
    dilationW,
    outH,
    outW,
  };
}
