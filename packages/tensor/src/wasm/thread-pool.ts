/// <reference path="./webassembly.d.ts" />
import { nodeRequire } from './node-require.js';

/** One call of the macro-kernel: (aPack, bPack, c, mPanels, nPanels, kc, ldcBytes, accumulate). */
export type MacroTask = readonly [number, number, number, number, number, number, number, number];

const SLOT = 8; // ints per task slot in the control block
const HEADER = 4; // [generation, done, -, -]

/**
 * Code each worker runs: instantiate the same kernels over the shared memory,
 * then sleep on the control block's generation counter; on each wake-up run
 * this worker's task slot and count itself done. A negative generation stops it.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, id, workers } = workerData;
const { macro } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let gen = 0;
for (;;) {
  Atomics.wait(ctl, 0, gen);
  gen = Atomics.load(ctl, 0);
  if (gen < 0) break;
  const s = ${HEADER} + id * ${SLOT};
  if (ctl[s + 3] > 0) macro(ctl[s], ctl[s + 1], ctl[s + 2], ctl[s + 3], ctl[s + 4], ctl[s + 5], ctl[s + 6], ctl[s + 7]);
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

  /** Runs `tasks[0]` on the calling thread and `tasks[1 + i]` on worker i (missing tasks are idle). */
  run(tasks: readonly MacroTask[], runHere: (t: MacroTask) => void): void {
    const ctl = this.control;
    for (let id = 0; id < this.size; id++) {
      const t = tasks[id + 1];
      const s = HEADER + id * SLOT;
      if (t) for (let k = 0; k < SLOT; k++) ctl[s + k] = t[k]!;
      else ctl[s + 3] = 0;
    }
    Atomics.store(ctl, 1, 0);
    this.generation = (this.generation + 1) & 0x3fffffff;
    Atomics.store(ctl, 0, this.generation);
    Atomics.notify(ctl, 0);
    if (tasks[0]) runHere(tasks[0]);
    for (;;) {
      const done = Atomics.load(ctl, 1);
      if (done === this.size) break;
      Atomics.wait(ctl, 1, done);
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
