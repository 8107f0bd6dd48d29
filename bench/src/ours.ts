import {
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  Generator,
  matmul,
  type NDArray,
  randn,
} from '@gradlab/tensor';
import type { ConvCase, MatmulCase } from './cases.ts';
import { type Timing, time } from './timing.ts';

/**
 * The values of `x` on the host: at once on the CPU backends, through a
 * promise on the gpu backend (so the time includes the device's work and the
 * transfer, and WebGPU's asynchronous read-back works).
 */
export function readBack(x: NDArray): unknown {
  return x.onHost ? x.dataSync() : x.data();
}

/** Times one case with @gradlab/tensor on the active backend (float32, seeded inputs). */
export function runOurs(c: MatmulCase | ConvCase): Promise<Timing> {
  const generator = new Generator(1234);
  if (c.kind === 'matmul') {
    const a = randn([c.n, c.n], { generator });
    const b = randn([c.n, c.n], { generator });
    return time(() => readBack(matmul(a, b)), c);
  }
  const options = { stride: 1, padding: c.padding };
  const x = randn(c.x, { generator });
  const w = randn(c.w, { generator });
  const gradOut = randn([c.x[0], c.w[0], c.x[2], c.x[3]], { generator });
  switch (c.op) {
    case 'forward':
      return time(() => readBack(conv2d(x, w, null, options)), c);
    case 'backwardInput':
      return time(() => readBack(conv2dBackwardInput(gradOut, w, x.shape, options)), c);
    case 'backwardWeight':
      return time(() => readBack(conv2dBackwardWeight(x, gradOut, w.shape, options)), c);
  }
}
