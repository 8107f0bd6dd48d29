/**
 * The labs marked `asyncReads` on the gpu backend with every result arriving
 * through a promise, as under WebGPU (gpu.js's cpu mode with asyncMode, so it
 * runs anywhere): a single synchronous read-back anywhere in the lab — the
 * training loop, the evaluation, saving weights, a figure — throws. Their
 * numbers must match the same run on the cpu backend at float32 tolerance.
 * Where a WebGPU adapter answers (a GPU, or the SwiftShader software adapter
 * CI points Vulkan at), six of them (WEBGPU_CI) run on it too, the real device
 * path; GRADLAB_TEST_WEBGPU_LABS=all runs every marked lab there (≈ 9 min on
 * SwiftShader with 2 cores, too long for CI).
 * Labs not marked fall back to a CPU backend there, saying why.
 */
import {
  createGpuBackend,
  findWebGpuAdapter,
  type GpuBackend,
  registerBackend,
} from '@gradlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABS as LABS_LIST } from '../labs/index.js';
import { dataFolder } from './test-data.js';
import { runQuick } from './test-run.js';

const webgpu = await findWebGpuAdapter();

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

/** Each lab marked `asyncReads`, with flags small enough for gpu.js's cpu mode, by dataset. */
const MNIST_LABS: [id: string, flags: string[]][] = [
  ['mnist-from-scratch', ['--train-images', '1000', '--test-images', '300']],
  ['mnist-cnn-bn', ['--train-images', '64', '--test-images', '64', '--batch-size', '32']],
  ['mnist-cnn', ['--train-images', '40', '--test-images', '32', '--batch-size', '36']],
  ['mnist-mlp', ['--train-images', '200', '--test-images', '100']],
  ['mnist-manual-vs-autograd', ['--train-images', '200', '--test-images', '100']],
  ['mnist-3v7-cnn', ['--train-images', '60', '--test-images', '40', '--batch-size', '24']],
  [
    'autoencoder',
    [
      '--train-images',
      '200',
      '--test-images',
      '100',
      '--sweep-images',
      '100',
      '--batch-size',
      '32',
    ],
  ],
  [
    'denoising-autoencoder',
    ['--train-images', '24', '--test-images', '16', '--sweep-images', '16', '--batch-size', '24'],
  ],
  [
    'gan-mnist',
    [
      '--train-images',
      '200',
      '--test-images',
      '100',
      '--variation-images',
      '64',
      '--batch-size',
      '32',
    ],
  ],
  [
    'pixelcnn',
    [
      // (the sweep's 6 models draw 784 pixels each: minutes in gpu.js's cpu mode)
      ...['--train-images', '32', '--test-images', '16', '--skip-sweep', '--samples', '1'],
      ...['--channels', '4', '--layers', '1', '--batch-size', '16'],
    ],
  ],
  [
    'nade-made',
    [
      ...['--mixture-epochs', '1', '--train-images', '100', '--test-images', '50'],
      // (sampling runs the network once per pixel, 784 times, and gpu.js's cpu mode runs NADE's
      // cumulative sum as a loop per output: small hidden layers keep that quick)
      ...[
        '--nade-images',
        '50',
        '--nade-hidden',
        '1',
        '--made-hidden',
        '32',
        '--sweep-images',
        '50',
      ],
    ],
  ],
];
const CIFAR_LABS: [id: string, flags: string[]][] = [
  ['cifar10-convnet', ['--train-images', '48', '--test-images', '40', '--batch-size', '24']],
  ['cats-vs-dogs', ['--images-per-class', '24', '--batch-size', '24']],
];
/** The sequence labs: one on a synthetic sine (no data files), one on the Melbourne temperatures. */
const SYNTHETIC_LABS: [id: string, flags: string[]][] = [
  [
    'rnn-sine',
    [
      ...['--samples', '120', '--window', '10', '--hidden', '4', '--batch-size', '32'],
      ...['--sum-samples', '40', '--sum-epochs', '1'],
    ],
  ],
];
const CSV_LABS: [id: string, flags: string[]][] = [
  ['lstm-weather', ['--days', '200', '--window', '10', '--sum-epochs', '1', '--batch-size', '32']],
];
/** Each list with whether its data is here (and the note a skipped test's title gets). */
const GROUPS: { labs: [string, string[]][]; present: boolean; skipNote: string }[] = [
  { labs: MNIST_LABS, ...dataFolder('mnist') },
  { labs: CIFAR_LABS, ...dataFolder('cifar10') },
  { labs: SYNTHETIC_LABS, present: true, skipNote: '' },
  { labs: CSV_LABS, ...dataFolder('csv') },
];

