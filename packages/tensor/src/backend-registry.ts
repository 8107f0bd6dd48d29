import type { Backend } from './backend.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { WasmBackend, wasmSimdSupported } from './wasm/wasm-backend.js';

/** The reference CPU backend instance; always available. */
export const cpuBackend: Backend = new CpuBackend();

const registry = new Map<string, Backend>([[cpuBackend.name, cpuBackend]]);
/** Backends built on first use (they start threads or need engine features). */
const factories = new Map<string, { available: () => boolean; create: () => Backend }>([
  ['wasm', { available: wasmSimdSupported, create: () => new WasmBackend() }],
]);
let active: Backend | null = null;

/**
 * Makes a backend known by name, so `setBackend(name)` and `--backend name`
 * can find it. Nothing is registered by importing a module: callers register
 * the backends they construct.
 */
export function registerBackend(backend: Backend): void {
  registry.set(backend.name, backend);
}

/** Names of the backends that can be used here (registered ones and the built-in `wasm` where supported). */
export function listBackends(): string[] {
  const names = new Set(registry.keys());
  for (const [name, f] of factories) if (f.available()) names.add(name);
  return [...names];
}

function lookup(name: string): Backend | undefined {
  const found = registry.get(name);
  if (found) return found;
  const factory = factories.get(name);
  if (!factory?.available()) return undefined;
  const created = factory.create();
  registry.set(name, created);
  return created;
}

/** Chooses the backend new arrays are created on (a Backend object or a registered name). */
export function setBackend(backend: Backend | string): Backend {
  if (typeof backend === 'string') {
    const found = lookup(backend);
    if (!found) {
      // The gpu backend loads gpu.js asynchronously, so it cannot be built here on demand.
      const hint =
        backend === 'gpu' ? '; the gpu backend is loaded with `await loadGpuBackend()`' : '';
      throw new Error(
        `setBackend: unknown backend '${backend}' (available: ${listBackends().join(', ')})${hint}`,
      );
    }
    active = found;
  } else {
    registry.set(backend.name, backend);
    active = backend;
  }
  return active;
}

/**
 * The backend new arrays are created on. Until `setBackend` is called this is
 * the fast `wasm` backend where the engine supports WebAssembly SIMD, else `cpu`.
 */
export function getBackend(): Backend {
  active ??= lookup('wasm') ?? cpuBackend;
  return active;
}

/** Looks a backend up by name without making it the active one (creating it on first use). */
export function backendByName(name: string): Backend {
  const found = lookup(name);
  if (!found)
    throw new Error(
      `backendByName: unknown backend '${name}' (available: ${listBackends().join(', ')})`,
    );
  return found;
}
