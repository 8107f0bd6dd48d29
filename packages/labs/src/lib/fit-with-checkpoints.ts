/**
 * `fit` with a checkpoint after every epoch and `--resume`: the labs that
 * train for minutes use it so Ctrl-C loses at most the epoch in progress.
 */

import type { Generator } from '@gradlab/tensor';
import type { LabContext } from '../runner/lab.js';
import {
  type CheckpointInfo,
  loadCheckpoint,
  saveCheckpoint,
  type TrainingState,
} from './checkpoint.js';
import { type FitOptions, fit, type History } from './train.js';

/** The flags that may differ between a run and its resumption. */
const RESUMABLE_CHANGES = new Set(['epochs', 'resume', 'out', 'backend', 'gpuMode']);

/** The configuration a checkpoint must match: every flag except those that may change on resume. */
export function checkpointConfig(config: LabContext['config']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !RESUMABLE_CHANGES.has(k)));
}

/** The file a named training run of a lab checkpoints to. */
export function checkpointPath(ctx: LabContext, name: string): string {
  return ctx.outPath(`${name}.checkpoint.safetensors`);
}

export interface CheckpointedFitOptions extends FitOptions {
  /** Seeded generators the training draws from (the loader's shuffling, dropout), saved with it. */
  generators?: Record<string, Generator>;
}

/**
 * Trains like {@link fit} for `o.epochs` epochs in all, writing
 * `<name>.checkpoint.safetensors` into the out dir after every epoch. With
 * `--resume` it first restores that checkpoint and trains only the remaining
 * epochs (none when the checkpoint's run had finished or stopped early), and
 * returns the whole history. Given the same seed and flags, a resumed run
 * equals an uninterrupted one bit for bit on the CPU backends.
 */
export async function fitWithCheckpoints(
  ctx: LabContext,
  name: string,
  o: CheckpointedFitOptions,
): Promise<History> {
  const path = checkpointPath(ctx, name);
  const state: TrainingState = {
    model: o.model,
    optimizer: o.optimizer,
    scheduler: o.scheduler,
    earlyStopping: o.earlyStopping,
    generators: o.generators,
  };
  const config = checkpointConfig(ctx.config);
  let done = 0;
  let history: History | undefined;
  if (ctx.config.resume) {
    const saved: CheckpointInfo = loadCheckpoint(path, state, config);
    done = saved.epoch;
    history = saved.history;
    const finished = history.stoppedEarly || done >= o.epochs;
    ctx.log(
      `Resuming '${name}' from ${path}: ${done} epoch${done === 1 ? '' : 's'} done${finished ? (history.stoppedEarly ? ', stopped early — nothing left to train' : ', nothing left to train') : `, ${o.epochs - done} to go`}`,
    );
    if (finished) return history;
  }
  return fit({
    ...o,
    epochs: o.epochs - done,
    startEpoch: done + 1,
    history,
    onEpochEnd: async (epoch, h) => {
      await saveCheckpoint(path, state, { epoch, history: h, config });
      await o.onEpochEnd?.(epoch, h);
    },
  });
}
