import { Tensor } from '@gradlab/autograd';
import { Adam } from '@gradlab/optim';
import {
  type Backend,
  Generator,
  getBackend,
  randint,
  randn,
  type Storage,
  setBackend,
  WasmBackend,
} from '@gradlab/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AvgPool2d,
  BatchNorm2d,
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  ReLU,
  Sequential,
} from './index.js';

/** The wasm backend with gradient memory never reused: the reference for the recycling one. */
class NoRecycling extends WasmBackend {
  override recycle(_storage: Storage): void {}
}

/** Parameters of a small course-style CNN after a few Adam steps on `backend`. */
function train(backend: Backend): number[][] {
  setBackend(backend);
  const g = new Generator(5);
  const model = new Sequential(
    new Conv2d(1, 8, 5, { padding: 'same', generator: g }),
    new BatchNorm2d(8),
    new ReLU(),
    new AvgPool2d(2),
    new Conv2d(8, 16, 3, { padding: 'same', generator: g }),
    new BatchNorm2d(16),
    new ReLU(),
    new AvgPool2d(2),
    new Flatten(),
    new Linear(16 * 7 * 7, 10, { generator: g }),
  );
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  for (let step = 0; step < 4; step++) {
    const x = new Tensor(randn([32, 1, 28, 28], { generator: g }));
    const y = randint(0, 10, [32], { generator: g });
    opt.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
  return model.parameters().map((p) => [...p.data.dataSync()]);
}

describe("the engine's gradient recycling on the wasm backend", () => {
  const before = getBackend();
  afterEach(() => {
    setBackend(before);
  });

  it('changes no result: training gives the same parameters bit for bit', async () => {
    const recycling = new WasmBackend({ threads: 2 });
    const plain = new NoRecycling({ threads: 2 });
    const spare = recycling as unknown as { spareFloats: number };
    expect(train(plain)).toEqual(train(recycling));
    // and it did reuse memory (the activation gradients are large enough to be kept)
    expect(spare.spareFloats).toBeGreaterThan(0);
    await recycling.dispose();
    await plain.dispose();
  });

  it('reuses only arrays it allocated, zero-filled, and never one twice', () => {
    const be = new WasmBackend({ threads: 1 });
    const n = 1 << 16;
    const a = be.allocate('float32', n);
    (a as unknown as { data: Float32Array }).data.fill(7);
    be.recycle(a);
    be.recycle(a); // handed back twice: kept once
    const b = be.allocate('float32', n);
    const c = be.allocate('float32', n);
    const bd = (b as unknown as { data: Float32Array }).data;
    const cd = (c as unknown as { data: Float32Array }).data;
    expect(bd).toBe((a as unknown as { data: Float32Array }).data);
    expect(cd).not.toBe(bd);
    expect(bd.every((v) => v === 0)).toBe(true);
    // an array the backend did not allocate (a caller's, wrapped) is never taken
    const own = new Float32Array(n).fill(3);
    be.recycle(be.fromTypedArray(own));
    const d = (be.allocate('float32', n) as unknown as { data: Float32Array }).data;
    expect(d).not.toBe(own);
    expect(own[0]).toBe(3);
  });
});
