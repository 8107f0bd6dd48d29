import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { noGrad, Tensor, type Tensor as TensorType } from '@gradlab/autograd';
import { Generator, rand, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, LSTM, type Module, mseLoss, ReLU, Sequential } from './index.js';

/** A full garbage collection: global.gc when exposed, else V8's, enabled at run time. */
function collector(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

const gc = collector();
/** heapUsed in MB, after a full collection when one is available. */
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
/** Allowed heap growth: noise with a full GC before each reading; else uncollected garbage. */
const GROWTH_BOUND_MB = gc ? 1 : 20;

function sgdStep(model: Module, lr: number): void {
  noGrad(() => {
    for (const p of model.parameters()) p.data.sub_(p.grad!.mul(lr));
  });
  model.zeroGrad();
}

describe('training loops', () => {
  it('memory stays flat over 1000 training steps', () => {
    const g = new Generator(11);
    const model = new Sequential(
      new Linear(4, 32, { generator: g }),
      new ReLU(),
      new Linear(32, 32, { generator: g }),
      new ReLU(),
      new Linear(32, 1, { generator: g }),
    );
    const x = new Tensor(randn([64, 4], { generator: g }));
    const y = x.sum(1, true).tanh();
    let at100 = 0;
    let loss = 0;
    for (let step = 1; step <= 1000; step++) {
      const l = mseLoss(model.forward(x), y);
      l.backward();
      sgdStep(model, 0.05);
      loss = l.item();
      if (step === 100) at100 = heapMb();
    }
    const at1000 = heapMb();
    if (process.env.MEMORY_REPORT) {
      console.log(
        `MLP heapUsed after step 100: ${at100.toFixed(2)} MB, after step 1000: ${at1000.toFixed(2)} MB (gc ${gc ? 'on' : 'off'})`,
      );
    }
    expect(at1000 - at100).toBeLessThan(GROWTH_BOUND_MB);
    expect(loss).toBeLessThan(0.01);
  });

  it('an LSTM learns to sum a short sequence', () => {
    const g = new Generator(3);
    const lstm = new LSTM(1, 16, { batchFirst: true, generator: g });
    const head = new Linear(16, 1, { generator: g });
    const params = [...lstm.parameters(), ...head.parameters()];
    const predict = (x: TensorType) => {
      const out = lstm.forward(x); // [batch, 5, 16]
      return head.forward(out.select(1, 4)); // the last step
    };
    const data = (n: number) => {
      const x = rand([n, 5, 1], { generator: g });
      return { x: new Tensor(x), y: new Tensor(x.sum(1)) };
    };
    const test = data(256);
    const before = mseLoss(
      noGrad(() => predict(test.x)),
      test.y,
    ).item();
    const steps = 600;
    let at100 = 0;
    for (let step = 0; step < steps; step++) {
      if (step === 100) at100 = heapMb();
      const batch = data(32);
      const loss = mseLoss(predict(batch.x), batch.y);
      loss.backward();
      const lr = 0.5 * (1 - (0.9 * step) / steps); // plain SGD, decayed linearly to 0.05
      noGrad(() => {
        for (const p of params) p.data.sub_(p.grad!.mul(lr));
      });
      for (const p of params) p.grad = null;
    }
    const after = mseLoss(
      noGrad(() => predict(test.x)),
      test.y,
    ).item();
    const atEnd = heapMb();
    if (process.env.MEMORY_REPORT) {
      console.log(
        `LSTM sum: test MSE ${before} → ${after}; heapUsed at step 100 ${at100.toFixed(2)} MB, at step ${steps} ${atEnd.toFixed(2)} MB`,
      );
    }
    expect(atEnd - at100).toBeLessThan(GROWTH_BOUND_MB);
    // The target's variance is 5/12 ≈ 0.42 (what predicting the mean scores); it reaches ≈ 0.002.
    expect(before).toBeGreaterThan(1);
    expect(after).toBeLessThan(0.01);
  });
});
