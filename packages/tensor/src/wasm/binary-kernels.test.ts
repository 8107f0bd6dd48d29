import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { NDArray } from '../ndarray.js';
import { ARITHMETIC_OPS } from './binary-kernels.js';
import { WasmBackend, wasmSimdSupported } from './wasm-backend.js';

const supported = wasmSimdSupported();

/** n float32 values: every special value first, then a spread of ordinary ones. */
function values(n: number, phase: number): Float32Array {
  const specials = [0, -0, 1.5, -1.5, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 7];
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++)
    x[i] =
      i < specials.length
        ? specials[(i + phase) % specials.length]!
        : Math.sin(i * (phase + 1)) * 10;
  return x;
}

/** The values as int32 bit patterns, every NaN as one pattern (its payload is not specified). */
const bits = (a: NDArray) =>
  [...(a.dataSync() as Float32Array)].map((v) =>
    Number.isNaN(v) ? 'NaN' : new Int32Array(Float32Array.of(v).buffer)[0],
  );

describe.skipIf(!supported)("the wasm backend's SIMD add, sub, mul and div", () => {
  const wasm = supported ? new WasmBackend({ threads: 1 }) : (null as never);
  const cpu = new CpuBackend();
  afterAll(() => wasm?.dispose());
  afterEach(() => vi.restoreAllMocks());
  // past two chunks of the staging (4 096 floats), not a multiple of 4
  const n = 10_003;
  const a = values(n, 0);
  const b = values(n, 5);
  const on = (x: Float32Array, backend: CpuBackend) =>
    NDArray.fromTypedArray(x.slice(), [n], backend);
  const scalar = (v: number, backend: CpuBackend) =>
    NDArray.fromTypedArray(Float32Array.of(v), [1], backend).expand([n]);

  for (const op of ARITHMETIC_OPS) {
    it(`${op}: arrays, array and value, value and array, array and repeated row — bit for bit the reference, on the kernels`, () => {
      const reference = vi.spyOn(CpuBackend.prototype, 'binary');
      const cases: [NDArray, NDArray, NDArray, NDArray][] = [
        [on(a, wasm), on(b, wasm), on(a, cpu), on(b, cpu)],
        [on(a, wasm), scalar(-0.3, wasm), on(a, cpu), scalar(-0.3, cpu)],
        [scalar(2.5, wasm), on(b, wasm), scalar(2.5, cpu), on(b, cpu)],
        [scalar(-0, wasm), on(a, wasm), scalar(-0, cpu), on(a, cpu)],
      ];
      // A row of `period` values repeated over [rows, period]: short periods are
      // tiled (3: 1 365 copies a chunk; 128: 32), a long one (5 000) spans chunks.
      for (const [rows, period] of [
        [3000, 3],
        [79, 128],
        [3, 5000],
      ] as const) {
        const m = rows * period;
        const full = (k: CpuBackend) => NDArray.fromTypedArray(values(m, 1), [rows, period], k);
        const row = (k: CpuBackend) =>
          NDArray.fromTypedArray(values(period, 7), [period], k).expand([rows, period]);
        cases.push([full(wasm), row(wasm), full(cpu), row(cpu)]);
        cases.push([row(wasm), full(wasm), row(cpu), full(cpu)]);
      }
      for (const [xw, yw, xc, yc] of cases) {
        const got = xw[op](yw);
        reference.mockClear();
        const want = xc[op](yc);
        expect(reference).toHaveBeenCalled(); // (the spy sees the cpu backend's calls)
        expect(got.backend).toBe(wasm);
        expect(bits(got)).toEqual(bits(want));
      }
      reference.mockClear();
      for (const [xw, yw] of cases) xw[op](yw);
      // Every case above ran on the kernels: the reference's binary was never reached.
      expect(reference).not.toHaveBeenCalled();
    });
  }

  it('updates in place (a.sub_(b), out is a) and leaves small, strided and other-dtype cases to the reference', () => {
    const pw = on(a, wasm);
    const pc = on(a, cpu);
    pw.sub_(on(b, wasm));
    pc.sub_(on(b, cpu));
    expect(bits(pw)).toEqual(bits(pc));
    const head = (k: number, backend: CpuBackend) =>
      NDArray.fromTypedArray(a.slice(0, k), [k], backend);
    const smallWant = bits(head(100, cpu).mul(head(100, cpu)));
    const sc = head(10_000, cpu).reshape([100, 100]);
    const transposedWant = bits(sc.add(sc.T));
    const reference = vi.spyOn(CpuBackend.prototype, 'binary');
    expect(bits(head(100, wasm).mul(head(100, wasm)))).toEqual(smallWant);
    const sw = head(10_000, wasm).reshape([100, 100]);
    expect(bits(sw.add(sw.T))).toEqual(transposedWant);
    const ints = NDArray.fromTypedArray(new Int32Array(n).fill(3), [n], wasm);
    expect(ints.mul(ints).dataSync()[n - 1]).toBe(9);
    expect(reference).toHaveBeenCalledTimes(3); // each of the three went to the reference
  });
});
