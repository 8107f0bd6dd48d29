import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CIFAR10_CLASSES, loadCifar10 } from './cifar10.js';
import { extractTarGz } from './extract-tar.js';
import { DataNotFoundError } from './locate-files.js';
import { hasSharedData, sharedDataDir, skipNote } from './test-data-dir.js';
import { cifarBatch, tarArchive, tempDir, writeFixture } from './test-fixtures.js';

const pixel = (i: number, c: number, p: number) => (i * 31 + c * 80 + p) % 256;

describe('loadCifar10 on a 3-record fixture', () => {
  const { dir, cleanup } = tempDir();
  beforeAll(() => {
    writeFixture(join(dir, 'flat', 'cifar10', 'data_batch_1.bin.gz'), cifarBatch([6, 9, 1], pixel));
    writeFixture(join(dir, 'flat', 'cifar10', 'data_batch_2.bin'), cifarBatch([0, 2], pixel));
    writeFixture(join(dir, 'flat', 'cifar10', 'test_batch.bin'), cifarBatch([3], pixel));
    writeFixture(
      join(dir, 'orig', 'cifar-10-batches-bin', 'data_batch_1.bin'),
      cifarBatch([5, 5, 5], pixel),
    );
    writeFixture(
      join(dir, 'flat', 'cifar10', 'batches.meta.txt'),
      new TextEncoder().encode(`${CIFAR10_CLASSES.join('\n')}\n\n`),
    );
  });
  afterAll(cleanup);

  it('reads the present batches as float32 [N, 3, 32, 32] with R, G, B planes', async () => {
    const ds = await loadCifar10({ root: join(dir, 'flat'), download: false });
    expect(ds.images.shape).toEqual([5, 3, 32, 32]);
    expect(Array.from(ds.labels.dataSync())).toEqual([6, 9, 1, 0, 2]);
    expect(ds.classes).toEqual(CIFAR10_CLASSES);
    // record 1, green channel, row 2, column 5
    expect(ds.images.get(1, 1, 2, 5)).toBeCloseTo(pixel(1, 1, 2 * 32 + 5) / 255, 6);
    // the first record of batch 2 follows the three of batch 1
    expect(ds.images.get(3, 2, 0, 0)).toBeCloseTo(pixel(0, 2, 0) / 255, 6);
  });

  it('selects batches, the test batch, and the original cifar-10-batches-bin folder', async () => {
    const b2 = await loadCifar10({ root: join(dir, 'flat'), batches: [2], download: false });
    expect(Array.from(b2.labels.dataSync())).toEqual([0, 2]);
    const test = await loadCifar10({ root: join(dir, 'flat'), train: false, download: false });
    expect(Array.from(test.labels.dataSync())).toEqual([3]);
    const orig = await loadCifar10({ root: join(dir, 'orig'), download: false, classes: ['dog'] });
    expect(orig.labels.shape).toEqual([3]);
    expect(orig.classes).toEqual(['dog']);
  });

  it('a batch of the wrong size is an error naming the record size', async () => {
    writeFixture(
      join(dir, 'bad', 'cifar10', 'data_batch_1.bin'),
      cifarBatch([1, 2], pixel).subarray(0, 5000),
    );
    await expect(loadCifar10({ root: join(dir, 'bad'), download: false })).rejects.toThrow(
      /loadCifar10: .*data_batch_1.bin has 5000 bytes, not a whole number of 3073-byte records/,
    );
  });

  it('a label above 9 is an error', async () => {
    writeFixture(join(dir, 'label', 'cifar10', 'data_batch_1.bin'), cifarBatch([1, 12], pixel));
    await expect(loadCifar10({ root: join(dir, 'label'), download: false })).rejects.toThrow(
      /record 1 has label 12, expected 0..9/,
    );
  });

  it('missing batches give the offline error', async () => {
    vi.stubEnv('GRADLAB_DATA', '');
    vi.stubEnv('XDG_CACHE_HOME', join(dir, 'cache'));
    try {
      const p = loadCifar10({ root: join(dir, 'nothing'), download: false, batches: [3] });
      await expect(p).rejects.toBeInstanceOf(DataNotFoundError);
      await expect(p).rejects.toThrow(/cannot find data_batch_3.bin[\s\S]*cifar-10-binary.tar.gz/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('extracts batches from a (gzipped) tar archive, flattening the folder', async () => {
    const tar = tarArchive({
      'cifar-10-batches-bin/data_batch_1.bin': cifarBatch([4, 4], pixel),
      'cifar-10-batches-bin/readme.html': new Uint8Array([1, 2, 3]),
    });
    const archive = writeFixture(join(dir, 'tar', 'a.tar.gz'), tar); // gzipped by writeFixture
    const written = extractTarGz('test', archive, join(dir, 'tar', 'out'), (n) =>
      n.endsWith('.bin'),
    );
    expect(written).toEqual([join(dir, 'tar', 'out', 'data_batch_1.bin')]);
    const ds = await loadCifar10({ root: join(dir, 'tar', 'out'), download: false });
    expect(Array.from(ds.labels.dataSync())).toEqual([4, 4]);
  });
});

describe(`loadCifar10 on the real data${skipNote('cifar10')}`, () => {
  const hasData = hasSharedData('cifar10');
  it.skipIf(!hasData)('each present batch has 10 000 records, and the class names', async () => {
    for (const batches of [[1], [2]]) {
      const ds = await loadCifar10({ root: sharedDataDir, batches, download: false, limit: 0 });
      expect(ds.labels.shape).toEqual([0]);
      const full = await loadCifar10({
        root: sharedDataDir,
        batches,
        download: false,
        flatten: true,
      });
      expect(full.images.shape).toEqual([10000, 3072]);
      expect(full.classes).toEqual(CIFAR10_CLASSES);
    }
    const test = await loadCifar10({ root: sharedDataDir, train: false, download: false });
    expect(test.images.shape).toEqual([10000, 3, 32, 32]);
    const counts = new Array(10).fill(0);
    for (const l of test.labels.dataSync()) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
  });
});
