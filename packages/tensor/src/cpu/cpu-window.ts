import type { View, Window2d } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import { dataOf, packed } from './strided.js';

/**
 * The output columns [lo, hi) whose input column ow·stride − pad + kj·dilation
 * falls inside [0, W): outside them the window reads padding.
 */
function validColumns(g: Window2d, kj: number): [number, number] {
  const shift = kj * g.dilationW - g.padLeft;
  const lo = Math.min(g.outW, Math.max(0, Math.ceil(-shift / g.strideW)));
  const hi = Math.max(lo, Math.min(g.outW, Math.floor((g.w - 1 - shift) / g.strideW) + 1));
  return [lo, hi];
}

/** x [N, C, H, W] → out [C·kh·kw, N·outH·outW]; zeros where the window hangs over the padding. */
export function im2col(x: View, g: Window2d, out: View): void {
  const { data: X, offset: xo } = packed(x);
  const R = dataOf(out);
  const { n: N, c: C, h: H, w: W, kh, kw, outH, outW } = g;
  const L = outH * outW;
  const NL = N * L;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = xo + (n * C + c) * H * W;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let o = out.offset + ((c * kh + ki) * kw + kj) * NL + n * L;
          const [lo, hi] = validColumns(g, kj);
          const sw = g.strideW;
          for (let oh = 0; oh < outH; oh++) {
            const ih = oh * g.strideH - g.padTop + ki * g.dilationH;
            if (ih < 0 || ih >= H) {
              R.fill(0, o, o + outW);
              o += outW;
              continue;
            }
            // padding on the left, the valid stretch (no bounds checks), padding on the right
            const src = plane + ih * W + kj * g.dilationW - g.padLeft;
            for (let ow = 0; ow < lo; ow++) R[o + ow] = 0;
            for (let ow = lo; ow < hi; ow++) R[o + ow] = X[src + ow * sw]!;
            for (let ow = hi; ow < outW; ow++) R[o + ow] = 0;
            o += outW;
          }
        }
      }
    }
  }
}

/** Adjoint of im2col: cols [C·kh·kw, N·outH·outW] summed into out [N, C, H, W] (contiguous, zeroed). */
export function col2im(cols: View, g: Window2d, out: View): void {
  const { data: S, offset: so } = packed(cols);
  const R = dataOf(out);
  const { n: N, c: C, h: H, w: W, kh, kw, outH, outW } = g;
  const L = outH * outW;
  const NL = N * L;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = out.offset + (n * C + c) * H * W;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let s = so + ((c * kh + ki) * kw + kj) * NL + n * L;
          const [lo, hi] = validColumns(g, kj);
          const sw = g.strideW;
          for (let oh = 0; oh < outH; oh++) {
            const ih = oh * g.strideH - g.padTop + ki * g.dilationH;
            if (ih < 0 || ih >= H) {
              s += outW;
              continue;
            }
            const dst = plane + ih * W + kj * g.dilationW - g.padLeft;
            for (let ow = lo; ow < hi; ow++) R[dst + ow * sw] += S[s + ow]!;
            s += outW;
          }
        }
      }
    }
  }
}

export function maxPool2d(x: View, g: Window2d, out: View, indices: View): void {
  const { data: X, offset: xo } = packed(x);
  const R = dataOf(out);
  const I = dataOf(indices);
  const { n: N, c: C, h: H, w: W, kh, kw, outH, outW } = g;
  let o = 0;
  if (unpadded(g)) {
    // Every window inside the input: no bounds checks. The first maximum wins; a NaN wins and stops.
    if (isPool2x2(g)) {
      maxPool2x2(X, xo, g, R, out.offset, I, indices.offset);
      return;
    }
    for (let p = 0; p < N * C; p++) {
      const plane = xo + p * H * W;
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, o++) {
          const corner = oh * g.strideH * W + ow * g.strideW;
          let at = corner;
          let best = X[plane + corner]!;
          for (let ki = 0; ki < kh && !Number.isNaN(best); ki++) {
            for (let kj = ki === 0 ? 1 : 0; kj < kw; kj++) {
              const idx = corner + ki * g.dilationH * W + kj * g.dilationW;
              const v = X[plane + idx]!;
              if (v > best || Number.isNaN(v)) {
                best = v;
                at = idx;
                if (Number.isNaN(v)) break;
              }
            }
          }
          R[out.offset + o] = best;
          I[indices.offset + o] = at;
        }
      }
    }
    return;
  }
  for (let p = 0; p < N * C; p++) {
    const plane = xo + p * H * W;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, o++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let ki = 0; ki < kh; ki++) {
          const ih = oh * g.strideH - g.padTop + ki * g.dilationH;
          if (ih < 0 || ih >= H) continue;
          for (let kj = 0; kj < kw; kj++) {
            const iw = ow * g.strideW - g.padLeft + kj * g.dilationW;
            if (iw < 0 || iw >= W) continue;
            const v = X[plane + ih * W + iw]!;
            if (at < 0 || v > best || Number.isNaN(v)) {
              best = v;
              at = ih * W + iw;
              if (Number.isNaN(v)) break;
            }
          }
          if (Number.isNaN(best)) break;
        }
        R[out.offset + o] = best;
        I[indices.offset + o] = at;
      }
    }
  }
}

