import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataNotFoundError } from './locate-files.js';
import { loadMnist, MNIST_CLASSES } from './mnist.js';
import { parseIdx } from './parse-idx.js';
import { hasSharedData, sharedDataDir, skipNote } from './test-data-dir.js';
import { idxImages, idxLabels, tempDir, writeFixture } from './test-fixtures.js';

describe('loadMnist on a 5-image fixture', () => {
  const { dir, cleanup } = tempDir();
  const labels = [3, 7, 3, 1, 7];
  // image i, pixel p: value (i * 50 + p) % 256 over a 4×3 image
  const pixel = (i: number, p: number) => (i * 50 + p * 20) % 256;
  beforeAll(() => {
    writeFixture(join(dir, 'mnist', 'train-images-idx3-ubyte.gz'), idxImages(5, 4, 3, pixel));
    writeFixture(join(dir, 'mnist', 'train-labels-idx1-ubyte.gz'), idxLabels(labels));
    // the test split uncompressed, in the flat layout
    writeFixture(join(dir, 'flat', 't10k-images-idx3-ubyte'), idxImages(5, 4, 3, pixel));
    writeFixture(join(dir, 'flat', 't10k-labels-idx1-ubyte'), idxLabels(labels));
  });
  afterAll(cleanup);
  const root = dir;

  it('reads .gz files as float32 [N, 1, H, W] in [0, 1] with int32 labels', async () => {
    const ds = await loadMnist({ root, download: false });
    expect(ds.images.shape).toEqual([5, 1, 4, 3]);
    expect(ds.images.dtype).toBe('float32');
    expect(ds.labels.dtype).toBe('int32');
    expect(Array.from(ds.labels.dataSync())).toEqual(labels);
    expect(ds.classes).toEqual(MNIST_CLASSES);
    expect(ds.images.get(2, 0, 1, 2)).toBeCloseTo(pixel(2, 5) / 255, 6);
  });

  it('reads raw (uncompressed) files from a folder that holds them directly', async () => {
    const ds = await loadMnist({ root: join(dir, 'flat'), train: false, download: false });
    expect(ds.images.shape).toEqual([5, 1, 4, 3]);
  });

  it('scales to [−1, 1], normalises, flattens', async () => {
    const sym = await loadMnist({ root, download: false, scale: 'symmetric', flatten: true });
    expect(sym.images.shape).toEqual([5, 12]);
    expect(sym.images.get(1, 3)).toBeCloseTo((pixel(1, 3) / 255) * 2 - 1, 6);
    const norm = await loadMnist({ root, download: false, normalize: { mean: 0.5, std: 0.25 } });
    expect(norm.images.get(4, 0, 0, 0)).toBeCloseTo((pixel(4, 0) / 255 - 0.5) / 0.25, 5);
  });

  it('filters classes (3 vs 7), relabelling them 0 and 1', async () => {
    const ds = await loadMnist({ root, download: false, classes: [3, 7] });
    expect(Array.from(ds.labels.dataSync())).toEqual([0, 1, 0, 1]);
    expect(ds.classes).toEqual(['3', '7']);
    expect(ds.images.get(3, 0, 0, 0)).toBeCloseTo(pixel(4, 0) / 255, 6); // the fourth kept is image 4
    const kept = await loadMnist({ root, download: false, classes: [7], relabel: false });
    expect(Array.from(kept.labels.dataSync())).toEqual([7, 7]);
  });

  it('binarises and subsets', async () => {
    const ds = await loadMnist({ root, download: false, binarize: true, limit: 2 });
    expect(ds.images.shape[0]).toBe(2);
    const values = new Set(ds.images.dataSync());
    expect([...values].sort()).toEqual([0, 1]);
    expect(ds.images.get(0, 0, 3, 2)).toBe(pixel(0, 11) / 255 > 0.5 ? 1 : 0);
  });

  it('rejects an unknown class and a bad normalisation', async () => {
    await expect(loadMnist({ root, download: false, classes: [12] })).rejects.toThrow(
      /loadMnist: unknown class 12/,
    );
    await expect(
      loadMnist({ root, download: false, normalize: { mean: [0.1, 0.2], std: 1 } }),
    ).rejects.toThrow(/normalize.mean has 2 values, expected 1 or 1/);
  });
});

