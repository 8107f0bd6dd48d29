import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSearchDirs } from '@gradlab/datasets';
import { svgToPng } from '@gradlab/viz';
import { describe, expect, it } from 'vitest';
import { runLab } from '../../runner/run-lab.js';
import { useSharedData } from '../../runner/test-data.js';
import { runQuick } from '../../runner/test-run.js';
import { catsVsDogs } from './index.js';

useSharedData();
const dirs = dataSearchDirs();
const hasCifar = dirs.some((d) => existsSync(join(d, 'cifar10')));
const photos = dirs.map((d) => join(d, 'cats-dogs')).find((d) => existsSync(d));
const note = (ok: boolean, what: string) =>
  ok ? '' : ` [skipped: no ${what}/ data folder found; set GRADLAB_DATA]`;

function expectLearned(m: Record<string, number | number[] | string | string[]>) {
  const train = m.train_accuracy_per_epoch as number[];
  expect(train).toHaveLength(3);
  expect(m.classes).toEqual(['cat', 'dog']);
  expect(m.majority_baseline).toBe(0.5);
  return train;
}

describe(`cats-vs-dogs on CIFAR-10's cats and dogs${note(hasCifar, 'cifar10')}`, () => {
  it.skipIf(!hasCifar)('learns: training accuracy rises, test accuracy above chance', async () => {
    const run = await runQuick('cats-vs-dogs');
    const m = run.metrics as Record<string, number | number[] | string | string[]>;
    expect(m.source).toBe('cifar10');
    expect(m.image_size).toBe(32);
    expect(m.train_images).toBe(1000);
    expect(m.test_images).toBe(1000);
    const train = expectLearned(m);
    // Measured (seed 42): train 55.1 % → 66.2 % → 71.6 %, test 64.5 % on 1 000 images.
    expect(train[2]!).toBeGreaterThan(train[0]! + 0.03);
    expect(m.test_accuracy).toBeGreaterThan(0.56);
    expect(run.figures.sort()).toEqual(['confusion-matrix.svg', 'curves.svg', 'predictions.svg']);
    expect(existsSync(join(run.outDir, 'model.safetensors'))).toBe(true);
  });
});

describe(`cats-vs-dogs on photos (--data)${note(photos !== undefined, 'cats-dogs')}`, () => {
  it.skipIf(!photos)('learns from train/ and test/ folders at 32×32', async () => {
    const run = await runQuick('cats-vs-dogs', ['--data', photos!]);
    const m = run.metrics as Record<string, number | number[] | string | string[]>;
    expect(m.source).toBe('folder');
    expect(m.image_size).toBe(32);
    expect(m.train_images).toBe(500);
    expect(m.test_images).toBe(150);
    const train = expectLearned(m);
    // Measured (seed 42): train 51.4 % → 58.2 % → 72.0 %, test 66.7 % on 150 photos.
    expect(train[2]!).toBeGreaterThan(0.6);
    expect(m.test_accuracy).toBeGreaterThan(0.56);
  });
});

describe('cats-vs-dogs --data errors', () => {
  const run = (data: string) =>
    runLab(catsVsDogs, ['--quick', '--data', data, '--out', mkdtempSync(join(tmpdir(), 'cvd-'))], {
      write: () => {},
    });
  const root = mkdtempSync(join(tmpdir(), 'cvd-data-'));
  it('names a missing directory', async () => {
    await expect(run(join(root, 'nope'))).rejects.toThrow(/--data .*nope: no such directory/);
  });
  it('names an empty directory', async () => {
    mkdirSync(join(root, 'empty'));
    await expect(run(join(root, 'empty'))).rejects.toThrow(/no class folders/);
  });
  it('names a class folder without images, and a lone class', async () => {
    mkdirSync(join(root, 'one', 'cat'), { recursive: true });
    await expect(run(join(root, 'one'))).rejects.toThrow(/one\/cat has no images/);
    const png = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
    writeFileSync(join(root, 'one', 'cat', 'a.png'), png);
    await expect(run(join(root, 'one'))).rejects.toThrow(/only the class folder cat/);
    writeFileSync(join(root, 'one', 'cat', 'b.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
    await expect(run(join(root, 'one'))).rejects.toThrow(/cannot decode .*b\.png/);
  });
  it('names an unreadable image', async () => {
    for (const c of ['cat', 'dog']) mkdirSync(join(root, 'bad', c), { recursive: true });
    writeFileSync(join(root, 'bad', 'cat', 'x.jpg'), 'not a jpeg');
    writeFileSync(join(root, 'bad', 'dog', 'y.jpg'), 'not a jpeg');
    await expect(run(join(root, 'bad'))).rejects.toThrow(/x\.jpg is neither a PNG nor a JPEG/);
  });
});
