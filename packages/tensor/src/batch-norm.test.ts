import { describe, expect, it } from 'vitest';
import { batchNormBackward, batchNormTrain } from './batch-norm.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { array } from './creation.js';
import { NDArray } from './ndarray.js';
import { Generator, randn } from './random.js';
import { WasmBackend } from './wasm/wasm-backend.js';

/** A host backend under another family name: arrays on it take the composed (non-fused) path. */
class OtherFamily extends CpuBackend {
  override readonly name = 'other-family';
  override readonly family = 'other';
}
const other = new OtherFamily();
const gen = (seed: number) => ({ generator: new Generator(seed), dtype: 'float64' as const });

function maxDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

describe('batchNormTrain / batchNormBackward', () => {
  it('normalises each channel to mean 0 and variance 1, then applies the affine map', () => {
    const x = randn([6, 3, 2, 2], gen(1)).mul(3).add(5);
    const w = randn([3], gen(2));
    const b = randn([3], gen(3));
    const { out, mean, variance } = batchNormTrain(x, null, null, 0);
    const perChannel = out.permute(1, 0, 2, 3).reshape([3, -1]);
    for (const m of perChannel.mean([1]).toArray() as number[])
      expect(Math.abs(m)).toBeLessThan(1e-12);
    for (const v of perChannel.square().mean([1]).toArray() as number[])
      expect(v).toBeCloseTo(1, 10);
    const xs = x.permute(1, 0, 2, 3).reshape([3, -1]);
    expect(maxDiff(mean.toArray() as number[], xs.mean([1]).toArray() as number[])).toBeLessThan(
      1e-12,
    );
    expect(
      maxDiff(
        variance.toArray() as number[],
        xs
          .sub(xs.mean([1], true))
          .square()
          .mean([1])
          .toArray() as number[],
      ),
    ).toBeLessThan(1e-12);
    const affine = batchNormTrain(x, w, b, 0).out;
    const expected = out.mul(w.reshape([1, 3, 1, 1])).add(b.reshape([1, 3, 1, 1]));
    expect(maxDiff([...affine.dataSync()], [...expected.dataSync()])).toBeLessThan(1e-12);
  });

  it('the fused host loops and the composed ops (other backends) agree, forward and backward', () => {
    for (const [shape, affine] of [
      [[5, 4], true],
      [[3, 2, 5], false],
      [[4, 3, 3, 2], true],
    ] as const) {
      const x = randn([...shape], gen(10));
      const c = shape[1];
      const w = affine ? randn([c], gen(11)) : null;
      const b = affine ? randn([c], gen(12)) : null;
      const g = randn([...shape], gen(13));
      const fused = batchNormTrain(x, w, b, 1e-5);
      const composed = batchNormTrain(
        x.to(other),
        w?.to(other) ?? null,
        b?.to(other) ?? null,
        1e-5,
      );
      expect(composed.out.backend.family).toBe('other');
      const flat = (a: NDArray) => [...a.dataSync()];
      expect(maxDiff(flat(fused.out), flat(composed.out))).toBeLessThan(1e-12);
      expect(maxDiff(flat(fused.invstd), flat(composed.invstd))).toBeLessThan(1e-12);
      const gf = batchNormBackward(g, x, fused.mean, fused.invstd, w);
      const gc = batchNormBackward(
        g.to(other),
        x.to(other),
        composed.mean,
        composed.invstd,
        w?.to(other) ?? null,
      );
      expect(maxDiff(flat(gf.gradInput), flat(gc.gradInput))).toBeLessThan(1e-12);
      expect(maxDiff(flat(gf.gradWeight), flat(gc.gradWeight))).toBeLessThan(1e-12);
      expect(maxDiff(flat(gf.gradBias), flat(gc.gradBias))).toBeLessThan(1e-12);
    }
  });

  it('keeps the variance exact for a channel far from zero (float32, mean 1e4, std 0.1)', () => {
    // The moments are taken in one pass about a shift; an unshifted E[x²] − E[x]² would lose the
    // variance here entirely (1e8 against 1e-2 in the sums).
    const x = randn([8, 2, 16, 16], { generator: new Generator(31) })
      .mul(0.1)
      .add(1e4)
      .float();
    const { variance, mean } = batchNormTrain(x, null, null, 1e-5);
    const x64 = x.double().permute(1, 0, 2, 3).reshape([2, -1]);
    const ref = x64
      .sub(x64.mean([1], true))
      .square()
      .mean([1])
      .toArray() as number[];
    const got = variance.toArray() as number[];
    for (let c = 0; c < 2; c++) expect(Math.abs(got[c]! - ref[c]!) / ref[c]!).toBeLessThan(1e-5);
    expect(maxDiff(mean.toArray() as number[], x64.mean([1]).toArray() as number[])).toBeLessThan(
      1e-3,
    );
  });

  it('a channel holding +∞ has mean +∞ and variance NaN, as with plain sums', () => {
    const x = array([
      [Number.POSITIVE_INFINITY, 1],
      [2, 3],
    ]).float();
    const { mean, variance } = batchNormTrain(x, null, null, 1e-5);
    expect(mean.toArray()).toEqual([Number.POSITIVE_INFINITY, 2]);
    const v = variance.toArray() as number[];
    expect(Number.isNaN(v[0]!)).toBe(true);
    expect(v[1]).toBeCloseTo(1, 6);
  });

  it("the wasm backend's SIMD loops agree with the reference loops (float32), forward and backward", () => {
    const wasm = new WasmBackend({ threads: 1 });
    const cpu = new CpuBackend();
    const flat = (a: NDArray) => [...a.dataSync()];
    // S = 17 and 49 leave tails after the groups of four; S = 4 and 1 (BatchNorm1d) are declined.
    for (const shape of [
      [8, 3, 17],
      [6, 5, 7, 7],
      [3, 2, 28, 28],
      [16, 3, 4],
      [32, 6],
    ]) {
      const f = (seed: number, n: number[] = shape) =>
        randn(n, { generator: new Generator(seed) }).float();
      const x = f(40).mul(2).add(3);
      const g = f(41);
      const c = shape[1]!;
      const [w, b] = [f(42, [c]), f(43, [c])];
      const ref = batchNormTrain(x.to(cpu), w.to(cpu), b.to(cpu), 1e-5);
      const got = batchNormTrain(x.to(wasm), w.to(wasm), b.to(wasm), 1e-5);
      expect(got.out.backend).toBe(wasm);
      // the same double-precision formula rounded once: equal up to the order of the sums
      expect(maxDiff(flat(got.out), flat(ref.out))).toBeLessThan(2e-6);
      expect(maxDiff(flat(got.mean), flat(ref.mean))).toBeLessThan(1e-6);
      expect(maxDiff(flat(got.invstd), flat(ref.invstd))).toBeLessThan(1e-6);
      const gr = batchNormBackward(g.to(cpu), x.to(cpu), ref.mean, ref.invstd, w.to(cpu));
      const gg = batchNormBackward(g.to(wasm), x.to(wasm), got.mean, got.invstd, w.to(wasm));
      expect(maxDiff(flat(gg.gradInput), flat(gr.gradInput))).toBeLessThan(2e-6);
      expect(maxDiff(flat(gg.gradWeight), flat(gr.gradWeight))).toBeLessThan(1e-4);
      expect(maxDiff(flat(gg.gradBias), flat(gr.gradBias))).toBeLessThan(1e-4);
    }
    // far from zero (mean 1e4, std 0.1) and an infinite channel, on the SIMD loops
    const far = randn([8, 2, 16, 16], { generator: new Generator(31) })
      .mul(0.1)
      .add(1e4)
      .float();
    const v = batchNormTrain(far.to(wasm), null, null, 1e-5).variance.toArray() as number[];
    const vr = batchNormTrain(far.to(cpu), null, null, 1e-5).variance.toArray() as number[];
    for (let ch = 0; ch < 2; ch++) expect(Math.abs(v[ch]! - vr[ch]!) / vr[ch]!).toBeLessThan(1e-6);
    const inf = randn([2, 2, 20], { generator: new Generator(32) }).float();
    const d = inf.dataSync();
    d[0] = Number.POSITIVE_INFINITY;
    const withInf = NDArray.fromTypedArray(d, [2, 2, 20], wasm);
    const r = batchNormTrain(withInf, null, null, 1e-5);
    expect((r.mean.toArray() as number[])[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN((r.variance.toArray() as number[])[0]!)).toBe(true);
    expect((r.variance.toArray() as number[])[1]).toBeGreaterThan(0.3);
  });

  it('names the op and the shapes on bad input', () => {
    const x = randn([4, 3], gen(20));
    expect(() => batchNormTrain(x, randn([2], gen(21)), null, 1e-5)).toThrow(
      'batchNorm: weight must have shape [3], got [2]',
    );
    expect(() => batchNormTrain(randn([3], gen(22)), null, null, 1e-5)).toThrow(
      'batchNorm: expected input with at least 2 dims, got [3]',
    );
    expect(() =>
      batchNormBackward(randn([4, 2], gen(23)), x, x.mean([0]), x.mean([0]), null),
    ).toThrow('batchNormBackward: grad [4, 2] must match input [4, 3]');
  });
});
