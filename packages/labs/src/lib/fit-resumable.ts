/**
 * `fit` with a checkpoint after every epoch and `--resume`: the labs that
 * train for minutes (`cifar10-convnet`, `cats-vs-dogs`) use it so Ctrl-C
 * loses at most the epoch in progress.
 */
import type { DataLoader } from '@gradlab/datasets';
import {
  type CheckpointState,
  concatHistory,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
import { type FitOptions, fit, type History } from './train.js';

export interface ResumableFitOptions extends FitOptions {
  /** The training loader: on resume its shuffles are replayed so epoch k sees the same order. */
  train: DataLoader;
  lab: string;
  /** Checkpoint file (in the out dir). */
  checkpoint: string;
  /** Continue from the checkpoint instead of starting afresh. */
  resume: boolean;
  /** Settings a resumed run must share with the saved one (data sizes, lr, batch size…). */
  signature: CheckpointState['signature'];
  /** Called once when a checkpoint was restored: epochs already done. */
  onResume?: (epochsDone: number, history: History) => void;
}

/**
 * Trains for `epochs` epochs in all, counting those a resumed checkpoint has
 * already done, and returns the whole history. The weights are saved with
 * the optimiser state after each epoch.
 */
export function fitResumable(o: ResumableFitOptions): History {
  let saved: History | undefined;
  let done = 0;
  if (o.resume) {
    const state = loadCheckpoint(o.lab, o.checkpoint, o.model, o.optimizer, o.signature);
    saved = state.history;
    done = state.epoch;
    // Replay the loader's per-epoch shuffles (each draws its permutation when it starts).
    for (let e = 0; e < done; e++) o.train[Symbol.iterator]().next();
    o.onResume?.(done, saved);
  }
  if (done >= o.epochs) return saved!;
  const h = fit({
    ...o,
    epochs: o.epochs - done,
    startEpoch: done + 1,
    onEpochEnd: (epoch, next) => {
      const all = concatHistory(saved, next);
      saveCheckpoint(o.checkpoint, o.model, o.optimizer, {
        epoch,
        history: all,
        signature: o.signature,
      });
      o.onEpochEnd?.(epoch, all);
    },
  });
  return concatHistory(saved, h);
}
