import { noGrad, Tensor } from '@gradlab/autograd';
import type { Module } from '@gradlab/nn';
import {
  type EarlyStopping,
  type LRScheduler,
  type Optimizer,
  ReduceLROnPlateau,
} from '@gradlab/optim';
import type { NDArray } from '@gradlab/tensor';
import type { ProgressHandle } from '../runner/lab.js';

/** A batch as the DataLoader yields it: inputs first, targets last. */
export type Batch = readonly NDArray[];

/** The per-epoch record `fit` returns (and labs plot). */
export interface History {
  epoch: number[];
  trainLoss: number[];
  trainAccuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
  lr: number[];
  /** Seconds spent training (not evaluating) in each epoch. */
  seconds: number[];
  /** Epoch (1-based) of the best validation loss, or of the last epoch without validation data. */
  bestEpoch: number;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
}

export interface FitOptions {
  model: Module;
  optimizer: Optimizer;
  /** Loss of a batch: (model output, targets) → scalar Tensor. */
  loss: (output: Tensor, target: NDArray) => Tensor;
  train: Iterable<Batch> & { length?: number };
  /** Evaluated after every epoch (loss, and accuracy when `accuracy` is given). */
  val?: Iterable<Batch>;
  epochs: number;
  /**
   * Fraction of correct predictions in a batch (e.g. argmax vs label), as a
   * one-element array (read back with the loss) or a number; omit for regression.
   */
  accuracy?: (output: NDArray, target: NDArray) => NDArray | number;
  scheduler?: LRScheduler | ReduceLROnPlateau;
  earlyStopping?: EarlyStopping;
  /**
   * Called after each epoch, after the scheduler and early stopping have seen
   * it (so a checkpoint written here holds their updated state; when early
   * stopping ends training, `history.stoppedEarly` is already true).
   */
  onEpochEnd?: (epoch: number, history: History) => void | Promise<void>;
  /** One progress tick per batch. */
  progress?: (label: string, total: number) => ProgressHandle;
  /** First epoch number (for resumed runs). */
  startEpoch?: number;
  /** The history of the epochs before `startEpoch` (a resumed run): it is extended in place. */
  history?: History;
}

/**
 * Batch size for evaluating the image convnets. Their first layers' outputs
 * (32 channels at 26–32 pixels square) stay below 32 MiB at this size, which is
 * glibc's largest threshold for serving an allocation from the heap: larger
 * arrays are mapped fresh from the kernel every time and fault in page by page
 * (10–20 µs a page on these machines). At 500, evaluating mnist-cnn-bn's test
 * images took 2.2× as long as at 125.
 */
export const EVAL_BATCH = 125;

/** Fraction of rows whose argmax over dim 1 equals the int32 label (a one-element array). */
export function argmaxAccuracy(output: NDArray, target: NDArray): NDArray {
  return output.argmax(1).eq(target).float().mean();
}

/** Fraction of sigmoid outputs on the right side of 0.5 for 0/1 targets (a one-element array). */
export function binaryAccuracy(output: NDArray, target: NDArray): NDArray {
  return output
    .gt(0.5)
    .float()
    .eq(target.reshape([...output.shape]))
    .float()
    .mean();
}

/**
 * The values of one-element arrays (numbers pass through), read back with
 * `await x.data()`: the read every backend serves, the gpu backend under
 * WebGPU included. The loops read once per batch, which also keeps a device's
 * queue from running far ahead of the host.
 */
export async function readScalars<T extends (NDArray | number)[]>(
  ...xs: T
): Promise<{ [K in keyof T]: number }> {
  const values = await Promise.all(
    xs.map(async (x) => (typeof x === 'number' ? x : (await x.data())[0]!)),
  );
  return values as { [K in keyof T]: number };
}

