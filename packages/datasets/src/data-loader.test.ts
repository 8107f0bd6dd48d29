import { arange, createGpuBackend, Generator, NDArray } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader.js';
import { gaussianNoise } from './gaussian-noise.js';
import { randomSplit, validationSplit } from './random-split.js';
import { TensorDataset } from './tensor-dataset.js';

/** 10 rows: x[i] = [i, 10 + i], y[i] = i. */
function tenRows() {
  const x = NDArray.fromTypedArray(
    Float32Array.from({ length: 20 }, (_, k) => (k % 2 ? 10 : 0) + (k >> 1)),
    [10, 2],
  );
  const y = NDArray.fromTypedArray(
    Int32Array.from({ length: 10 }, (_, i) => i),
    [10],
  );
  return { x, y };
}
const ids = (batch: NDArray[]) => Array.from(batch[1]!.dataSync());

describe('DataLoader', () => {
  it('batches in order, with a short last batch unless dropLast', () => {
    const { x, y } = tenRows();
    const loader = new DataLoader([x, y], { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map(ids)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(batches[1]![0]!.toArray()).toEqual([
      [4, 14],
      [5, 15],
      [6, 16],
      [7, 17],
    ]);
    const dropped = new DataLoader([x, y], { batchSize: 4, dropLast: true });
    expect(dropped.length).toBe(2);
    expect([...dropped].map(ids)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('does not copy the dataset when not shuffling: batches are views of the same storage', () => {
    const { x, y } = tenRows();
    const [first] = new DataLoader({ features: x, targets: y }, { batchSize: 5 });
    expect(first![0]!.storage).toBe(x.storage);
  });

  it('shuffles with a seeded permutation per epoch: epochs differ, runs repeat, rows pair up', () => {
    const { x, y } = tenRows();
    const run = () => {
      const loader = new DataLoader(
        { images: x, labels: y },
        { batchSize: 3, shuffle: true, seed: 7 },
      );
      return [0, 1].map(() =>
        [...loader].flatMap((b) => {
          // each row's features still match its label
          const xs = b[0]!.toArray() as number[][];
          for (const [r, id] of ids(b).entries()) expect(xs[r]).toEqual([id, 10 + id]);
          return ids(b);
        }),
      );
    };
    const [e1, e2] = run();
    expect([...e1!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...e2!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e1).not.toEqual(e2);
    expect(run()).toEqual([e1, e2]);
  });

  it('shuffled batches copy only their own rows (the source storage is untouched)', () => {
    const { x, y } = tenRows();
    const loader = new DataLoader([x, y], {
      batchSize: 2,
      shuffle: true,
      generator: new Generator(1),
    });
    const [b] = loader;
    expect(b![0]!.storage).not.toBe(x.storage);
    expect(b![0]!.size).toBe(4);
  });

  it('applies per-batch transforms: Gaussian noise for a denoising autoencoder', () => {
    const x = NDArray.fromTypedArray(new Float32Array(400).fill(0.5), [4, 100]);
    const loader = new DataLoader([x], {
      batchSize: 4,
      transform: gaussianNoise({ std: 0.5, clip: [0, 1] }),
    });
    const [[noisy, clean]] = [...loader] as NDArray[][];
    expect(clean!.dataSync().every((v) => v === 0.5)).toBe(true);
    const n = Array.from(noisy!.dataSync());
    expect(n.every((v) => v >= 0 && v <= 1)).toBe(true);
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const sd = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
    expect(sd).toBeGreaterThan(0.25); // clipping shrinks 0.5 a little
  });

  it('adds the same Gaussian noise on a device backend, without reading the batch back', async () => {
    const gpu = await createGpuBackend({ mode: 'cpu', asyncMode: true });
    const values = Float32Array.from({ length: 60 }, (_, i) => (i % 7) / 7);
    const x = NDArray.fromTypedArray(values, [6, 10]);
    const opts = { batchSize: 3, shuffle: true, seed: 5 };
    const noise = gaussianNoise({ std: 0.5, clip: [0, 1] });
    const host = [...new DataLoader([x], { ...opts, transform: noise })];
    const dev = [...new DataLoader([x.to(gpu).mul(1)], { ...opts, transform: noise })];
    for (const [i, [noisy, clean]] of dev.entries()) {
      expect(noisy!.onHost).toBe(false);
      const got = await noisy!.data();
      const want = host[i]![0]!.dataSync();
      for (let j = 0; j < want.length; j++) expect(got[j]).toBeCloseTo(want[j]!, 6);
      expect(Array.from(await clean!.data())).toEqual(Array.from(host[i]![1]!.dataSync()));
    }
  });

  it('rejects bad options and mismatched arrays', () => {
    const { x, y } = tenRows();
    expect(() => new DataLoader([x, y], { batchSize: 0 })).toThrow(
      /DataLoader: batchSize must be an integer ≥ 1, got 0/,
    );
    expect(() => new DataLoader([x, y.narrow(0, 0, 5)])).toThrow(
      /same first dimension; array 0 has shape \[10, 2\], array 1 has \[5\]/,
    );
    expect(() => new DataLoader({ foo: x } as never)).toThrow(/expected a TensorDataset/);
  });
});

describe('splits', () => {
  it('validationSplit holds out a seeded fraction without copying; shuffle: false takes the tail', () => {
    const { x, y } = tenRows();
    const [train, val] = validationSplit([x, y], 0.2, { seed: 3 });
    expect(train.length).toBe(8);
    expect(val.length).toBe(2);
    const all = [...Array.from(train.indices!), ...Array.from(val.indices!)].sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(train.tensors[0]).toBe(x);
    const [, tail] = validationSplit([x, y], 0.2, { shuffle: false });
    expect([...new DataLoader(tail, { batchSize: 5 })].map(ids)).toEqual([[8, 9]]);
  });

  it('randomSplit takes counts or fractions', () => {
    const ds = new TensorDataset(arange(10));
    expect(randomSplit(ds, [7, 3]).map((d) => d.length)).toEqual([7, 3]);
    expect(randomSplit(ds, [0.5, 0.25, 0.25]).map((d) => d.length)).toEqual([6, 2, 2]); // as PyTorch: floors, then the remainder round-robin
    expect(() => randomSplit(ds, [5, 4])).toThrow(
      /must be counts summing to the dataset's 10 rows/,
    );
  });

  it('a subset of a subset maps back to the original rows', () => {
    const ds = new TensorDataset(arange(10));
    const sub = TensorDataset.subset(TensorDataset.subset(ds, [9, 8, 7, 6]), [1, 3]);
    expect(sub.gather([0, 1])[0]!.toArray()).toEqual([8, 6]);
    expect(sub.get(1)[0]!.item()).toBe(6);
  });
});

describe('DataLoader over arrays of a device backend', () => {
  it('gathers each batch on the device, as the host gather does (nothing read back)', async () => {
    // asyncMode: every kernel result is a promise, as under WebGPU, so a host read would throw.
    const gpu = await createGpuBackend({ mode: 'cpu', asyncMode: true });
    const { x, y } = tenRows();
    const xd = x.to(gpu).mul(1); // a kernel result: device-only values
    const yd = y.to(gpu).add(0);
    const opts = { batchSize: 4, shuffle: true, seed: 3 };
    const want = [...new DataLoader([x, y], opts)];
    const got = [...new DataLoader([xd, yd], opts)];
    expect(got.length).toBe(want.length);
    for (const [i, [bx, by]] of got.entries()) {
      expect(bx!.onHost).toBe(false);
      expect(by!.dtype).toBe('int32');
      expect(Array.from(await bx!.data())).toEqual(Array.from(want[i]![0]!.dataSync()));
      expect(Array.from(await by!.data())).toEqual(Array.from(want[i]![1]!.dataSync()));
    }
  });
});
