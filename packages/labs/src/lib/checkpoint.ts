/**
 * Training checkpoints: everything a run needs to continue exactly where it
 * stopped — weights and buffers, optimiser state, LR scheduler, early
 * stopping (with its best weights), the seeded generators that shuffle the
 * data or drop units, the per-epoch history and the epoch number — in one
 * safetensors file written atomically (a temporary file, then a rename), so
 * an interrupted write never leaves a broken checkpoint behind.
 */
import { readFileSync } from 'node:fs';
import { decodeSafetensors, type Module, saveSafetensors } from '@gradlab/nn';
import type {
  EarlyStopping,
  LRScheduler,
  Optimizer,
  OptimizerStateDict,
  ReduceLROnPlateau,
  SchedulerStateDict,
} from '@gradlab/optim';
import { type Generator, type NDArray, prefetch } from '@gradlab/tensor';
import type { History } from './train.js';

/** The objects whose state a checkpoint saves and restores. */
export interface TrainingState {
  model: Module;
  optimizer: Optimizer;
  scheduler?: LRScheduler | ReduceLROnPlateau;
  earlyStopping?: EarlyStopping;
  /** Seeded generators the training draws from (data-loader shuffling, dropout), by name. */
  generators?: Record<string, Generator>;
}

/** What a checkpoint records besides the tensors. */
export interface CheckpointInfo {
  /** The last completed epoch (1-based). */
  epoch: number;
  history: History;
  /** The run's configuration (without the flags that may change on resume). */
  config: Record<string, unknown>;
}

const FORMAT = 'gradlab-checkpoint-1';
const EARLY_STOPPING_FIELDS = ['best', 'bestEpoch', 'wait', 'stoppedEpoch', 'epoch'] as const;

// JSON has no NaN or ±Infinity (an empty validation loss, early stopping's initial best).
const encodeNumber = (_: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v;
const decodeNumber = (_: string, v: unknown) =>
  v !== null && typeof v === 'object' && 'nonFinite' in v
    ? Number((v as { nonFinite: string }).nonFinite)
    : v;

/**
 * Writes the checkpoint of `state` after `info.epoch` to `path` (atomically).
 * Arrays on a device backend are read back first (`prefetch`), so this works
 * under WebGPU too.
 */
export async function saveCheckpoint(
  path: string,
  state: TrainingState,
  info: CheckpointInfo,
): Promise<void> {
  const tensors: Record<string, NDArray> = {};
  for (const [k, v] of Object.entries(state.model.stateDict())) tensors[`model.${k}`] = v;
  const opt = state.optimizer.stateDict();
  const scalars: Record<string, Record<string, number>> = {};
  for (const [id, s] of Object.entries(opt.state)) {
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number') (scalars[id] ??= {})[k] = v;
      else tensors[`optimizer.${id}.${k}`] = v;
    }
  }
  const es = state.earlyStopping;
  if (es?.bestWeights)
    for (const [k, v] of Object.entries(es.bestWeights)) tensors[`best.${k}`] = v;
  const meta = {
    format: FORMAT,
    ...info,
    optimizer: { name: state.optimizer.constructor.name, paramGroups: opt.paramGroups, scalars },
    scheduler: state.scheduler?.stateDict() ?? null,
    earlyStopping: es ? Object.fromEntries(EARLY_STOPPING_FIELDS.map((f) => [f, es[f]])) : null,
    generators: Object.fromEntries(
      Object.entries(state.generators ?? {}).map(([k, g]) => [k, g.getState()]),
    ),
  };
  await prefetch(Object.values(tensors));
  saveSafetensors(path, tensors, { checkpoint: JSON.stringify(meta, encodeNumber) });
}

/**
 * Restores `state` from the checkpoint at `path` and returns its epoch and
 * history. `config` must equal the one the checkpoint was written with; any
 * difference is an error naming the settings that differ.
 */
export function loadCheckpoint(
  path: string,
  state: TrainingState,
  config: Record<string, unknown>,
): CheckpointInfo {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(
      `--resume: no checkpoint at ${path}; run without --resume first (it writes one after every epoch)`,
    );
  }
  const { tensors, metadata } = decodeSafetensors(bytes, `checkpoint ${path}`);
  const meta = metadata.checkpoint ? JSON.parse(metadata.checkpoint, decodeNumber) : undefined;
  if (meta?.format !== FORMAT) throw new Error(`--resume: ${path} is not a gradlab checkpoint`);
  const differences = Object.keys({ ...meta.config, ...config })
    .filter((k) => JSON.stringify(meta.config[k]) !== JSON.stringify(config[k]))
    .map(
      (k) =>
        `${k}: ${JSON.stringify(meta.config[k])} in the checkpoint, ${JSON.stringify(config[k])} now`,
    );
  if (differences.length) {
    throw new Error(
      `--resume: the checkpoint at ${path} was written with another configuration (${differences.join('; ')}); run with the same flags (only --epochs may change) or without --resume`,
    );
  }
  if (meta.optimizer.name !== state.optimizer.constructor.name) {
    throw new Error(
      `--resume: the checkpoint at ${path} holds ${meta.optimizer.name} state, this run uses ${state.optimizer.constructor.name}`,
    );
  }
  const pick = (prefix: string) => {
    const out: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(tensors))
      if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    return out;
  };
  try {
    state.model.loadStateDict(pick('model.'));
  } catch (e) {
    throw new Error(
      `--resume: the checkpoint at ${path} does not fit this model: ${(e as Error).message}`,
    );
  }
  const optState: OptimizerStateDict['state'] = {};
  for (const [id, s] of Object.entries(
    meta.optimizer.scalars as Record<string, Record<string, number>>,
  ))
    optState[Number(id)] = { ...s };
  for (const [k, v] of Object.entries(pick('optimizer.'))) {
    const [id, name] = k.split('.', 2) as [string, string];
    (optState[Number(id)] ??= {})[name] = v;
  }
  state.optimizer.loadStateDict({ state: optState, paramGroups: meta.optimizer.paramGroups });
  if (state.scheduler && meta.scheduler)
    state.scheduler.loadStateDict(meta.scheduler as SchedulerStateDict);
  const es = state.earlyStopping;
  if (es && meta.earlyStopping) {
    for (const f of EARLY_STOPPING_FIELDS) es[f] = meta.earlyStopping[f];
    const best = pick('best.');
    es.bestWeights = Object.keys(best).length ? best : null;
  }
  for (const [k, g] of Object.entries(state.generators ?? {})) {
    const saved = meta.generators[k];
    if (!saved)
      throw new Error(`--resume: the checkpoint at ${path} has no state for generator '${k}'`);
    g.setState(saved);
  }
  return { epoch: meta.epoch, history: meta.history, config: meta.config };
}
