import {
  DataLoader,
  loadIris,
  StandardScaler,
  TensorDataset,
  trainTestSplit,
} from '@gradlab/datasets';
import { crossEntropy, Linear, ReLU, Sequential } from '@gradlab/nn';
import { Adam, EarlyStopping, StepLR } from '@gradlab/optim';
import { Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { argmaxAccuracy, evaluate, fit } from './train.js';

describe('fit', () => {
  it('trains an Iris classifier, tracks history and evaluates', async () => {
    const iris = loadIris();
    const [xTr, xTe, yTr, yTe] = trainTestSplit([iris.features, iris.targets!], {
      testSize: 0.2,
      seed: 0,
      stratify: iris.targets,
    });
    const scaler = new StandardScaler().fit(xTr!);
    const g = new Generator(0);
    const model = new Sequential(
      new Linear(4, 16, { generator: g }),
      new ReLU(),
      new Linear(16, 3, { generator: g }),
    );
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const train = new DataLoader(new TensorDataset(scaler.transform(xTr!), yTr!), {
      batchSize: 16,
      shuffle: true,
      seed: 0,
    });
    const val = new DataLoader(new TensorDataset(scaler.transform(xTe!), yTe!), { batchSize: 64 });
    const h = await fit({
      model,
      optimizer,
      loss: (o, y) => crossEntropy(o, y),
      train,
      val,
      epochs: 30,
      accuracy: argmaxAccuracy,
      scheduler: new StepLR(optimizer, { stepSize: 10, gamma: 0.5 }),
    });
    expect(h.epoch).toHaveLength(30);
    expect(h.trainLoss.at(-1)!).toBeLessThan(h.trainLoss[0]!);
    expect(h.valAccuracy.at(-1)!).toBeGreaterThanOrEqual(0.9);
    expect(h.lr.slice(9, 12)).toEqual([0.01, 0.005, 0.005]);
    const e = await evaluate(model, val, (o, y) => crossEntropy(o, y), argmaxAccuracy);
    expect(e.accuracy).toBeCloseTo(h.valAccuracy.at(-1)!, 10);
    expect(model.training).toBe(true);
  });

  it('stops early and restores the best weights', async () => {
    const iris = loadIris();
    const model = new Sequential(new Linear(4, 3, { generator: new Generator(1) }));
    const optimizer = new Adam(model.parameters(), { lr: 0.5 });
    const data = new DataLoader(new TensorDataset(iris.features, iris.targets!), {
      batchSize: 150,
    });
    const stopper = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const h = await fit({
      model,
      optimizer,
      loss: (o, y) => crossEntropy(o, y),
      train: data,
      val: data,
      epochs: 200,
      earlyStopping: stopper,
    });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epoch.length).toBeLessThan(200);
    const restored = (await evaluate(model, data, (o, y) => crossEntropy(o, y))).loss;
    expect(restored).toBeCloseTo(Math.min(...h.valLoss), 5);
  });
});
