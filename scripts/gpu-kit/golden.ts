/**
 * The gpu backend's golden check as a plain program (no vitest), for the GPU
 * kit: every float32 golden case on WebGPU against PyTorch's values, then the
 * device destroyed so the process exits. Usage: node golden.mjs CASES.json [mode]
 */
import { readFileSync } from 'node:fs';
import {
  createGpuBackend,
  findWebGpuAdapter,
  type GpuMode,
  registerBackend,
  setBackend,
} from '../../packages/tensor/src/index.ts';
import { checkFloat32Cases, type GoldenCase } from '../../packages/tensor/src/test-golden.ts';

const [casesPath, mode = 'webgpu'] = process.argv.slice(2);
if (!casesPath) throw new Error('usage: node golden.mjs CASES.json [gpu.js mode]');
const cases = JSON.parse(readFileSync(casesPath, 'utf8')) as GoldenCase[];
console.log(`adapter: ${JSON.stringify(await findWebGpuAdapter())}`);
const started = performance.now();
const gpu = await createGpuBackend({ mode: mode as GpuMode });
registerBackend(gpu);
setBackend('gpu');
const { ran, failures } = await checkFloat32Cases(cases, 'gpu');
setBackend('cpu');
await gpu.dispose();
for (const f of failures) console.log(`FAIL ${f.name}: ${f.problem}`);
console.log(
  `golden on gpu.js ${gpu.mode} (${gpu.adapter?.description || gpu.adapter?.architecture || 'no adapter info'}): ${ran - failures.length} of ${ran} cases agree with PyTorch, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = failures.length ? 1 : 0;
