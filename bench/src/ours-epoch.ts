import { noGrad, Tensor } from '@gradlab/autograd';
import { DataLoader, loadMnist } from '@gradlab/datasets';
import { crossEntropy } from '@gradlab/nn';
import { Generator } from '@gradlab/tensor';
import { buildModel, buildOptimizer } from './ours-models.ts';
import { now } from './timing.ts';
import type { EpochCase } from './train-cases.ts';

export interface EpochResult {
  /** Wall time of the training epoch (batches, forward, backward, Adam), seconds. */
  seconds: number;
  /** Reading and decoding the IDX files, seconds (not in `seconds`). */
  loadSeconds: number;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  /** Test-set accuracy after the epoch (a check that it learned, not timed). */
  testAccuracy: number;
}

/**
 * One epoch of LABS.md's `mnist-mlp` with our packages: 784-128-64-10 ReLU, Adam,
 * inputs scaled to [−1, 1], a shuffled DataLoader over the 60 000 training images.
 * A few untimed steps on a throwaway model warm the JIT first.
 */
export async function runOursEpoch(c: EpochCase, root: string): Promise<EpochResult> {
  const t0 = now();
  const common = { root, download: false, scale: 'symmetric', flatten: true } as const;
  const train = await loadMnist({ ...common, train: true, ...(c.limit ? { limit: c.limit } : {}) });
  const test = await loadMnist({ ...common, train: false });
  const loadSeconds = now() - t0;

  const runSteps = async (limit: number) => {
    const model = buildModel('mnist-mlp', new Generator(c.seed));
    model.train();
    const optimizer = buildOptimizer('adam', model, c.lr);
    const loader = new DataLoader(train, { batchSize: c.batch, shuffle: true, seed: c.seed });
    let total = 0;
    let batches = 0;
    for (const [x, y] of loader) {
      if (batches === limit) break;
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(new Tensor(x!)), y!);
      loss.backward();
      optimizer.step();
      // The loss is read every step, as the lab does (on a GPU: awaited, which also paces the queue).
      total += loss.data.onHost ? loss.item() : (await loss.data.data())[0]!;
      batches++;
    }
    return { model, trainLoss: total / batches };
  };
  await runSteps(c.warmupSteps);
  const t1 = now();
  const { model, trainLoss } = await runSteps(Number.POSITIVE_INFINITY);
  const seconds = now() - t1;

  model.eval();
  let correct = 0;
  for (const [x, y] of new DataLoader(test, { batchSize: 1000 })) {
    const predicted = await noGrad(() => model.forward(new Tensor(x!)).data.argmax(1)).data();
    const labels = await y!.data();
    for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  }
  return { seconds, loadSeconds, trainLoss, testAccuracy: correct / test.labels.shape[0]! };
}