describe('IDX validation', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('a truncated image file names the file, the header and the sizes', async () => {
    const full = idxImages(5, 28, 28, () => 1);
    writeFixture(join(dir, 'trunc', 'mnist', 'train-images-idx3-ubyte'), full.subarray(0, 1000));
    writeFixture(
      join(dir, 'trunc', 'mnist', 'train-labels-idx1-ubyte'),
      idxLabels([1, 2, 3, 4, 5]),
    );
    const err = loadMnist({ root: join(dir, 'trunc'), download: false });
    await expect(err).rejects.toThrow(
      /loadMnist: .*train-images-idx3-ubyte is truncated: header says 5 images of 28×28 \(3936 bytes\), file has 1000 bytes/,
    );
  });

  it('a truncated gzip stream is reported as such', async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = gzipSync(idxImages(5, 28, 28, (i, p) => (i + p) % 256));
    writeFixture(join(dir, 'gz', 'mnist', 'train-images-idx3-ubyte.gz.part'), gz); // ignored name
    writeFixture(
      join(dir, 'gz', 'mnist', 'train-images-idx3-ubyte'),
      gz.subarray(0, gz.length >> 1),
    );
    writeFixture(join(dir, 'gz', 'mnist', 'train-labels-idx1-ubyte'), idxLabels([1, 2, 3, 4, 5]));
    await expect(loadMnist({ root: join(dir, 'gz'), download: false })).rejects.toThrow(
      /loadMnist: .*train-images-idx3-ubyte is not a valid gzip file .*truncated/,
    );
  });

  it('a wrong magic number and mismatched counts are errors', () => {
    const labels = idxLabels([1, 2]);
    expect(() => parseIdx(labels, 'loadMnist', '/x/labels', 3, 'images')).toThrow(
      /\/x\/labels is not an IDX images file: magic number 0x00000801, expected 0x00000803/,
    );
    const tooLong = new Uint8Array([...labels, 9]);
    expect(() => parseIdx(tooLong, 'loadMnist', '/x/l', 1, 'labels')).toThrow(/is too long/);
  });

  it('images and labels must agree in count', async () => {
    writeFixture(
      join(dir, 'count', 'mnist', 'train-images-idx3-ubyte'),
      idxImages(3, 2, 2, () => 0),
    );
    writeFixture(join(dir, 'count', 'mnist', 'train-labels-idx1-ubyte'), idxLabels([1, 2]));
    await expect(loadMnist({ root: join(dir, 'count'), download: false })).rejects.toThrow(
      /has 3 images but .*train-labels-idx1-ubyte has 2 labels/,
    );
  });

  it('a missing data directory lists the files, the folders searched and GRADLAB_DATA', async () => {
    vi.stubEnv('GRADLAB_DATA', '');
    vi.stubEnv('XDG_CACHE_HOME', join(dir, 'cache'));
    try {
      const p = loadMnist({ root: join(dir, 'does-not-exist'), download: false });
      await expect(p).rejects.toBeInstanceOf(DataNotFoundError);
      const e = (await p.catch((x: unknown) => x)) as DataNotFoundError;
      expect(e.message).toMatch(
        /loadMnist: cannot find train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz/,
      );
      expect(e.message).toContain(join(dir, 'does-not-exist', 'mnist'));
      expect(e.message).toContain(join(dir, 'cache', 'gradlab', 'mnist'));
      expect(e.message).toMatch(/GRADLAB_DATA/);
      expect(e.message).toMatch(
        /ossci-datasets\.s3\.amazonaws\.com\/mnist\/train-images-idx3-ubyte\.gz/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe(`loadMnist on the real data${skipNote('mnist')}`, () => {
  const hasData = hasSharedData('mnist');

  it.skipIf(!hasData)('has 60 000 training images with mean ≈ 0.1307, std ≈ 0.3081', async () => {
    const train = await loadMnist({ root: sharedDataDir, download: false });
    expect(train.images.shape).toEqual([60000, 1, 28, 28]);
    const x = train.images.dataSync();
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < x.length; i++) {
      s += x[i]!;
      s2 += x[i]! * x[i]!;
    }
    const mean = s / x.length;
    const std = Math.sqrt(s2 / x.length - mean * mean);
    expect(mean).toBeCloseTo(0.1307, 4);
    expect(std).toBeCloseTo(0.3081, 4);
    // per-class counts equal the label file's
    const counts = new Array(10).fill(0);
    for (const l of train.labels.dataSync()) counts[l]++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60000);
  });

  it.skipIf(!hasData)('has 10 000 test images; 3-vs-7 keeps exactly those labels', async () => {
    const test = await loadMnist({ root: sharedDataDir, train: false, download: false });
    expect(test.images.shape).toEqual([10000, 1, 28, 28]);
    const labels = test.labels.dataSync();
    const n3 = labels.filter((l) => l === 3).length;
    const n7 = labels.filter((l) => l === 7).length;
    expect([n3, n7]).toEqual([1010, 1028]);
    const binary = await loadMnist({
      root: sharedDataDir,
      train: false,
      classes: [3, 7],
      flatten: true,
      download: false,
    });
    expect(binary.images.shape).toEqual([n3 + n7, 784]);
    expect(binary.labels.dataSync().filter((l) => l === 1).length).toBe(n7);
  });
});
