import { describe, expect, it } from 'vitest';
import {
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  convTranspose2d,
  convTranspose2dBackward,
} from './conv.js';
import { array, zeros } from './creation.js';
import { NDArray } from './ndarray.js';
import {
  avgPool2d,
  avgPool2dBackward,
  maxPool2d,
  maxPool2dBackward,
  maxPool2dWithIndices,
} from './pool.js';
import { Generator, randn } from './random.js';
import { expectArray } from './test-helpers.js';

/** Direct 7-loop convolution, written independently of im2col, as the reference. */
function directConv(
  x: NDArray,
  w: NDArray,
  stride: number,
  pad: number,
  dil: number,
): number[][][][] {
  const [N, C, H, W] = x.shape as number[];
  const [O, , KH, KW] = w.shape as number[];
  const OH = Math.floor((H! + 2 * pad - dil * (KH! - 1) - 1) / stride) + 1;
  const OW = Math.floor((W! + 2 * pad - dil * (KW! - 1) - 1) / stride) + 1;
  const out: number[][][][] = [];
  for (let n = 0; n < N!; n++) {
    out.push([]);
    for (let o = 0; o < O!; o++) {
      out[n]!.push([]);
      for (let i = 0; i < OH; i++) {
        const row: number[] = [];
        for (let j = 0; j < OW; j++) {
          let s = 0;
          for (let c = 0; c < C!; c++)
            for (let ki = 0; ki < KH!; ki++)
              for (let kj = 0; kj < KW!; kj++) {
                const ih = i * stride - pad + ki * dil;
                const iw = j * stride - pad + kj * dil;
                if (ih >= 0 && ih < H! && iw >= 0 && iw < W!)
                  s += x.get(n, c, ih, iw) * w.get(o, c, ki, kj);
              }
          row.push(s);
        }
        out[n]![o]!.push(row);
      }
    }
  }
  return out;
}

const dotAll = (a: NDArray, b: NDArray) => a.double().mul(b.double()).sum().item();
const g = (seed: number) => ({ generator: new Generator(seed) });

describe('conv2d', () => {
  it.each([
    [1, 0, 1],
    [2, 1, 1],
    [1, 2, 2],
    [3, 1, 2],
  ])(
    'matches a direct convolution (stride %i, padding %i, dilation %i)',
    (stride, padding, dilation) => {
      const x = randn([2, 3, 9, 8], g(1));
      const w = randn([4, 3, 3, 2], g(2));
      expectArray(
        conv2d(x, w, null, { stride, padding, dilation }),
        directConv(x, w, stride, padding, dilation),
        1e-5,
      );
    },
  );

  it("'same' keeps the size, also for even kernels (extra padding bottom/right)", () => {
    const x = randn([1, 2, 6, 7], g(3));
    const w = randn([3, 2, 4, 4], g(4));
    const y = conv2d(x, w, array([1, 2, 3]), { padding: 'same' });
    expect(y.shape).toEqual([1, 3, 6, 7]);
    // Same as explicit padding 1 on top/left and 2 on bottom/right.
    const padded = zeros([1, 2, 9, 10]);
    padded.slice(2, 1, 7).slice(3, 1, 8).copy_(x);
    expectArray(y, conv2d(padded, w, array([1, 2, 3])).toArray() as number[][][][], 1e-5);
    expect(() => conv2d(x, w, null, { padding: 'same', stride: 2 })).toThrow(
      /conv2d: padding 'same' needs stride 1/,
    );
  });

  it('its backward helpers are the adjoints: <conv(x), g> = <x, dX(g)> = <w, dW(g)>', () => {
    const opts = { stride: 2, padding: 1, dilation: 2 };
    const x = randn([3, 2, 11, 10], g(5));
    const w = randn([4, 2, 3, 3], g(6));
    const y = conv2d(x, w, null, opts);
    const gy = randn(y.shape, g(7));
    const lhs = dotAll(y, gy);
    expect(dotAll(x, conv2dBackwardInput(gy, w, x.shape, opts))).toBeCloseTo(lhs, 2);
    expect(dotAll(w, conv2dBackwardWeight(x, gy, w.shape, opts))).toBeCloseTo(lhs, 2);
  });

  it('convTranspose2d is the adjoint of conv2d and has PyTorch output sizes', () => {
    const x = randn([2, 3, 5, 4], g(8));
    const w = randn([3, 2, 3, 3], g(9)); // [in, out, kh, kw]
    const opts = { stride: 2, padding: 1, outputPadding: 1 };
    const y = convTranspose2d(x, w, null, opts);
    expect(y.shape).toEqual([2, 2, 10, 8]); // (5−1)·2 − 2 + 3 + 1
    const gy = randn(y.shape, g(10));
    const { gradInput, gradWeight } = convTranspose2dBackward(gy, x, w, opts);
    const lhs = dotAll(y, gy);
    expect(dotAll(x, gradInput)).toBeCloseTo(lhs, 2);
    expect(dotAll(w, gradWeight)).toBeCloseTo(lhs, 2);
    const shift = convTranspose2d(x, w, array([1, -1])).sub(convTranspose2d(x, w));
    expectArray(shift.mean([0, 2, 3]), [1, -1], 1e-6);
  });

  it('processes large batches in blocks with the same result', () => {
    const x = randn([70, 1, 28, 28], g(11));
    const w = randn([8, 1, 5, 5], g(12));
    const all = conv2d(x, w, null, { padding: 2 });
    const last = conv2d(x.narrow(0, 69, 1), w, null, { padding: 2 });
    expectArray(all.narrow(0, 69, 1), last.toArray() as number[][][][], 1e-6);
  });

  it('explains bad shapes', () => {
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([2, 4, 3, 3]))).toThrow(
      'conv2d: input [1, 3, 5, 5] has 3 channels but weight [2, 4, 3, 3] expects 4',
    );
    expect(() => conv2d(zeros([3, 5, 5]), zeros([2, 3, 3, 3]))).toThrow(
      /conv2d: expected NCHW input \(4 dims\), got \[3, 5, 5\]/,
    );
    expect(() => conv2d(zeros([1, 1, 2, 2]), zeros([1, 1, 3, 3]))).toThrow(
      /conv2d: input \[1, 1, 2, 2\] is too small for kernel 3×3/,
    );
    expect(() => conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), null, { stride: 0 })).toThrow(
      /conv2d: stride must be integers ≥ 1/,
    );
  });
});

