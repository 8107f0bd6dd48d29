import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader, loadIris, StandardScaler } from '@gradlab/datasets';
import { crossEntropy, Linear, ReLU, Sequential } from '@gradlab/nn';
import { Adam } from '@gradlab/optim';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { fitResumable } from './fit-resumable.js';
import { argmaxAccuracy } from './train.js';

const iris = loadIris();
const x = new StandardScaler().fit(iris.features).transform(iris.features);

function setup(dir: string, epochs: number, resume: boolean, lr = 0.01) {
  const g = new Generator(0);
  const model = new Sequential(
    new Linear(4, 8, { generator: g }),
    new ReLU(),
    new Linear(8, 3, { generator: g }),
  );
  const optimizer = new Adam(model.parameters(), { lr });
  const history = fitResumable({
    lab: 'test',
    model,
    optimizer,
    loss: (o, y) => crossEntropy(o, y),
    accuracy: argmaxAccuracy,
    train: new DataLoader([x, iris.targets!], { batchSize: 16, shuffle: true, seed: 3 }),
    epochs,
    checkpoint: join(dir, 'checkpoint.safetensors'),
    resume,
    signature: { lr },
  });
  return { model, history };
}

describe('fitResumable', () => {
  it('2 epochs, then --resume to 5, equals 5 epochs in one go (weights, Adam state, batch order, history)', () => {
    const once = mkdtempSync(join(tmpdir(), 'gradlab-resume-'));
    const split = mkdtempSync(join(tmpdir(), 'gradlab-resume-'));
    const a = setup(once, 5, false);
    setup(split, 2, false);
    expect(existsSync(join(split, 'checkpoint.safetensors'))).toBe(true);
    const b = setup(split, 5, true);
    expect(b.history.epoch).toEqual([1, 2, 3, 4, 5]);
    expect(b.history.trainLoss).toEqual(a.history.trainLoss);
    const wa = a.model.stateDict();
    const wb = b.model.stateDict();
    for (const k of Object.keys(wa)) expect(wb[k]!.dataSync()).toEqual(wa[k]!.dataSync());
  });

  it('refuses a checkpoint written with other settings, or a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-resume-'));
    expect(() => setup(dir, 1, true)).toThrow(/found no checkpoint/);
    setup(dir, 1, false);
    expect(() => setup(dir, 2, true, 0.1)).toThrow(/written with lr=0.01, this run has lr=0.1/);
  });
});
