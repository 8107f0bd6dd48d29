/**
 * Benchmark: loading MNIST and one epoch of shuffled mini-batches.
 * Run with `pnpm --filter @gradlab/datasets bench` (needs the MNIST files:
 * `GRADLAB_DATA`, else ../shared/data beside the checkout).
 *
 * Each timing is printed with a ratio against a reference measured in the
 * same run: gunzipping the two files (the floor for any loader), and copying
 * the whole image array once (what an epoch would cost if it copied the data).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DataLoader, loadMnist } from '../src/index.js';

const root = process.env.GRADLAB_DATA
  ? resolve(process.env.GRADLAB_DATA)
  : resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data');

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

const [, gunzipMs] = time(() => {
  for (const f of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']) {
    gunzipSync(readFileSync(join(root, 'mnist', f)));
  }
});
const [train, loadMs] = await timeAsync(() => loadMnist({ root, download: false }));
console.log(
  `loadMnist (60 000 × 28×28 → float32): ${ms(loadMs)}  (gunzip alone ${ms(gunzipMs)}, ratio ${(loadMs / gunzipMs).toFixed(2)}×)`,
);

const x = train.images.dataSync() as Float32Array;
const [, copyMs] = time(() => x.slice());
for (const batchSize of [64, 256]) {
  const loader = new DataLoader(train, { batchSize, shuffle: true, seed: 1 });
  const [batches, epochMs] = time(() => {
    let n = 0;
    for (const [images] of loader) n += images!.shape[0]!;
    return n;
  });
  console.log(
    `one shuffled epoch, batch ${batchSize} (${loader.length} batches, ${batches} images): ${ms(epochMs)}  (copying all images once ${ms(copyMs)}, ratio ${(epochMs / copyMs).toFixed(2)}×)`,
  );
}
