/**
 * Per-epoch checkpoints for labs that train for minutes: the model's state
 * dict, the optimiser's state (Adam's moments and step counts) and the
 * history so far go into one safetensors file after every epoch, written
 * atomically, so Ctrl-C loses at most the epoch in progress and `--resume`
 * continues where the run stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { decodeSafetensors, type Module, saveSafetensors } from '@gradlab/nn';
import type { Optimizer, OptimizerStateDict, ParamState } from '@gradlab/optim';
import type { NDArray } from '@gradlab/tensor';
import type { History } from './train.js';

/** What a checkpoint restores besides the weights and the optimiser. */
export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  history: History;
  /** The settings the run must be resumed with (compared on load). */
  signature: Record<string, string | number | boolean>;
}

const MODEL = 'model.';
const OPTIM = 'optim.';

/** Writes model, optimiser and progress to `path` (atomically). */
export function saveCheckpoint(
  path: string,
  model: Module,
  optimizer: Optimizer,
  state: CheckpointState,
): void {
  const tensors: Record<string, NDArray> = {};
  for (const [k, v] of Object.entries(model.stateDict())) tensors[MODEL + k] = v;
  const opt = optimizer.stateDict();
  const numbers: Record<string, Record<string, number>> = {};
  for (const [id, s] of Object.entries(opt.state)) {
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number') (numbers[id] ??= {})[k] = v;
      else tensors[`${OPTIM}${id}.${k}`] = v;
    }
  }
  saveSafetensors(path, tensors, {
    format: 'gradlab-checkpoint',
    state: JSON.stringify(state),
    paramGroups: JSON.stringify(opt.paramGroups),
    numbers: JSON.stringify(numbers),
  });
}

/**
 * Restores a checkpoint written by {@link saveCheckpoint} into `model` and
 * `optimizer` and returns the saved progress. Fails clearly when the file is
 * missing or was written with other settings than `signature`.
 */
export function loadCheckpoint(
  lab: string,
  path: string,
  model: Module,
  optimizer: Optimizer,
  signature: CheckpointState['signature'],
): CheckpointState {
  if (!existsSync(path))
    throw new Error(`${lab}: --resume found no checkpoint at ${path} (run without --resume first)`);
  const { tensors, metadata: meta } = decodeSafetensors(readFileSync(path), `${lab}: ${path}`);
  if (meta.format !== 'gradlab-checkpoint' || !meta.state)
    throw new Error(`${lab}: ${path} is not a gradlab checkpoint`);
  const state = JSON.parse(meta.state) as CheckpointState;
  const diff = Object.keys({ ...signature, ...state.signature }).filter(
    (k) => signature[k] !== state.signature[k],
  );
  if (diff.length > 0)
    throw new Error(
      `${lab}: cannot resume ${path}: it was written with ${diff.map((k) => `${k}=${state.signature[k]}`).join(', ')}, this run has ${diff.map((k) => `${k}=${signature[k]}`).join(', ')}`,
    );
  const modelState: Record<string, NDArray> = {};
  const optState: Record<number, ParamState> = {};
  for (const [k, v] of Object.entries(tensors)) {
    if (k.startsWith(MODEL)) modelState[k.slice(MODEL.length)] = v;
    else if (k.startsWith(OPTIM)) {
      const [id, name] = k.slice(OPTIM.length).split('.', 2) as [string, string];
      (optState[Number(id)] ??= {})[name] = v;
    }
  }
  const numbers = JSON.parse(meta.numbers ?? '{}') as Record<string, Record<string, number>>;
  for (const [id, s] of Object.entries(numbers)) Object.assign((optState[Number(id)] ??= {}), s);
  model.loadStateDict(modelState);
  optimizer.loadStateDict({
    state: optState,
    paramGroups: JSON.parse(meta.paramGroups ?? '[]'),
  } as OptimizerStateDict);
  return state;
}

/** Appends the epochs of `next` to `done` (a resumed run's history after its saved one). */
export function concatHistory(done: History | undefined, next: History): History {
  if (!done) return next;
  const cat = <K extends keyof History>(k: K) =>
    [...(done[k] as number[]), ...(next[k] as number[])] as History[K];
  const best = Math.min(...done.valLoss.concat(next.valLoss).filter((v) => !Number.isNaN(v)));
  const all = cat('valLoss');
  const bestIndex = Number.isFinite(best)
    ? all.indexOf(best)
    : cat('trainLoss').indexOf(Math.min(...cat('trainLoss')));
  return {
    epoch: cat('epoch'),
    trainLoss: cat('trainLoss'),
    trainAccuracy: cat('trainAccuracy'),
    valLoss: all,
    valAccuracy: cat('valAccuracy'),
    lr: cat('lr'),
    seconds: cat('seconds'),
    bestEpoch: cat('epoch')[bestIndex] ?? next.bestEpoch,
    stoppedEarly: next.stoppedEarly,
  };
}
