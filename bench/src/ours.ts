import {
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  Generator,
  matmul,
  randn,
} from '@gradlab/tensor';
import type { ConvCase, MatmulCase } from './cases.ts';
import { type Timing, time } from './timing.ts';

/** Times one case with @gradlab/tensor on the active backend (float32, seeded inputs). */
export function runOurs(c: MatmulCase | ConvCase): Timing {
  const generator = new Generator(1234);
  if (c.kind === 'matmul') {
    const a = randn([c.n, c.n], { generator });
    const b = randn([c.n, c.n], { generator });
    return time(() => matmul(a, b).dataSync(), c);
  }
  const options = { stride: 1, padding: c.padding };
  const x = randn(c.x, { generator });
  const w = randn(c.w, { generator });
  const gradOut = randn([c.x[0], c.w[0], c.x[2], c.x[3]], { generator });
  switch (c.op) {
    case 'forward':
      return time(() => conv2d(x, w, null, options).dataSync(), c);
    case 'backwardInput':
      return time(() => conv2dBackwardInput(gradOut, w, x.shape, options).dataSync(), c);
    case 'backwardWeight':
      return time(() => conv2dBackwardWeight(x, gradOut, w.shape, options).dataSync(), c);
  }
}
