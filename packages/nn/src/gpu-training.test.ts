/**
 * A small convnet (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Linear) trained with
 * Adam for a few steps on the gpu backend, against the same run on the cpu
 * backend. The gpu backend's kernels run through gpu.js's cpu mode here, so
 * this checks our kernels wherever the tests run; on a machine with a GPU the
 * same test with mode 'auto' checks the device.
 */
import { Tensor } from '@gradlab/autograd';
import { Adam } from '@gradlab/optim';
import {
  type Backend,
  createGpuBackend,
  Generator,
  type NDArray,
  randint,
  randn,
  setBackend,
} from '@gradlab/tensor';
import { afterAll, expect, it } from 'vitest';
import {
  BatchNorm2d,
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
} from './index.js';

/** Losses of each step and the final parameters, trained on `backend`. */
function train(
  backend: Backend | string,
  steps: number,
): { losses: number[]; params: number[][]; on: string } {
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
    losses.push(loss.item());
  }
  const params = model.parameters().map((p) => Array.from((p.data as NDArray).dataSync()));
  return { losses, params, on: (model.parameters()[0]!.data as NDArray).backend.name };
}

afterAll(() => {
  setBackend('cpu');
});

it('a Conv2d + BatchNorm2d + MaxPool2d + Linear net trains the same on the gpu backend as on cpu', async () => {
  const gpu = await createGpuBackend({ mode: 'cpu' });
  const ref = train('cpu', 4);
  const got = train(gpu, 4);
  expect(got.on).toBe('gpu');
  expect(got.losses[3]).toBeLessThan(got.losses[0]!);
  got.losses.forEach((l, i) => {
    expect(Math.abs(l - ref.losses[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.losses[i]!)));
  });
  expect(got.params.length).toBe(ref.params.length);
  got.params.forEach((p, i) => {
    const worst = Math.max(...p.map((v, j) => Math.abs(v - ref.params[i]![j]!)));
    expect(worst).toBeLessThan(1e-4);
  });
});
