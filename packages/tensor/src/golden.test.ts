/**
 * Golden tests: random cases of every op, checked against PyTorch 1.13, on
 * every backend (runners and tolerances in test-golden.ts).
 *
 * The numbers come from scripts/golden/tensor_ops.py (run it with
 * /usr/bin/python3 to regenerate scripts/golden/tensor-ops.json); these tests
 * only read the JSON and never need Python.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGolden } from '../../../test-support/golden-json.js';
import {
  createGpuBackend,
  findWebGpuAdapter,
  type GpuBackend,
  type GpuMode,
  registerBackend,
  setBackend,
} from './index.js';
import { checkCase, type GoldenCase, usesFloat64 } from './test-golden.js';

const cases = readGolden<GoldenCase[]>(
  new URL('../../../scripts/golden/tensor-ops.json', import.meta.url),
);

/**
 * The WebGPU adapter here, if any: a GPU, or a software one such as the
 * SwiftShader Vulkan driver that CI points the Vulkan loader at
 * (VK_ICD_FILENAMES). The gpu backend's cases run through gpu.js's cpu mode
 * everywhere (the kernels' logic) and on WebGPU where an adapter answers (the
 * WGSL they compile to, device buffers, asynchronous read-back).
 */
const webgpu = await findWebGpuAdapter();

const SUITES: [label: string, backend: string, mode?: GpuMode][] = [
  ['cpu', 'cpu'],
  ['wasm', 'wasm'],
  ['gpu (gpu.js cpu mode)', 'gpu', 'cpu'],
  [`gpu (WebGPU: ${webgpu.adapter?.description ?? webgpu.reason})`, 'gpu', 'webgpu'],
];

describe.each(SUITES)(
  'golden on the %s backend: @gradlab/tensor agrees with PyTorch',
  (_label, backend, mode) => {
    const skip = mode === 'webgpu' && !webgpu.adapter;
    let gpu: GpuBackend | undefined;
    beforeAll(async () => {
      if (skip) return;
      if (mode) registerBackend((gpu = await createGpuBackend({ mode })));
      setBackend(backend);
    });
    afterAll(async () => {
      setBackend('cpu');
      await gpu?.dispose();
    });

    it('has cases', () => {
      expect(cases.length).toBeGreaterThan(100);
    });

    const here = backend === 'gpu' ? cases.filter((c) => !usesFloat64(c)) : cases;
    it.skipIf(skip).each(here.map((c): [string, GoldenCase] => [c.name, c]))(
      '%s',
      async (_name, c) => {
        expect(await checkCase(c, backend)).toBeNull();
      },
    );
  },
);
