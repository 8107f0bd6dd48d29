import { Tensor } from '@gradlab/autograd';
import { crossEntropy, binaryCrossEntropy } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator, randn, randint, setBackend } from '@gradlab/tensor';
import { courseCnn } from './src/labs/mnist-cnn-bn/model.js';
import { mnistCnn } from './src/labs/mnist-cnn/model.js';
import { cnn3v7 } from './src/labs/mnist-3v7-cnn/model.js';
setBackend(process.argv[2] ?? 'wasm');
const bs = Number(process.argv[3] ?? 64);
const g = new Generator(1);
for (const [name, m, bin] of [['3v7', cnn3v7('glorot_uniform', g, new Generator(2)), true], ['mnist-cnn', mnistCnn(g), false], ['course', courseCnn(g), false]] as const) {
  const opt = new Adam(m.parameters(), { lr: 1e-3 });
  const x = randn([bs, 1, 28, 28], { generator: g });
  const y = bin ? randint(0, 2, [bs], { generator: g }).float().reshape([bs, 1]) : randint(0, 10, [bs], { generator: g });
  let t0 = 0; let c0 = process.cpuUsage();
  const steps = 6;
  for (let i = 0; i < steps; i++) {
    if (i === 1) { t0 = performance.now(); c0 = process.cpuUsage(); }
    const out = m.forward(new Tensor(x));
    const l = bin ? binaryCrossEntropy(out, y) : crossEntropy(out, y);
    opt.zeroGrad(); l.backward(); opt.step();
  }
  const s = (performance.now() - t0) / 1000; const cu = process.cpuUsage(c0); const cpu = (cu.user + cu.system) / 1e6;
  console.log(`${name}: ${((steps - 1) * bs / s).toFixed(0)} samples/s wall, ${((steps - 1) * bs / cpu).toFixed(0)} samples per CPU-second (batch ${bs})`);
}