export function maxPool2dBackward(gradOut: View, indices: View, g: Window2d, out: View): void {
  const { data: G, offset: go } = packed(gradOut);
  const { data: I, offset: io } = packed(indices);
  const R = dataOf(out);
  const planeIn = g.h * g.w;
  const planeOut = g.outH * g.outW;
  for (let p = 0; p < g.n * g.c; p++) {
    for (let k = 0; k < planeOut; k++) {
      const idx = I[io + p * planeOut + k]!;
      if (idx >= 0) R[out.offset + p * planeIn + idx] += G[go + p * planeOut + k]!;
    }
  }
}

/** The [start, end) rows/cols of one pooling window, clipped, and its divisor. */
function avgWindow(g: Window2d, oh: number, ow: number, countIncludePad: boolean) {
  const h0 = oh * g.strideH - g.padTop;
  const w0 = ow * g.strideW - g.padLeft;
  const h1 = Math.min(h0 + g.kh, g.h + g.padTop);
  const w1 = Math.min(w0 + g.kw, g.w + g.padLeft);
  const padded = (h1 - h0) * (w1 - w0);
  const hs = Math.max(h0, 0);
  const ws = Math.max(w0, 0);
  const he = Math.min(h1, g.h);
  const we = Math.min(w1, g.w);
  const divisor = countIncludePad ? padded : (he - hs) * (we - ws);
  return { hs, ws, he, we, divisor };
}

/** Whether every window lies inside the input with nothing to pad: a constant divisor of kh·kw. */
export function unpadded(g: Window2d): boolean {
  return (
    g.padTop === 0 &&
    g.padLeft === 0 &&
    (g.outH - 1) * g.strideH + (g.kh - 1) * g.dilationH < g.h &&
    (g.outW - 1) * g.strideW + (g.kw - 1) * g.dilationW < g.w
  );
}

/** 2×2 windows with stride 2 and no dilation: each input value is in at most one window. */
export function isPool2x2(g: Window2d): boolean {
  return (
    g.kh === 2 &&
    g.kw === 2 &&
    g.strideH === 2 &&
    g.strideW === 2 &&
    g.dilationH === 1 &&
    g.dilationW === 1
  );
}

/**
 * maxPool2d's unpadded loop unrolled for 2×2 windows, stride 2: the window's
 * four values in the same order, the first maximum winning and a NaN winning
 * and ending the search.
 */
function maxPool2x2(
  X: TypedArray,
  xo: number,
  g: Window2d,
  R: TypedArray,
  ro: number,
  I: TypedArray,
  io: number,
): void {
  const { h, w, outH, outW } = g;
  let o = 0;
  for (let p = 0; p < g.n * g.c; p++) {
    const plane = xo + p * h * w;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0, corner = 2 * oh * w; ow < outW; ow++, o++, corner += 2) {
        let best = X[plane + corner]!;
        let at = corner;
        if (!Number.isNaN(best)) {
          let v = X[plane + corner + 1]!;
          if (v > best || Number.isNaN(v)) {
            best = v;
            at = corner + 1;
          }
          if (!Number.isNaN(best)) {
            v = X[plane + corner + w]!;
            if (v > best || Number.isNaN(v)) {
              best = v;
              at = corner + w;
            }
            if (!Number.isNaN(best)) {
              v = X[plane + corner + w + 1]!;
              if (v > best || Number.isNaN(v)) {
                best = v;
                at = corner + w + 1;
              }
            }
          }
        }
        R[ro + o] = best;
        I[io + o] = at;
      }
    }
  }
}

