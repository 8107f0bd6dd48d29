import { type Storage, wholeView } from './backend.js';
import type { NDArray } from './ndarray.js';

/**
 * Reads arrays of a device backend back to the host once and keeps the
 * copies, so that their synchronous reads (`dataSync()`, `item()`,
 * `toArray()`, saving weights, drawing a figure) work until each array is
 * next written. This is how synchronous code runs on the gpu backend under
 * WebGPU, whose read-back is only asynchronous:
 *
 * ```ts
 * await prefetch(model.parameters().map((p) => p.data));
 * saveModule(model, 'model.safetensors'); // reads synchronously
 * ```
 *
 * Host arrays (`cpu`, `wasm`) need nothing: for them it resolves at once. A
 * view is read with its whole storage, each storage once.
 */
export async function prefetch(arrays: Iterable<NDArray>): Promise<void> {
  const seen = new Set<Storage>();
  const reads: Promise<unknown>[] = [];
  for (const a of arrays) {
    if (a.onHost || seen.has(a.storage)) continue;
    seen.add(a.storage);
    const whole = wholeView(a.storage, a.dtype);
    const b = a.backend;
    reads.push(b.prefetch ? b.prefetch(whole) : b.read(whole));
  }
  await Promise.all(reads);
}