/** Runs the lab for one epoch on the gpu and the cpu backend and compares what they learned. */
async function compareRuns(id: string, flags: string[]): Promise<void> {
  const all = [...flags, '--epochs', '1'];
  const gpu = await runQuick(id, [...all, '--backend', 'gpu']);
  const cpu = await runQuick(id, [...all, '--backend', 'cpu']);
  expect(gpu.console).toContain('backend gpu');
  expect(gpu.console).not.toContain('Falling back');
  expectSameRun(learned(gpu.metrics), learned(cpu.metrics));
  expect(gpu.figures.sort()).toEqual(cpu.figures.sort());
  if (id === 'mnist-from-scratch') expect(gpu.metrics.test_accuracy_mlp_relu).toBeGreaterThan(0.5); // chance: 0.1
}

describe('labs on an asynchronous gpu backend (as under WebGPU)', () => {
  beforeAll(async () => {
    // runLab takes the registered 'gpu' backend for --backend gpu instead of looking for a GPU.
    registerBackend(await createGpuBackend({ mode: 'cpu', asyncMode: true }));
  });
  it('a lab that reads synchronously falls back to a CPU backend, saying why', async () => {
    const run = await runQuick('mcculloch-pitts', ['--backend', 'gpu']);
    expect(run.console).toMatch(
      /gpu: the GPU here is reached through gpu\.js's cpu mode with asyncMode, which reads results back only asynchronously .* Falling back to the '(wasm|cpu)' backend/,
    );
    expect(run.console).toMatch(/backend (wasm|cpu)\)/);
  });
  it('--gpu-mode needs --backend gpu and one of the modes', async () => {
    await expect(runQuick('mcculloch-pitts', ['--gpu-mode', 'webgpu'])).rejects.toThrow(
      'mcculloch-pitts: --gpu-mode applies only with --backend gpu',
    );
    await expect(
      runQuick('mcculloch-pitts', ['--backend', 'gpu', '--gpu-mode', 'vulkan']),
    ).rejects.toThrow(
      /--gpu-mode must be one of auto, webgpu, webgl2, webgl, headlessgl, webasm, cpu/,
    );
  });
  it('covers every lab marked asyncReads', () => {
    const marked = LABS_LIST.filter((l) => l.asyncReads).map((l) => l.id);
    expect(marked.sort()).toEqual(GROUPS.flatMap((g) => g.labs.map(([id]) => id)).sort());
  });
  for (const { labs, present, skipNote } of GROUPS)
    it.skipIf(!present).each(labs)(
      `%s runs as on the cpu backend${skipNote}`,
      compareRuns,
      180_000,
    );
});

/**
 * The labs CI runs on WebGPU: an MLP and a convnet, from scratch and with
 * autograd, masked convolutions sampled pixel by pixel, and an RNN and LSTM.
 */
const WEBGPU_CI = new Set([
  'mnist-from-scratch',
  'mnist-mlp',
  'mnist-cnn',
  'mnist-manual-vs-autograd',
  'pixelcnn',
  'rnn-sine',
]);
const allOnWebGpu = process.env.GRADLAB_TEST_WEBGPU_LABS === 'all';

describe(`labs on WebGPU (${webgpu.adapter?.description ?? webgpu.reason})`, () => {
  const none = !webgpu.adapter;
  let gpu: GpuBackend | undefined;
  beforeAll(async () => {
    if (none) return;
    registerBackend((gpu = await createGpuBackend({ mode: 'webgpu' })));
  });
  afterAll(async () => {
    await gpu?.dispose();
  });
  for (const { labs, present, skipNote } of GROUPS) {
    const here = labs.filter(([id]) => allOnWebGpu || WEBGPU_CI.has(id));
    if (here.length > 0)
      it.skipIf(none || !present).each(here)(
        `%s runs as on the cpu backend${skipNote}`,
        compareRuns,
        300_000,
      );
  }
});
