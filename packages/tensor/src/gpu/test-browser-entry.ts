/**
 * The page side of the browser check (browser.test.ts bundles this file):
 * runs the golden cases on the gpu backend in one gpu.js mode of the browser
 * (WebGL2 or WebGPU) and reports what differs from PyTorch.
 */
import {
  arange,
  createGpuBackend,
  type GpuMode,
  getBackend,
  matmul,
  registerBackend,
  setBackend,
} from '../index.js';
import { checkFloat32Cases, type GoldenCase } from '../test-golden.js';

export interface BrowserGoldenResult {
  mode: string;
  adapter: string | null;
  ran: number;
  failures: { name: string; problem: string }[];
}

async function runGolden(
  mode: GpuMode,
  cases: GoldenCase[],
  gpujs: unknown,
): Promise<BrowserGoldenResult> {
  const gpu = await createGpuBackend({ mode, gpujs });
  registerBackend(gpu);
  setBackend('gpu');
  try {
    const { ran, failures } = await checkFloat32Cases(cases, 'gpu');
    return { mode: gpu.mode, adapter: gpu.adapter?.architecture ?? null, ran, failures };
  } finally {
    setBackend('cpu');
    await gpu.dispose();
  }
}

/** The package as a page gets it: the default backend, and a few ops computed on it. */
function smoke(): { backend: string; sum: number; matmul: number[] } {
  const x = arange(6).reshape(2, 3);
  return {
    backend: getBackend().name,
    sum: x.sum().item(),
    matmul: Array.from(matmul(x, x.T).dataSync()),
  };
}

(globalThis as { gradlab?: unknown }).gradlab = { runGolden, smoke };
