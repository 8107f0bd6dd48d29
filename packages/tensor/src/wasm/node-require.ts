import { createRequire } from 'node:module';

/**
 * `require` for Node built-ins (worker_threads, v8, os) from ESM, resolved
 * lazily by the wasm backend. Node only: the backend runs single-threaded
 * elsewhere.
 */
export const nodeRequire: NodeJS.Require = createRequire(import.meta.url);