/** Mean loss (and accuracy) of the model over batches, in evaluation mode without gradients. */
export async function evaluate(
  model: Module,
  batches: Iterable<Batch>,
  loss: FitOptions['loss'],
  accuracy?: FitOptions['accuracy'],
): Promise<{ loss: number; accuracy: number }> {
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  let lossSum = 0;
  let correct = 0;
  try {
    for (const batch of batches) {
      const x = batch[0]!;
      const y = batch[batch.length - 1]!;
      const n = x.shape[0]!;
      const [l, a] = noGrad(() => {
        const out = model.forward(new Tensor(x));
        return [loss(out, y).data, accuracy ? accuracy(out.data, y) : 0];
      });
      const [lv, av] = await readScalars(l, a);
      lossSum += lv * n;
      correct += av * n;
      total += n;
    }
  } finally {
    model.train(wasTraining);
  }
  return {
    loss: lossSum / Math.max(total, 1),
    accuracy: accuracy ? correct / Math.max(total, 1) : Number.NaN,
  };
}

/**
 * The training loop the labs share: epochs of mini-batch updates, evaluation
 * after each epoch, an LR schedule, early stopping (restoring the best
 * weights when asked) and a per-epoch hook for checkpoints.
 */
export async function fit(o: FitOptions): Promise<History> {
  const h: History = o.history ?? {
    epoch: [],
    trainLoss: [],
    trainAccuracy: [],
    valLoss: [],
    valAccuracy: [],
    lr: [],
    seconds: [],
    bestEpoch: 0,
    stoppedEarly: false,
  };
  const first = o.startEpoch ?? 1;
  let best = Number.POSITIVE_INFINITY;
  h.epoch.forEach((_, i) => {
    const monitored = Number.isNaN(h.valLoss[i]!) ? h.trainLoss[i]! : h.valLoss[i]!;
    if (monitored < best) best = monitored;
  });
  for (let epoch = first; epoch < first + o.epochs; epoch++) {
    o.model.train();
    const bar = o.progress?.(`epoch ${epoch}/${first + o.epochs - 1}`, o.train.length ?? 0);
    const t0 = performance.now();
    let seen = 0;
    let lossSum = 0;
    let correct = 0;
    for (const batch of o.train) {
      const x = batch[0]!;
      const y = batch[batch.length - 1]!;
      const n = x.shape[0]!;
      const out = o.model.forward(new Tensor(x));
      const l = o.loss(out, y);
      o.optimizer.zeroGrad();
      l.backward();
      o.optimizer.step();
      const [lv, acc] = await readScalars(l.data, o.accuracy ? o.accuracy(out.data, y) : 0);
      if (!Number.isFinite(lv))
        throw new Error(`fit: the loss became ${lv} in epoch ${epoch}; lower the learning rate`);
      lossSum += lv * n;
      correct += acc * n;
      seen += n;
      bar?.tick(
        o.accuracy ? { loss: lossSum / seen, acc: correct / seen } : { loss: lossSum / seen },
      );
    }
    h.seconds.push((performance.now() - t0) / 1000);
    h.epoch.push(epoch);
    h.trainLoss.push(lossSum / Math.max(seen, 1));
    h.trainAccuracy.push(o.accuracy ? correct / Math.max(seen, 1) : Number.NaN);
    h.lr.push(o.optimizer.paramGroups[0]!.lr as number);
    const val = o.val ? await evaluate(o.model, o.val, o.loss, o.accuracy) : undefined;
    h.valLoss.push(val?.loss ?? Number.NaN);
    h.valAccuracy.push(val?.accuracy ?? Number.NaN);
    const monitored = val?.loss ?? h.trainLoss.at(-1)!;
    if (monitored < best) {
      best = monitored;
      h.bestEpoch = epoch;
    }
    if (o.scheduler) {
      if (o.scheduler instanceof ReduceLROnPlateau) o.scheduler.step(monitored);
      else o.scheduler.step();
    }
    if (o.earlyStopping?.step(monitored, o.model)) h.stoppedEarly = true;
    await o.onEpochEnd?.(epoch, h);
    if (h.stoppedEarly) break;
  }
  return h;
}
