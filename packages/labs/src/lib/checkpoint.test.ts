import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader, makeSpirals } from '@gradlab/datasets';
import { crossEntropy, Dropout, Linear, ReLU, Sequential } from '@gradlab/nn';
import { Adam, EarlyStopping, StepLR } from '@gradlab/optim';
import { Generator, setBackend } from '@gradlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLab } from '../labs/index.js';
import type { LabConfig, LabContext } from '../runner/lab.js';
import { runLab } from '../runner/run-lab.js';
import { checkpointPath, fitWithCheckpoints } from './fit-with-checkpoints.js';
import { argmaxAccuracy, type History } from './train.js';

function fakeContext(out: string, config: Partial<LabConfig>): LabContext {
  return {
    config: { seed: 1, epochs: 4, quick: false, resume: false, out, backend: 'cpu', ...config },
    outPath: (f: string) => join(out, f),
    log: () => {},
  } as unknown as LabContext;
}

/** A run of an MLP with dropout, a shuffling loader, StepLR and early stopping. */
async function train(
  ctx: LabContext,
  epochs: number,
): Promise<{ history: History; weights: Float32Array[] }> {
  const data = makeSpirals({ nSamples: 70, seed: 3 });
  const g = new Generator(7);
  const dropoutGen = new Generator(8);
  const model = new Sequential(
    new Linear(2, 16, { generator: g }),
    new ReLU(),
    new Dropout(0.3, { generator: dropoutGen }),
    new Linear(16, 3, { generator: g }),
  );
  const optimizer = new Adam(model.parameters(), { lr: 0.02 });
  const loader = new DataLoader([data.features, data.targets], {
    batchSize: 32,
    shuffle: true,
    seed: 9,
  });
  const history = await fitWithCheckpoints(ctx, 'mlp', {
    model,
    optimizer,
    loss: (o, y) => crossEntropy(o, y),
    accuracy: argmaxAccuracy,
    train: loader,
    val: new DataLoader([data.features.narrow(0, 0, 50), data.targets.narrow(0, 0, 50)], {
      batchSize: 50,
    }),
    epochs,
    scheduler: new StepLR(optimizer, { stepSize: 1, gamma: 0.7 }),
    earlyStopping: new EarlyStopping({ patience: 5, restoreBestWeights: true }),
    generators: { loader: loader.generator, dropout: dropoutGen },
  });
  return {
    history,
    weights: model.parameters().map((p) => Float32Array.from(p.data.dataSync() as Float32Array)),
  };
}

describe('fitWithCheckpoints', () => {
  beforeAll(() => setBackend('cpu'));
  afterAll(() => setBackend('wasm'));

  it('resumes an interrupted run to exactly the uninterrupted result', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'ckpt-whole-'));
    const uninterrupted = await train(fakeContext(whole, {}), 4);
    const split = mkdtempSync(join(tmpdir(), 'ckpt-split-'));
    const first = await train(fakeContext(split, {}), 2);
    expect(first.history.epoch).toEqual([1, 2]);
    expect(existsSync(join(split, 'mlp.checkpoint.safetensors'))).toBe(true);
    const resumed = await train(fakeContext(split, { resume: true }), 4);
    expect(resumed.history.epoch).toEqual([1, 2, 3, 4]);
    // Everything but the measured seconds per epoch.
    const { seconds: _a, ...resumedRest } = resumed.history;
    const { seconds: _b, ...wholeRest } = uninterrupted.history;
    expect(resumedRest).toEqual(wholeRest);
    expect(resumed.weights).toEqual(uninterrupted.weights);
    // The checkpoint of a finished run trains nothing more.
    const again = await train(fakeContext(split, { resume: true }), 4);
    expect(again.weights).toEqual(uninterrupted.weights);
    expect(again.history.epoch).toEqual([1, 2, 3, 4]);
  });

  it('says clearly when there is no checkpoint or it belongs to another configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-err-'));
    await expect(train(fakeContext(dir, { resume: true }), 2)).rejects.toThrow(
      /--resume: no checkpoint at .*mlp\.checkpoint\.safetensors; run without --resume first/,
    );
    await train(fakeContext(dir, { lr: 0.1 }), 1);
    await expect(train(fakeContext(dir, { resume: true, lr: 0.2 }), 2)).rejects.toThrow(
      /another configuration \(lr: 0\.1 in the checkpoint, 0\.2 now\)/,
    );
    writeFileSync(checkpointPath(fakeContext(dir, {}), 'mlp'), 'not a checkpoint at all');
    await expect(train(fakeContext(dir, { resume: true, lr: 0.1 }), 2)).rejects.toThrow(
      /checkpoint/,
    );
  });

  it('refuses --resume for labs that do not checkpoint', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ckpt-lab-'));
    await expect(
      runLab(findLab('perceptron-eeg'), ['--resume', '--out', out], { write: () => {} }),
    ).rejects.toThrow(
      /perceptron-eeg: this lab does not write checkpoints, so --resume does not apply/,
    );
  });
});
