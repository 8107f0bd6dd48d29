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
import { crossEntropy } from '@gradlab/nn';
import { Generator, setBackend, WasmBackend } from '@gradlab/tensor';
import { batchFor, buildModel, buildOptimizer } from './ours-models.ts';
import { cnnCases } from './train-cases.ts';

setBackend(new WasmBackend({ threads: 2 }));
// The `cnn` benchmark's case: the same model, optimiser, learning rate and batch as `pnpm bench`.
const c = cnnCases(false)[0]!;
const generator = new Generator(1234);
const model = buildModel(c.model, generator);
const opt = buildOptimizer(c.optimizer, model, c.lr);
const { x, y } = batchFor(c, generator);
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
  `GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? '(unset)'}: ${ms.toFixed(1)} ms per step (${((1000 * c.batch) / ms).toFixed(0)} samples/s), ${((r1.minorPageFault - r0.minorPageFault) / steps).toFixed(0)} page faults per step`,
);
process.exit(0);
