import { describe, expect, it } from 'vitest';
import { reluBackward, sigmoidBackward, tanhBackward } from './activation-backward.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { array } from './creation.js';
import { NDArray } from './ndarray.js';
import { WasmBackend } from './wasm/wasm-backend.js';

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

  it("the wasm backend's SIMD relu and relu gradient match the reference loops bit for bit", () => {
    const wasm = new WasmBackend({ threads: 1 });
    const cpu = new CpuBackend();
    // past two chunks of the kernels' staging, not a multiple of 4, with every special value
    const n = 10_003;
    const x = new Float32Array(n);
    const bits = new Int32Array(x.buffer);
    const specials = [0, -0, 1.5, -1.5, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38];
    for (let i = 0; i < n; i++) x[i] = i < specials.length ? specials[i]! : Math.sin(i) * 10;
    bits[specials.length] = 0xffc00001 | 0; // a negative NaN with a payload
    bits[specials.length + 1] = 0x7f800001; // a signalling-pattern positive NaN
    const g = new Float32Array(n).map((_, i) => Math.cos(i) * 3);
    const ints = (a: NDArray) => [...new Int32Array((a.dataSync() as Float32Array).buffer)];
    const xw = NDArray.fromTypedArray(x.slice(), [n], wasm);
    const xc = NDArray.fromTypedArray(x.slice(), [n], cpu);
    const yw = xw.relu();
    const yc = xc.relu();
    expect(ints(yw)).toEqual(ints(yc));
    const gw = reluBackward(NDArray.fromTypedArray(g.slice(), [n], wasm), yw);
    const gc = reluBackward(NDArray.fromTypedArray(g.slice(), [n], cpu), yc);
    expect(gw.backend).toBe(wasm);
    expect(ints(gw)).toEqual(ints(gc));
    // (and the reference itself: NaN in, NaN out; gradient only where the output is positive)
    expect(Number.isNaN(yc.dataSync()[6]!)).toBe(true);
    expect([...gc.dataSync().slice(0, 6)]).toEqual([0, 0, g[2]!, 0, g[4]!, 0]);
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

describe('sigmoidBackward and tanhBackward', () => {
  const other = new OtherFamily();
  /** Every value's bits, NaNs as one pattern. */
  const bits = (a: NDArray) =>
    [...a.dataSync()].map((v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));

  for (const [name, fused, activation] of [
    ['sigmoidBackward', sigmoidBackward, (x: NDArray) => x.sigmoid()],
    ['tanhBackward', tanhBackward, (x: NDArray) => x.tanh()],
  ] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} (${dtype}) gives the composed ops' bits (float32: in one pass), on strided inputs too`, () => {
        const n = 2000;
        const x = new Float64Array(n).map((_, i) => Math.sin(i * 1.7) * 6);
        const g = new Float64Array(n).map((_, i) => Math.cos(i * 0.3) * 2);
        x.set([0, -0, Infinity, -Infinity, Number.NaN, 1e-40, 30, -30]);
        g.set([1, -1, 2, -2, 3, Number.NaN, Infinity, 0.5]);
        const X = NDArray.fromTypedArray(x).to(dtype);
        const G = NDArray.fromTypedArray(g).to(dtype);
        const y = activation(X);
        // the composed ops, run on a backend of another family (as on a GPU)
        const composed = fused(G.to(other), y.to(other));
        expect(composed.backend.family).toBe('other');
        const got = fused(G, y);
        expect(got.dtype).toBe(dtype);
        expect(bits(got)).toEqual(bits(composed));
        // and a transposed gradient
        const G2 = G.reshape([40, 50]).T.contiguous().T;
        expect(G2.isContiguous()).toBe(false);
        expect(bits(fused(G2, y.reshape([40, 50])))).toEqual(bits(composed.reshape([40, 50])));
      });
    }
    it(`${name}: the values are the derivative (finite differences) and shapes are checked`, () => {
      const x = array([-3, -0.5, 0, 0.7, 2.5], { dtype: 'float64' });
      const h = 1e-6;
      const numeric = activation(x.add(h))
        .sub(activation(x.sub(h)))
        .div(2 * h);
      const got = fused(array([1, 1, 1, 1, 1], { dtype: 'float64' }), activation(x));
      const want = [...numeric.dataSync()];
      for (const [i, v] of [...got.dataSync()].entries()) expect(v).toBeCloseTo(want[i]!, 8);
      expect(() => fused(array([1, 2]), array([1, 2, 3]))).toThrow(
        `${name}: grad [2] must match output [3]`,
      );
    });
  }
});
