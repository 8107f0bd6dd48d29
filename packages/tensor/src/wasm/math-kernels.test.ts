import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { NDArray } from '../ndarray.js';
import { MATH_KERNELS } from './math-kernels.js';
import { WasmBackend, wasmSimdSupported } from './wasm-backend.js';

const supported = wasmSimdSupported();

/** Distance in float32 ulps (0 for two NaNs; signed zeros are 0 apart here and checked separately). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const [ia, ib] = new Int32Array(Float32Array.of(a, b).buffer) as unknown as [number, number];
  if (ia < 0 !== ib < 0) return (ia & 0x7fffffff) + (ib & 0x7fffffff);
  return Math.abs(ia - ib);
}

/** Inputs whose results the kernels must give exactly: NaN, ±∞, ±0, the overflow and underflow edges. */
const SPECIALS = [
  Number.NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  88.73,
  -104,
  -120,
  1e-40,
  -1e-40,
  1e-30,
  -1e-30,
  30,
  -30,
];

describe.skipIf(!supported)("the wasm backend's exp, sigmoid and tanh kernels", () => {
  const wasm = supported ? new WasmBackend({ threads: 1 }) : (null as never);
  const cpu = new CpuBackend();
  afterAll(() => wasm?.dispose());
  afterEach(() => vi.restoreAllMocks());
  const run = (op: string, x: Float32Array, backend: CpuBackend) =>
    (
      NDArray.fromTypedArray(x.slice(), [x.length], backend) as unknown as Record<
        string,
        () => NDArray
      >
    )[op]!().dataSync();

  for (const op of MATH_KERNELS) {
    it(`${op}: within 2 float32 ulps of the reference from −110 to 110 (1 ulp for exp and tanh), on the kernel`, () => {
      const n = 400_003;
      const x = new Float32Array(n);
      // dense near 0 (where tanh switches form at 0.625) and spread to the clamps
      for (let i = 0; i < n; i++) {
        const u = (2 * i) / (n - 1) - 1;
        x[i] = i % 2 ? 110 * u : 2 * u * Math.abs(u);
      }
      const reference = vi.spyOn(CpuBackend.prototype, 'unary');
      const got = run(op, x, wasm);
      expect(reference).not.toHaveBeenCalled();
      const want = run(op, x, cpu);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, ulps(got[i]!, want[i]!));
      expect(worst).toBeLessThanOrEqual(op === 'sigmoid' ? 2 : 1);
    });

    it(`${op}: NaN, ±∞, ±0, subnormals, overflow and underflow exactly as the reference`, () => {
      const x = new Float32Array(8192);
      x.set(SPECIALS);
      const got = run(op, x, wasm);
      const want = run(op, x, cpu);
      SPECIALS.forEach((_, i) => {
        if (!Object.is(got[i], want[i]))
          expect(`${op}(${SPECIALS[i]}) = ${got[i]}`).toBe(`${want[i]}`);
      });
    });
  }

  it('leaves small arrays and other ops to the reference', () => {
    const reference = vi.spyOn(CpuBackend.prototype, 'unary');
    const small = NDArray.fromTypedArray(Float32Array.of(0.5, -1, 2), [3], wasm);
    expect([...small.tanh().dataSync()]).toEqual([
      ...Float32Array.from([0.5, -1, 2].map(Math.tanh)),
    ]);
    NDArray.fromTypedArray(new Float32Array(8192), [8192], wasm).log1p();
    expect(reference).toHaveBeenCalledTimes(2);
  });
});