/** avgPool2d's unpadded loop unrolled for 2×2 windows, stride 2 (same sums, same order). */
function avgPool2x2(X: TypedArray, xo: number, g: Window2d, R: TypedArray, o: number): void {
  const { h, w, outH, outW } = g;
  for (let p = 0; p < g.n * g.c; p++) {
    const plane = xo + p * h * w;
    for (let oh = 0; oh < outH; oh++) {
      let a = plane + 2 * oh * w;
      for (let ow = 0; ow < outW; ow++, a += 2)
        R[o++] = (X[a]! + X[a + 1]! + X[a + w]! + X[a + w + 1]!) / 4;
    }
  }
}

/** avgPool2dBackward's unpadded loop unrolled for 2×2 windows, stride 2 (into a zero-filled `out`). */
function avgPool2x2Backward(
  G: TypedArray,
  go: number,
  g: Window2d,
  R: TypedArray,
  ro: number,
): void {
  const { h, w, outH, outW } = g;
  let k = go;
  for (let p = 0; p < g.n * g.c; p++) {
    const plane = ro + p * h * w;
    for (let oh = 0; oh < outH; oh++) {
      let a = plane + 2 * oh * w;
      for (let ow = 0; ow < outW; ow++, a += 2) {
        // the windows do not overlap and `out` arrives zero-filled: each position is set once
        const v = G[k++]! / 4;
        R[a] = v;
        R[a + 1] = v;
        R[a + w] = v;
        R[a + w + 1] = v;
      }
    }
  }
}

export function avgPool2d(x: View, g: Window2d, countIncludePad: boolean, out: View): void {
  const { data: X, offset: xo } = packed(x);
  const R = dataOf(out);
  let o = out.offset;
  if (unpadded(g)) {
    // The common case (2×2, stride 2): windows never leave the input, so no per-window bounds.
    if (isPool2x2(g)) {
      avgPool2x2(X, xo, g, R, o);
      return;
    }
    const divisor = g.kh * g.kw;
    for (let p = 0; p < g.n * g.c; p++) {
      const plane = xo + p * g.h * g.w;
      for (let oh = 0; oh < g.outH; oh++) {
        for (let ow = 0; ow < g.outW; ow++) {
          const corner = plane + oh * g.strideH * g.w + ow * g.strideW;
          let s = 0;
          for (let i = 0; i < g.kh; i++) {
            const row = corner + i * g.dilationH * g.w;
            for (let j = 0; j < g.kw; j++) s += X[row + j * g.dilationW]!;
          }
          R[o++] = s / divisor;
        }
      }
    }
    return;
  }
  for (let p = 0; p < g.n * g.c; p++) {
    const plane = xo + p * g.h * g.w;
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const { hs, ws, he, we, divisor } = avgWindow(g, oh, ow, countIncludePad);
        let s = 0;
        for (let ih = hs; ih < he; ih++)
          for (let iw = ws; iw < we; iw++) s += X[plane + ih * g.w + iw]!;
        R[o++] = s / divisor;
      }
    }
  }
}

export function avgPool2dBackward(
  gradOut: View,
  g: Window2d,
  countIncludePad: boolean,
  out: View,
): void {
  const { data: G, offset: go } = packed(gradOut);
  const R = dataOf(out);
  let k = go;
  if (unpadded(g)) {
    if (isPool2x2(g)) {
      avgPool2x2Backward(G, go, g, R, out.offset);
      return;
    }
    const divisor = g.kh * g.kw;
    for (let p = 0; p < g.n * g.c; p++) {
      const plane = out.offset + p * g.h * g.w;
      for (let oh = 0; oh < g.outH; oh++) {
        for (let ow = 0; ow < g.outW; ow++) {
          const corner = plane + oh * g.strideH * g.w + ow * g.strideW;
          const v = G[k++]! / divisor;
          for (let i = 0; i < g.kh; i++) {
            const row = corner + i * g.dilationH * g.w;
            for (let j = 0; j < g.kw; j++) R[row + j * g.dilationW] += v;
          }
        }
      }
    }
    return;
  }
  for (let p = 0; p < g.n * g.c; p++) {
    const plane = out.offset + p * g.h * g.w;
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const { hs, ws, he, we, divisor } = avgWindow(g, oh, ow, countIncludePad);
        const v = G[k++]! / divisor;
        for (let ih = hs; ih < he; ih++)
          for (let iw = ws; iw < we; iw++) R[plane + ih * g.w + iw] += v;
      }
    }
  }
}
