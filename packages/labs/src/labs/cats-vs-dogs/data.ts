/**
 * The cats-vs-dogs lab's images: an ImageFolder-style directory
 * (`root/train/<class>/*`, `root/test/<class>/*`, or one level
 * `root/<class>/*` split 80/20 here), or by default CIFAR-10's cat and dog
 * classes. Pixels are scaled to [−1, 1].
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCifar10, loadImageFolder, resizeBilinear, trainTestSplit } from '@gradlab/datasets';
import { NDArray } from '@gradlab/tensor';

export interface CatsDogsData {
  xTrain: NDArray;
  yTrain: NDArray;
  xTest: NDArray;
  yTest: NDArray;
  classes: string[];
  /** What was read, for the log and the report. */
  source: string;
  size: number;
}

export interface CatsDogsOptions {
  /** ImageFolder root; undefined for CIFAR-10. */
  data?: string;
  /** Side of the square images fed to the network. */
  size: number;
  /** Test fraction when the directory has no train/test level. */
  testFraction: number;
  /** At most this many images per class and split (the first ones in sorted order). */
  perClass?: number;
  seed: number;
}

const LAB = 'cats-vs-dogs';
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Loads and scales the images; errors name the directory or file at fault. */
export async function loadCatsDogs(o: CatsDogsOptions): Promise<CatsDogsData> {
  return o.data === undefined ? loadCifarCatsDogs(o) : loadFolder(o.data, o);
}

function loadFolder(root: string, o: CatsDogsOptions): CatsDogsData {
  const dir = resolve(root);
  if (!isDir(dir))
    throw new Error(
      `${LAB}: --data ${root}: ${existsSync(dir) ? 'is not a directory' : 'no such directory'} (expected root/train/<class>/*.jpg and root/test/<class>/*.jpg, or root/<class>/*.jpg)`,
    );
  const opts = { size: o.size, scale: 'symmetric', limitPerClass: o.perClass } as const;
  const read = (d: string, classes?: string[]) => {
    try {
      return loadImageFolder(d, { ...opts, classes });
    } catch (e) {
      throw new Error(`${LAB}: --data ${root}: ${(e as Error).message}`);
    }
  };
  const split = isDir(join(dir, 'train')) && isDir(join(dir, 'test'));
  if (split) {
    const train = read(join(dir, 'train'));
    checkClasses(root, train.classes);
    const test = read(join(dir, 'test'), train.classes);
    return {
      xTrain: train.images,
      yTrain: train.labels,
      xTest: test.images,
      yTest: test.labels,
      classes: train.classes,
      source: `${dir} (train/ ${train.labels.shape[0]} images, test/ ${test.labels.shape[0]} images)`,
      size: o.size,
    };
  }
  const entries = readdirSync(dir).filter((e) => isDir(join(dir, e)) && !e.startsWith('.'));
  if (entries.length === 0)
    throw new Error(
      `${LAB}: --data ${root}: no class folders and no train/ and test/ folders inside (expected root/<class>/*.jpg)`,
    );
  const all = read(dir);
  checkClasses(root, all.classes);
  const [xTrain, xTest, yTrain, yTest] = trainTestSplit([all.images, all.labels], {
    testSize: o.testFraction,
    stratify: all.labels,
    seed: o.seed,
  }) as [NDArray, NDArray, NDArray, NDArray];
  return {
    xTrain,
    yTrain,
    xTest,
    yTest,
    classes: all.classes,
    source: `${dir} (${all.labels.shape[0]} images split ${Math.round(100 * (1 - o.testFraction))}/${Math.round(100 * o.testFraction)}, stratified)`,
    size: o.size,
  };
}

function checkClasses(root: string, classes: string[]) {
  if (classes.length < 2)
    throw new Error(
      `${LAB}: --data ${root}: found only the class folder ${classes.join(', ')}; a classifier needs at least two`,
    );
}

async function loadCifarCatsDogs(o: CatsDogsOptions): Promise<CatsDogsData> {
  const opts = { classes: ['cat', 'dog'], scale: 'byte' } as const;
  const train = await loadCifar10({ ...opts, train: true });
  const test = await loadCifar10({ ...opts, train: false });
  const limit = async (x: NDArray, y: NDArray) => {
    if (o.perClass === undefined) return { x, y };
    const labels = await y.data();
    const keep: number[] = [];
    const seen = [0, 0];
    for (let i = 0; i < labels.length; i++) {
      const c = Number(labels[i]);
      if (seen[c]! < o.perClass) {
        seen[c]!++;
        keep.push(i);
      }
    }
    return { x: x.indexSelect(0, keep), y: y.indexSelect(0, keep) };
  };
  const tr = await limit(train.images, train.labels);
  const te = await limit(test.images, test.labels);
  return {
    xTrain: await toSymmetric(tr.x, o.size),
    yTrain: tr.y,
    xTest: await toSymmetric(te.x, o.size),
    yTest: te.y,
    classes: ['cat', 'dog'],
    source: `CIFAR-10's cat and dog classes (${tr.y.shape[0]} training, ${te.y.shape[0]} test images${o.size === 32 ? '' : `, resized from 32×32 to ${o.size}×${o.size}`})`,
    size: o.size,
  };
}

/** [0, 255] `[N, 3, 32, 32]` → [−1, 1] `[N, 3, size, size]` (bilinear when resizing). */
async function toSymmetric(x: NDArray, size: number): Promise<NDArray> {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  if (size === h) return x.div(127.5).sub(1);
  const src = await x.data();
  const pixels = new Uint8Array(h * w * c);
  const out = new Float32Array(n * c * size * size);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < h * w; p++)
      for (let k = 0; k < c; k++) pixels[p * c + k] = src[i * c * h * w + k * h * w + p]!;
    resizeBilinear(pixels, w, h, c, size, size, c as 3, out, i * c * size * size);
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / 127.5 - 1;
  return NDArray.fromTypedArray(out, [n, c, size, size]);
}
