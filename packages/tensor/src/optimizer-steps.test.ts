import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { array, zeros } from './creation.js';
import { fusedAdamStep, fusedSgdStep, type SgdStepParams } from './optimizer-steps.js';
import { WasmBackend, wasmSimdSupported } from './wasm/wasm-backend.js';

const backends: [string, () => Backend][] = [['cpu', () => new CpuBackend()]];
if (wasmSimdSupported()) backends.push(['wasm', () => new WasmBackend({ threads: 1 })]);

const sgd: SgdStepParams = {
  lr: 0.1,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
  firstStep: true,
};

describe.each(backends)('fused optimiser steps on %s', (_name, make) => {
  const backend = make();
  const on = (values: number[]) => array(values).to(backend);

  it("Adam's first step moves each value by about lr against its gradient's sign", () => {
    // m = 0.1·g, v = 0.001·g²; bias-corrected m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps).
    const p = on([1, -2, 3, 0.5, 7]);
    const g = on([0.5, -4, 1e-3, -0.25, 0]);
    const m = zeros([5], { backend });
    const v = zeros([5], { backend });
    const lr = 0.01;
    const done = fusedAdamStep(p, g, m, v, null, {
      beta1: 0.9,
      beta2: 0.999,
      stepSize: lr / (1 - 0.9),
      biasCorrection2Sqrt: Math.sqrt(1 - 0.999),
      eps: 1e-8,
    });
    expect(done).toBe(true);
    const got = Array.from(p.dataSync());
    for (const [i, want] of [0.99, -1.99, 2.99, 0.51, 7].entries())
      expect(got[i]).toBeCloseTo(want, 5);
    expect(Array.from(m.dataSync())[1]).toBeCloseTo(-0.4, 6);
    expect(Array.from(v.dataSync())[1]).toBeCloseTo(0.016, 6);
  });

  it('SGD with momentum: the buffer starts as the gradient, then decays and adds', () => {
    const p = on([1, 2]);
    const buf = zeros([2], { backend });
    const h = { ...sgd, momentum: 0.5 };
    expect(fusedSgdStep(p, on([1, -1]), buf, h)).toBe(true);
    expect(Array.from(buf.dataSync())).toEqual([1, -1]);
    expect(fusedSgdStep(p, on([1, 1]), buf, { ...h, firstStep: false })).toBe(true);
    expect(Array.from(buf.dataSync())).toEqual([1.5, 0.5]);
    const got = Array.from(p.dataSync());
    for (const [i, want] of [1 - 0.1 - 0.15, 2 + 0.1 - 0.05].entries())
      expect(got[i]).toBeCloseTo(want, 6);
  });

  it('declines a strided view or mixed dtypes, changing nothing, and names a wrong shape', () => {
    const p = on([1, 2, 3, 4]).reshape([2, 2]);
    const g = on([1, 1, 1, 1]).reshape([2, 2]);
    expect(fusedSgdStep(p.transpose(0, 1), g, null, sgd)).toBe(false);
    expect(fusedSgdStep(p, g.to('float64'), null, sgd)).toBe(false);
    expect(Array.from(p.dataSync())).toEqual([1, 2, 3, 4]);
    expect(() => fusedSgdStep(p, on([1, 1, 1]), null, sgd)).toThrow(/shape \[2, 2\], got \[3\]/);
    expect(() => fusedSgdStep(p, g, null, { ...sgd, momentum: 0.9 })).toThrow(/momentum buffer/);
  });
});
