/**
 * Time and page faults per training step of the mnist-cnn-bn network (batch 64, Adam, random data
 * of MNIST shape; 5 warm-up steps, then 20 timed), for comparing malloc settings, which must be set
 * when the process starts:
 *
 *   node --conditions=source --import tsx src/cnn-step-faults.ts              # glibc's defaults
 *   node ../scripts/tuned-malloc.mjs src/cnn-step-faults.ts                   # as `pnpm bench` runs
 *
 * Alternate the two a few times on an idle machine: single runs vary by ±10 % here.
 */
import { Tensor } from '@gradlab/autograd';
import { crossEntropy } from '@gradlab/nn';
import { Generator, randint, randn, setBackend, WasmBackend } from '@gradlab/tensor';
import { buildModel, buildOptimizer } from './ours-models.ts';

setBackend(new WasmBackend({ threads: 2 }));
const g = new Generator(1);
const model = buildModel('cnn', g);
const opt = buildOptimizer('adam', model, 1e-3);
const x = new Tensor(randn([64, 1, 28, 28], { generator: g }));
const y = randint(0, 10, [64], { generator: g });
const step = async () => {
  opt.zeroGrad();
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  opt.step();
  await loss.data.data();
};
for (let i = 0; i < 5; i++) await step();
const steps = 20;
const r0 = process.resourceUsage();
const t0 = performance.now();
for (let i = 0; i < steps; i++) await step();
const ms = (performance.now() - t0) / steps;
const r1 = process.resourceUsage();
console.log(
  `GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? '(unset)'}: ${ms.toFixed(1)} ms per step (${(64000 / ms).toFixed(0)} samples/s), ${((r1.minorPageFault - r0.minorPageFault) / steps).toFixed(0)} page faults per step`,
);
process.exit(0);
