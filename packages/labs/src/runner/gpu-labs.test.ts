/**
 * The labs marked `asyncReads` on the gpu backend with every result arriving
 * through a promise, as under WebGPU (gpu.js's cpu mode with asyncMode, so it
 * runs anywhere): a single synchronous read-back anywhere in the lab — the
 * training loop, the evaluation, saving weights, a figure — throws. Their
 * numbers must match the same run on the cpu backend at float32 tolerance.
 * Labs not marked fall back to a CPU backend there, saying why.
 */
import { createGpuBackend, type GpuMode, registerBackend } from '@gradlab/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataFolder } from './test-data.js';
import { runQuick } from './test-run.js';

const { present: hasMnist, skipNote } = dataFolder('mnist');

/** gpu.js mode: 'cpu' (no GPU needed); GRADLAB_TEST_GPU_MODE=webgpu runs the labs on a real device. */
const GPU_MODE = (process.env.GRADLAB_TEST_GPU_MODE ?? 'cpu') as GpuMode;

beforeAll(async () => {
  // runLab takes the registered 'gpu' backend for --backend gpu instead of looking for a GPU.
  registerBackend(await createGpuBackend({ mode: GPU_MODE, asyncMode: true }));
});

/** Metrics that are numbers and not timings (which differ between backends). */
function learned(metrics: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).filter(
      ([k, v]) => typeof v === 'number' && !/time|seconds|per_s/.test(k),
    ),
  ) as Record<string, number>;
}

function expectSameRun(gpu: Record<string, number>, cpu: Record<string, number>): void {
  expect(Object.keys(gpu).sort()).toEqual(Object.keys(cpu).sort());
  for (const [k, v] of Object.entries(cpu)) {
    // Accuracies are counts over a few hundred images: one image may flip on float32 rounding.
    expect(Math.abs(gpu[k]! - v), k).toBeLessThanOrEqual(Math.max(5e-3, 1e-3 * Math.abs(v)));
  }
}

describe(`labs on an asynchronous gpu backend (as under WebGPU)${skipNote}`, () => {
  it.skipIf(!hasMnist)(
    'mnist-from-scratch trains its three networks as on the cpu backend',
    async () => {
      const flags = ['--train-images', '1000', '--test-images', '300', '--epochs', '1'];
      const gpu = await runQuick('mnist-from-scratch', [...flags, '--backend', 'gpu']);
      const cpu = await runQuick('mnist-from-scratch', [...flags, '--backend', 'cpu']);
      expect(gpu.console).toContain('backend gpu');
      expect(gpu.console).not.toContain('Falling back');
      expect(gpu.metrics.test_accuracy_mlp_relu).toBeGreaterThan(0.5); // chance: 0.1
      expectSameRun(learned(gpu.metrics), learned(cpu.metrics));
      expect(gpu.figures.sort()).toEqual(cpu.figures.sort());
    },
    180_000,
  );

  it.skipIf(!hasMnist)(
    'mnist-cnn-bn (the course CNN) takes the same steps as on the cpu backend',
    async () => {
      const flags = ['--train-images', '64', '--test-images', '64', '--epochs', '1'];
      const gpu = await runQuick('mnist-cnn-bn', [
        ...flags,
        '--batch-size',
        '32',
        '--backend',
        'gpu',
      ]);
      const cpu = await runQuick('mnist-cnn-bn', [
        ...flags,
        '--batch-size',
        '32',
        '--backend',
        'cpu',
      ]);
      expect(gpu.console).toContain('backend gpu');
      expectSameRun(learned(gpu.metrics), learned(cpu.metrics));
      expect(gpu.figures.sort()).toEqual(cpu.figures.sort());
    },
    180_000,
  );

  it.skipIf(!hasMnist)(
    'mnist-cnn (the Keras-style CNN, with validation split and early stopping) too',
    async () => {
      const flags = ['--train-images', '40', '--test-images', '32', '--epochs', '1'];
      const gpu = await runQuick('mnist-cnn', [...flags, '--batch-size', '36', '--backend', 'gpu']);
      const cpu = await runQuick('mnist-cnn', [...flags, '--batch-size', '36', '--backend', 'cpu']);
      expect(gpu.console).toContain('backend gpu');
      expectSameRun(learned(gpu.metrics), learned(cpu.metrics));
    },
    180_000,
  );
});

it('a lab that reads synchronously falls back to a CPU backend, saying why', async () => {
  const run = await runQuick('mcculloch-pitts', ['--backend', 'gpu']);
  expect(run.console).toMatch(
    /gpu: the GPU here is reached through (WebGPU|gpu\.js's cpu mode with asyncMode), which reads results back only asynchronously .* Falling back to the '(wasm|cpu)' backend/,
  );
  expect(run.console).toMatch(/backend (wasm|cpu)\)/);
});
