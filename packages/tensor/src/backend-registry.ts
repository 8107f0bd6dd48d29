import type { Backend } from './backend.js';
import { CpuBackend } from './cpu/cpu-backend.js';

/** The reference CPU backend instance; always available. */
export const cpuBackend: Backend = new CpuBackend();

const registry = new Map<string, Backend>([[cpuBackend.name, cpuBackend]]);
let active: Backend = cpuBackend;

/**
 * Makes a backend known by name, so `setBackend(name)` and `--backend name`
 * can find it. Nothing is registered by importing a module: callers register
 * the backends they construct.
 */
export function registerBackend(backend: Backend): void {
  registry.set(backend.name, backend);
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...registry.keys()];
}

/** Chooses the backend new arrays are created on (a Backend object or a registered name). */
export function setBackend(backend: Backend | string): Backend {
  if (typeof backend === 'string') {
    const found = registry.get(backend);
    if (!found) {
      throw new Error(
        `setBackend: unknown backend '${backend}' (registered: ${listBackends().join(', ')})`,
      );
    }
    active = found;
  } else {
    registry.set(backend.name, backend);
    active = backend;
  }
  return active;
}

/** The backend new arrays are created on. */
export function getBackend(): Backend {
  return active;
}
