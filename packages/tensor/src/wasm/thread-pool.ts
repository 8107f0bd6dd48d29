/// <reference path="./webassembly.d.ts" />
import { nodeRequire } from './node-require.js';

/**
 * One kernel call for a thread: its kind, then its arguments (unused ones 0).
 * MACRO: the macro-kernel (aPack, bPack, c, mPanels, nPanels, kc, ldcBytes, accumulate);
 * GATHER: the gather kernel (p, rowOffs, rows, laneOffs, panels, dst).
 */
export type Task = readonly [
  kind: number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
export const MACRO = 0;
export const GATHER = 1;

const SLOT = 2; // per worker: [byte address of its task list in wasm memory, number of tasks]
const HEADER = 4; // [generation, done, failed, -]
/** Ints per task in a task list: the kind and 8 arguments. */
export const TASK_INTS = 9;

/**
 * Code each worker runs: instantiate the same kernels over the shared memory,
 * then sleep on the control block's generation counter; on each wake-up run
 * the macro-kernel calls of this worker's task list (kept in wasm memory) and
 * count itself done. A negative generation stops it.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, id, workers } = workerData;
const { macro, gather } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let gen = 0;
for (;;) {
  Atomics.wait(ctl, 0, gen);
  const next = Atomics.load(ctl, 0);
  // A wake-up without a new generation (spurious) must not run the last list again: a second
  // 'done' would be counted against the caller's next product and leave it waiting forever.
  if (next === gen) continue;
  gen = next;
  if (gen < 0) break;
  const s = ${HEADER} + id * ${SLOT};
  const count = ctl[s + 1];
  try {
    if (count > 0) {
      const t = new Int32Array(memory.buffer, ctl[s], count * ${TASK_INTS});
      for (let i = 0; i < count * ${TASK_INTS}; i += ${TASK_INTS}) {
        if (t[i] === ${GATHER}) gather(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6]);
        else macro(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6], t[i + 7], t[i + 8]);
      }
    }
  } catch (err) {
    // Never leave the caller waiting: report the failure, then count this worker done.
    Atomics.store(ctl, 2, 1);
  }
  if (Atomics.add(ctl, 1, 1) + 1 === workers) Atomics.notify(ctl, 1);
}
`;

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
}

/**
 * A pool of worker threads that run macro-kernel calls on the shared wasm
 * memory in lock step with the calling thread: `run` hands one task to each
 * worker, runs the caller's own task, and blocks (Atomics.wait, allowed on
 * Node's main thread) until every worker is done. Workers are unref'd, so
 * they never keep the process alive.
 */
export class ThreadPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerLike[] = [];
  private generation = 0;

  constructor(
    readonly size: number,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
  ) {
    const { Worker } = nodeRequire('node:worker_threads') as typeof import('node:worker_threads');
    this.control = new Int32Array(new SharedArrayBuffer((HEADER + SLOT * size) * 4));
    for (let id = 0; id < size; id++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, id, workers: size },
      });
      w.unref();
      this.workers.push(w);
    }
  }

  /**
   * Runs task list 0 on the calling thread and list 1 + i on worker i (missing
   * lists are idle). `lists[i]` gives the byte address of a list already
   * written into wasm memory (TASK_INTS ints per task) and its length.
   * Returns false when a worker's kernel failed (the caller must redo the work).
   */
  run(lists: readonly { address: number; count: number }[], runHere: () => void): boolean {
    const ctl = this.control;
    for (let id = 0; id < this.size; id++) {
      const l = lists[id + 1];
      const s = HEADER + id * SLOT;
      ctl[s] = l?.address ?? 0;
      ctl[s + 1] = l?.count ?? 0;
    }
    Atomics.store(ctl, 1, 0);
    Atomics.store(ctl, 2, 0);
    this.generation = (this.generation + 1) & 0x3fffffff;
    Atomics.store(ctl, 0, this.generation);
    Atomics.notify(ctl, 0);
    let error: unknown = null;
    try {
      runHere();
    } catch (e) {
      error = e;
    }
    // Wait for every worker even when our share failed: they write into shared memory.
    for (;;) {
      const done = Atomics.load(ctl, 1);
      if (done === this.size) break;
      Atomics.wait(ctl, 1, done);
    }
    if (error) throw error;
    return Atomics.load(ctl, 2) === 0;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
