/**
 * A small convnet (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Linear) trained with
 * Adam for a few steps on the gpu backend, against the same run on the cpu
 * backend. The gpu backend's kernels run through gpu.js's cpu mode everywhere,
 * which checks our kernels' logic, and on WebGPU wherever an adapter answers
 * (a GPU, or the SwiftShader software adapter CI points Vulkan at), which
 * checks the WGSL they compile to and the device's asynchronous read-back.
 */
import { Tensor } from '@gradlab/autograd';
import { Adam } from '@gradlab/optim';
import {
  type Backend,
  cpuBackend,
  createGpuBackend,
  findWebGpuAdapter,
  Generator,
  type NDArray,
  randint,
  randn,
  setBackend,
} from '@gradlab/tensor';
import { afterAll, expect, it } from 'vitest';
import {
  BatchNorm2d,
  binaryCrossEntropy,
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
} from './index.js';

/**
 * Losses of each step and the final parameters, trained on `backend`. Values
 * are read with `await data()` only, which every backend serves (WebGPU
 * serves nothing else).
 */
async function train(
  backend: Backend | string,
  steps: number,
): Promise<{ losses: number[]; params: number[][]; on: string }> {
  setBackend(backend);
  const g = new Generator(5);
  const model = new Sequential(
    // no conv bias before BatchNorm: its gradient is rounding noise, which Adam would amplify to lr-sized steps
    new Conv2d(1, 4, 3, { padding: 1, bias: false, generator: g }),
    new BatchNorm2d(4),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(4 * 4 * 4, 3, { generator: g }),
  );
  const x = new Tensor(randn([8, 1, 8, 8], { generator: g }));
  const y = new Tensor(randint(0, 3, [8], { generator: g }));
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push((await loss.data.data())[0]!);
  }
  const params: number[][] = [];
  for (const p of model.parameters()) params.push(Array.from(await (p.data as NDArray).data()));
  return { losses, params, on: (model.parameters()[0]!.data as NDArray).backend.name };
}

const webgpu = await findWebGpuAdapter();
const onWebGpu = `WebGPU (${webgpu.adapter?.description ?? webgpu.reason})`;

afterAll(() => {
  setBackend('cpu');
});

it.for([
  ['gpu.js cpu mode, results at once (WebGL-like)', 'cpu', false],
  ['gpu.js cpu mode, results through promises (as under WebGPU)', 'cpu', true],
  [onWebGpu, 'webgpu', false],
] as const)(
  'a Conv2d + BatchNorm2d + MaxPool2d + Linear net trains the same on the gpu backend as on cpu: %s',
  async ([, mode, asyncMode], { skip }) => {
    skip(mode === 'webgpu' && !webgpu.adapter, onWebGpu);
    const gpu = await createGpuBackend({ mode, asyncMode });
    const ref = await train('cpu', 4);
    // With asyncMode every kernel result is a promise, so a single synchronous read-back anywhere
    // in the step (a loss's input check, an optimiser, a layer) throws here.
    const got = await train(gpu, 4);
    expect(got.on).toBe('gpu');
    expect(got.losses[3]).toBeLessThan(got.losses[0]!);
    got.losses.forEach((l, i) => {
      expect(Math.abs(l - ref.losses[i]!)).toBeLessThan(
        1e-4 * Math.max(1, Math.abs(ref.losses[i]!)),
      );
    });
    expect(got.params.length).toBe(ref.params.length);
    got.params.forEach((p, i) => {
      const worst = Math.max(...p.map((v, j) => Math.abs(v - ref.params[i]![j]!)));
      expect(worst).toBeLessThan(1e-4);
    });
    await gpu.dispose();
  },
);

it.for([
  ['gpu.js cpu mode, results through promises', 'cpu'],
  [onWebGpu, 'webgpu'],
] as const)(
  'losses with input checks (binary cross-entropy, weighted NLL, label smoothing) read nothing back on a device: %s',
  async ([, mode], { skip }) => {
    skip(mode === 'webgpu' && !webgpu.adapter, onWebGpu);
    const gpu = await createGpuBackend({ mode, asyncMode: mode === 'cpu' });
    const g = new Generator(9);
    const logits = randn([6, 4], { generator: g, backend: cpuBackend });
    const target = randint(0, 4, [6], { generator: g, backend: cpuBackend });
    const p = randn([6], { generator: g, backend: cpuBackend }).sigmoid();
    const t = randint(0, 2, [6], { generator: g, backend: cpuBackend }).float();
    const weight = randn([4], { generator: g, backend: cpuBackend }).abs();
    const cases = (dev: (x: NDArray) => NDArray) => [
      binaryCrossEntropy(new Tensor(dev(p)), new Tensor(dev(t))),
      crossEntropy(new Tensor(dev(logits)), new Tensor(dev(target)), { weight: dev(weight) }),
      crossEntropy(new Tensor(dev(logits)), new Tensor(dev(target)), {
        weight: dev(weight),
        labelSmoothing: 0.1,
      }),
    ];
    const want = cases((x) => x).map((l) => l.item());
    // `add(0)` makes each input a pending kernel result, as every array is under WebGPU.
    const got = cases((x) => x.to(gpu).add(0));
    for (const [i, l] of got.entries()) {
      expect(l.data.onHost).toBe(false);
      expect(Math.abs((await l.data.data())[0]! - want[i]!)).toBeLessThan(1e-5);
    }
    await gpu.dispose();
  },
);