describe('pooling', () => {
  const x = array([
    [
      [
        [1, 2, 5, 0],
        [3, 4, 1, 1],
        [0, 0, 9, 8],
        [7, 0, 8, 9],
      ],
    ],
  ]);

  it('maxPool2d returns maxima and their flat positions', () => {
    const { output, indices } = maxPool2dWithIndices(x, 2);
    expectArray(output, [
      [
        [
          [4, 5],
          [7, 9],
        ],
      ],
    ]);
    expect(indices.toArray()).toEqual([
      [
        [
          [5, 2],
          [12, 10],
        ],
      ],
    ]);
    expectArray(maxPool2d(x, 3, { stride: 1, padding: 1 }).narrow(2, 0, 1).narrow(3, 0, 2), [
      [[[4, 5]]],
    ]);
    expect(maxPool2d(x, 3, { ceilMode: true }).shape).toEqual([1, 1, 2, 2]);
  });

  it('maxPool2d: ties go to the first maximum, a NaN wins (windows inside the input and padded ones alike)', () => {
    const t = array([
      [
        [
          [2, 2, 1, Number.NaN],
          [1, 2, 3, 3],
        ],
      ],
    ]);
    const inside = maxPool2dWithIndices(t, 2); // every window inside: the bounds-free path
    expect(inside.indices.toArray()).toEqual([[[[0, 3]]]]);
    expect(Number.isNaN((inside.output.toArray() as number[][][][])[0]![0]![0]![1]!)).toBe(true);
    // the same windows seen through a padded geometry (padding 1, stride 2, kernel 3 covers them)
    const padded = maxPool2dWithIndices(t, 3, { stride: 2, padding: 1 });
    expect(padded.indices.toArray()).toEqual([[[[0, 3]]]]);
  });

  it('maxPool2d 2×2 / stride 2: the first maximum in row-major order, NaN wins — checked on many windows', () => {
    // Small integers make ties common; NaNs land anywhere in a window.
    const g = new Generator(5);
    const data = Array.from({ length: 2 * 3 * 6 * 8 }, () => {
      const u = g.random();
      return u < 0.08 ? Number.NaN : Math.floor(u * 4);
    });
    const t = NDArray.fromTypedArray(Float32Array.from(data), [2, 3, 6, 8]);
    const { output, indices } = maxPool2dWithIndices(t, 2);
    const out = output.dataSync();
    const idx = indices.dataSync();
    let o = 0;
    for (let p = 0; p < 6; p++)
      for (let oh = 0; oh < 3; oh++)
        for (let ow = 0; ow < 4; ow++, o++) {
          const order = [0, 1, 8, 9].map((d) => 2 * oh * 8 + 2 * ow + d);
          let at = order[0]!;
          for (const k of order.slice(1)) {
            const best = data[p * 48 + at]!;
            if (Number.isNaN(best)) break;
            const v = data[p * 48 + k]!;
            if (v > best || Number.isNaN(v)) at = k;
          }
          expect(idx[o], `window ${o}`).toBe(at);
          expect(Object.is(out[o], Math.fround(data[p * 48 + at]!)), `window ${o}`).toBe(true);
        }
  });

  it('maxPool2dBackward routes gradients to the maxima', () => {
    const { indices } = maxPool2dWithIndices(x, 2);
    const grad = maxPool2dBackward(
      array([
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ]),
      indices,
      x.shape,
      2,
    );
    expectArray(grad, [
      [
        [
          [0, 0, 2, 0],
          [0, 1, 0, 0],
          [0, 0, 4, 0],
          [3, 0, 0, 0],
        ],
      ],
    ]);
  });

  it('avgPool2d with and without counting padding, and its adjoint backward', () => {
    expectArray(avgPool2d(x, 2), [
      [
        [
          [2.5, 1.75],
          [1.75, 8.5],
        ],
      ],
    ]);
    const inc = avgPool2d(x, 2, { padding: 1 });
    const exc = avgPool2d(x, 2, { padding: 1, countIncludePad: false });
    expect(inc.get(0, 0, 0, 0)).toBe(0.25);
    expect(exc.get(0, 0, 0, 0)).toBe(1);
    const gy = randn(inc.shape, g(13));
    for (const opts of [{ padding: 1 }, { padding: 1, countIncludePad: false }]) {
      const y = avgPool2d(x, 2, opts);
      expect(dotAll(x, avgPool2dBackward(gy, x.shape, 2, opts))).toBeCloseTo(dotAll(y, gy), 4);
    }
    expect(() => avgPool2d(x, 2, { padding: 2 })).toThrow(
      /avgPool2d: padding 2,2 must be at most half the kernel 2×2/,
    );
  });
});
