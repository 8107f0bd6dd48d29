import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { NDArray } from '../ndarray.js';
import { maxPool2dWithIndices } from '../pool.js';
import { WasmBackend, wasmSimdSupported } from './wasm-backend.js';

const supported = wasmSimdSupported();

/** Values with ties, signed zeros, NaNs of both signs and infinities among ordinary ones. */
function values(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
    const u = r - Math.floor(r);
    x[i] =
      u < 0.02
        ? Number.NaN
        : u < 0.04
          ? -0
          : u < 0.06
            ? 0
            : u < 0.07
              ? Infinity
              : u < 0.08
                ? -Infinity
                : u < 0.3
                  ? 1
                  : Math.round(u * 40) - 20;
  }
  // a negative NaN pattern too
  new Int32Array(x.buffer)[3] = 0xffc00001 | 0;
  return x;
}

const bitsOf = (a: NDArray) =>
  [...(a.dataSync() as Float32Array)].map((v) =>
    Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v,
  );

describe.skipIf(!supported)("the wasm backend's 2×2 max pooling kernel", () => {
  const wasm = supported ? new WasmBackend({ threads: 1 }) : (null as never);
  const cpu = new CpuBackend();
  afterAll(() => wasm?.dispose());
  afterEach(() => vi.restoreAllMocks());

  // [N, C, H, W]: MNIST's 28 → 14 → 7 (row ends mid-group), odd sizes that drop
  // a last row and column, CIFAR's 32, more planes than one staging chunk.
  for (const shape of [
    [2, 3, 28, 28],
    [3, 4, 14, 14],
    [1, 2, 7, 7],
    [2, 1, 9, 5],
    [1, 1, 2, 2],
    [4, 32, 32, 32],
    [1, 70, 33, 31],
  ]) {
    it(`[${shape}] gives the reference's values and indices bit for bit`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = values(n, shape[2]!);
      const reference = vi.spyOn(CpuBackend.prototype, 'maxPool2d');
      const got = maxPool2dWithIndices(NDArray.fromTypedArray(x.slice(), shape, wasm), 2);
      expect(reference).not.toHaveBeenCalled(); // the kernel ran, not the reference
      const want = maxPool2dWithIndices(NDArray.fromTypedArray(x.slice(), shape, cpu), 2);
      expect(bitsOf(got.output)).toEqual(bitsOf(want.output));
      expect([...got.indices.dataSync()]).toEqual([...want.indices.dataSync()]);
    });
  }

  it('leaves other windows, padding and strided input to the reference', () => {
    const x = NDArray.fromTypedArray(values(2 * 3 * 8 * 8, 5), [2, 3, 8, 8], wasm);
    const xc = NDArray.fromTypedArray(values(2 * 3 * 8 * 8, 5), [2, 3, 8, 8], cpu);
    const reference = vi.spyOn(CpuBackend.prototype, 'maxPool2d');
    for (const [k, options] of [
      [3, {}],
      [2, { stride: 1 }],
      [2, { padding: 1 }],
    ] as const) {
      const got = maxPool2dWithIndices(x, k, options);
      const want = maxPool2dWithIndices(xc, k, options);
      expect(bitsOf(got.output)).toEqual(bitsOf(want.output));
      expect([...got.indices.dataSync()]).toEqual([...want.indices.dataSync()]);
    }
    maxPool2dWithIndices(x.permute(0, 1, 3, 2), 2);
    // 3 wasm calls + 3 cpu calls + the transposed input
    expect(reference).toHaveBeenCalledTimes(7);
  });
});
