import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu/cpu-backend.js';
import { array } from './creation.js';
import { NDArray } from './ndarray.js';
import { reluBackward } from './relu-backward.js';

class OtherFamily extends CpuBackend {
  override readonly name = 'other-family';
  override readonly family = 'other';
}

describe('reluBackward', () => {
  it('passes the gradient where the output is positive, on host and composed paths alike', () => {
    const out = array([
      [0, 2, 0.5],
      [0, 0, 3],
    ]);
    const g = array([
      [1, -2, 3],
      [4, 5, -6],
    ]);
    const expected = [
      [0, -2, 3],
      [0, 0, -6],
    ];
    expect(reluBackward(g, out).toArray()).toEqual(expected);
    const other = new OtherFamily();
    const composed = reluBackward(g.to(other), out.to(other));
    expect(composed.backend.family).toBe('other');
    expect(composed.toArray()).toEqual(expected);
    // a transposed (non-contiguous) gradient
    expect(reluBackward(g.T.contiguous().T, out).toArray()).toEqual(expected);
  });

  it('names the shapes when they differ', () => {
    expect(() => reluBackward(array([1, 2]), array([1, 2, 3]))).toThrow(
      'reluBackward: grad [2] must match output [3]',
    );
  });
});

describe('relu on float32 (the branch-free bit kernels) agrees with the float64 reference', () => {
  it('on signed zeros, infinities, NaNs of both signs, denormals and ordinary values', () => {
    const specials = [
      0,
      -0,
      1,
      -1,
      Infinity,
      -Infinity,
      Number.NaN,
      1e-45,
      -1e-45,
      3.4e38,
      -3.4e38,
      0.5,
      -2.5,
    ];
    const negNaN = new Float32Array(new Int32Array([0xffc00000 | 0]).buffer)[0]!; // x86's default NaN
    const x32 = new Float32Array([...specials, negNaN]);
    const x = NDArray.fromTypedArray(x32);
    const got = [...x.relu().dataSync()];
    const want = [...x.to('float64').relu().dataSync()];
    expect(got.map(String)).toEqual(want.map(String));
    const g = NDArray.fromTypedArray(new Float32Array(x32.length).fill(3));
    const y = x.relu();
    const back = [...reluBackward(g, y).dataSync()];
    const backRef = [...reluBackward(g.to('float64'), y.to('float64')).dataSync()];
    expect(back).toEqual(backRef);
  });
});
