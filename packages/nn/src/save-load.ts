import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { NDArray } from '@gradlab/tensor';
import type { Module } from './module.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** Writes tensors to a .safetensors file atomically (a temporary file, then a rename). */
export function saveSafetensors(
  path: string,
  tensors: Record<string, NDArray>,
  metadata?: Record<string, string>,
): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, encodeSafetensors(tensors, metadata));
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function loadSafetensors(path: string): Record<string, NDArray> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(
      `loadSafetensors: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  return decodeSafetensors(bytes, `loadSafetensors: ${path}`).tensors;
}

/** Saves a module's state dict (parameters and buffers) as safetensors. */
export function saveModule(model: Module, path: string): void {
  saveSafetensors(path, model.stateDict(), { format: 'gradlab', model: model.constructor.name });
}

/** Loads a state dict saved by {@link saveModule} (or PyTorch's safetensors with the same names). */
export function loadModule(model: Module, path: string, strict = true): void {
  model.loadStateDict(loadSafetensors(path), strict);
}
