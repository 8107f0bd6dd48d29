import * as nodeModule from 'node:module';

/** True under Node.js (not in browsers or workers there). */
export const isNode = typeof process === 'object' && !!process.versions?.node;

let required: NodeJS.Require | undefined;

/**
 * `require` for Node built-ins (worker_threads, v8, os) from ESM, made on first
 * use by the wasm backend under Node only. Nothing here runs at import: in a
 * browser bundle `node:module` is an empty stub (Vite, esbuild), and the
 * package must still load there.
 */
export function nodeRequire(id: string): unknown {
  required ??= nodeModule.createRequire(import.meta.url);
  return required(id);
}
