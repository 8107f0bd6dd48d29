import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv-datasets.js';
import { loadIris } from './iris.js';
import { makeCircles, makeGaussianMixture, makeMoons, makeSpirals } from './make-classification.js';
import { makeNoisySine, makeQuadratic, makeSequenceSums } from './make-regression.js';
import { hasSharedData, sharedDataDir, skipNote } from './test-data-dir.js';
import { creditRisk, fluPatients, perceptronEeg, xor } from './toy-sets.js';

describe('fixed toy sets (values from LABS.md)', () => {
  it('perceptron EEG, flu, credit risk, XOR', () => {
    expect(perceptronEeg().features.toArray()).toEqual([
      [2, 3],
      [1, 4],
      [2, 4],
      [4, 2],
      [5, 1],
      [4, 3],
    ]);
    expect(perceptronEeg().targets!.reshape(6).toArray()).toEqual([1, 1, 1, -1, -1, -1]);
    expect(fluPatients().features.get(4, 0)).toBeCloseTo(100.2, 4);
    expect(fluPatients().targets!.reshape(6).toArray()).toEqual([0, 1, 1, 0, 1, 0]);
    expect(creditRisk().features.get(3, 1)).toBe(50000);
    expect(creditRisk().targets!.reshape(6).toArray()).toEqual([0, 0, 1, 1, 0, 1]);
    expect(xor().targets!.toArray()).toEqual([[0], [1], [1], [0]]);
  });
});

describe('Iris (embedded)', () => {
  it('has 150 flowers, 50 per class, no files needed', () => {
    const iris = loadIris();
    expect(iris.features.shape).toEqual([150, 4]);
    const counts = [0, 0, 0];
    for (const c of iris.targets!.dataSync()) counts[c]!++;
    expect(counts).toEqual([50, 50, 50]);
    expect(iris.features.get(0, 0)).toBeCloseTo(5.1, 5);
  });

  it.skipIf(!hasSharedData('csv'))(`equals csv/iris.csv${skipNote('csv')}`, async () => {
    const table = await readCsvDataset('iris', { root: sharedDataDir, download: false });
    const iris = loadIris().features.toArray() as number[][];
    table.rows.forEach((r, i) => {
      expect(r.slice(0, 4).map(Number)).toEqual(iris[i]!.map((v) => Number(v.toFixed(1))));
    });
  });
});

describe('generated sets', () => {
  it('y = 3x² + 2x + 1 + noise(σ = 10), seeded', () => {
    const { features, targets } = makeQuadratic({ seed: 1 });
    expect(features.shape).toEqual([1000, 1]);
    const x = features.dataSync();
    const y = targets.dataSync();
    let s = 0;
    for (let i = 0; i < 1000; i++) s += (y[i]! - (3 * x[i]! ** 2 + 2 * x[i]! + 1)) ** 2;
    expect(Math.sqrt(s / 1000)).toBeGreaterThan(9);
    expect(Math.sqrt(s / 1000)).toBeLessThan(11);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-10);
    expect(makeQuadratic({ seed: 1 }).targets.toArray()).toEqual(targets.toArray());
  });

  it('a noisy sine and random sequences with their sums', () => {
    const { values, time } = makeNoisySine({ nSamples: 500, noise: 0 });
    expect(values.get(10)).toBeCloseTo(Math.sin(time.get(10)), 5);
    const { features, targets } = makeSequenceSums({ nSamples: 4, length: 20 });
    expect(features.shape).toEqual([4, 20, 1]);
    expect(targets.get(2, 0)).toBeCloseTo(features.sum([1, 2]).get(2), 4);
  });

  it('moons, circles, spirals and a two-Gaussian mixture', () => {
    const moons = makeMoons({ nSamples: 200, noise: 0.1, seed: 3 });
    expect(moons.features.shape).toEqual([200, 2]);
    expect(Array.from(moons.targets.dataSync()).filter((v) => v === 1).length).toBe(100);
    const circles = makeCircles({ nSamples: 100, factor: 0.5 });
    const r = (circles.features.toArray() as number[][]).map(([a, b]) => Math.hypot(a!, b!));
    circles.targets.dataSync().forEach((c, i) => {
      expect(r[i]).toBeCloseTo(c === 0 ? 1 : 0.5, 5);
    });
    const spirals = makeSpirals({ nSamples: 50, classes: 3 });
    expect(spirals.features.shape).toEqual([150, 2]);
    const mix = makeGaussianMixture({ nSamples: 2000, seed: 9 });
    const share = Array.from(mix.targets.dataSync()).filter((v) => v === 1).length / 2000;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    expect(makeMoons({ seed: 3, nSamples: 200, noise: 0.1 }).features.toArray()).toEqual(
      moons.features.toArray(),
    );
  });
});
