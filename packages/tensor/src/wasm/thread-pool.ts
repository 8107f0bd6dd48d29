/// <reference path="./webassembly.d.ts" />
import { nodeRequire } from './node-require.js';

/**
 * One kernel call for a thread: its kind, then its arguments (unused ones 0).
 * MACRO: the macro-kernel (aPack, bPack, c, mPanels, nPanels, kc, ldcBytes, accumulate);
 * GATHER: the gather kernel (p, rowOffs, rows, laneOffs, panels, dst);
 * PACK_B: the B packing kernel (src, rowStride, colStride, cols, kc, dst).
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
export const PACK_B = 2;

/** Per worker: [byte address of its task list in wasm memory, number of tasks, ticket, finished generation]. */
const SLOT = 4;
const HEADER = 4; // [generation, done count, failed generation, -]
/** Ints per task in a task list: the kind and 8 arguments. */
export const TASK_INTS = 9;
/**
 * Polls of the generation a worker makes before it sleeps (a few microseconds:
 * longer spinning took a core from the rest of the process in training loops).
 */
const WORKER_POLLS = 2048;
/**
 * How long the caller polls for the workers' lists before it sleeps (ms): a
 * futex wake-up costs tens of microseconds on a virtual machine, a worker's
 * list in a training step about a hundred.
 */
const CALLER_SPIN_MS = 1;
/** Generations run 1 … 2^30 − 1 and wrap; 0 is "no list" in a ticket. */
const MAX_GENERATION = 0x3fffffff;

/**
 * Code each worker runs: instantiate the same kernels over the shared memory,
 * then sleep on the control block's generation counter. On each new
 * generation it claims its task list by swapping the list's ticket (the
 * generation) for its negation; a list the caller took back in the meantime
 * (ticket no longer the generation) is skipped. It then runs the list's kernel
 * calls (kept in wasm memory), records the generation as finished and wakes the
 * caller. A negative generation stops it.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, id } = workerData;
const { macro, gather, packB } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
const s = ${HEADER} + id * ${SLOT};
let seen = 0;
for (;;) {
  // Poll briefly before sleeping: the next list often comes at once (a product's next N block).
  for (let i = 0; i < ${WORKER_POLLS} && Atomics.load(ctl, 0) === seen; i++);
  Atomics.wait(ctl, 0, seen);
  const gen = Atomics.load(ctl, 0);
  if (gen < 0) break;
  if (gen === seen) continue; // a wake-up without a new generation
  seen = gen;
  if (Atomics.compareExchange(ctl, s + 2, gen, -gen) !== gen) continue; // no list, or the caller ran it
  const count = ctl[s + 1];
  try {
    const t = new Int32Array(memory.buffer, ctl[s], count * ${TASK_INTS});
    for (let i = 0; i < count * ${TASK_INTS}; i += ${TASK_INTS}) {
      if (t[i] === ${GATHER}) gather(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6]);
      else if (t[i] === ${PACK_B}) packB(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6]);
      else macro(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6], t[i + 7], t[i + 8]);
    }
  } catch (err) {
    Atomics.store(ctl, 2, gen); // report the failure; never leave the caller waiting
  }
  Atomics.store(ctl, s + 3, gen);
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
`;

interface WorkerLike {
  on(event: 'error', listener: (err: Error) => void): unknown;
  unref(): void;
  terminate(): Promise<number>;
}

/** How long the caller sleeps between checks while a worker runs its list (ms). */
const POLL_MS = 100;
/** After this long waiting on one worker's claimed list, say so once on stderr (ms). */
const SLOW_WORKER_MS = 60_000;

/**
 * A pool of worker threads that run kernel calls on the shared wasm memory in
 * lock step with the calling thread: `run` posts one task list to each worker,
 * runs the caller's own list, and then waits until every posted list has run.
 *
 * The caller never waits for a worker that has not started: once its own list
 * is done it takes back every list whose worker has not claimed it yet (a
 * worker thread still booting, descheduled on a loaded machine, or never
 * woken) and runs it itself. Only a list a worker has claimed — one it is
 * running — is waited for, with timed waits (a lost wake-up costs at most
 * POLL_MS). Workers are unref'd, so they never keep the process alive.
 */
export class ThreadPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerLike[] = [];
  private generation = 0;
  private warnedSlow = false;

  constructor(
    readonly size: number,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    options: { startWorkers?: boolean } = {},
  ) {
    const { Worker } = nodeRequire('node:worker_threads') as typeof import('node:worker_threads');
    this.control = new Int32Array(new SharedArrayBuffer((HEADER + SLOT * size) * 4));
    // (startWorkers: false — for tests — leaves every list to be taken back by the caller.)
    if (options.startWorkers === false) return;
    for (let id = 0; id < size; id++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, id },
      });
      // A worker that fails to start never claims a list, so the caller runs its share.
      w.on('error', () => {});
      w.unref();
      this.workers.push(w);
    }
  }

  /**
   * Runs task list 0 on the calling thread and list 1 + i on worker i (missing
   * or empty lists are idle). `lists[i]` gives the byte address of a list
   * already written into wasm memory (TASK_INTS ints per task) and its length;
   * `runList(i)` runs list i on the calling thread (list 0, and any list the
   * caller takes back from a worker that has not started it).
   * Returns false when a worker's kernel failed (the caller must redo the work).
   */
  run(
    lists: readonly { address: number; count: number }[],
    runList: (index: number) => void,
  ): boolean {
    const ctl = this.control;
    const gen = (this.generation = (this.generation % MAX_GENERATION) + 1);
    const posted: number[] = [];
    for (let id = 0; id < this.size; id++) {
      const l = lists[id + 1];
      const s = HEADER + id * SLOT;
      ctl[s] = l?.address ?? 0;
      ctl[s + 1] = l?.count ?? 0;
      const has = (l?.count ?? 0) > 0;
      Atomics.store(ctl, s + 2, has ? gen : 0);
      if (has) posted.push(id);
    }
    if (posted.length > 0) {
      Atomics.store(ctl, 0, gen);
      Atomics.notify(ctl, 0);
    }
    let error: unknown = null;
    const runHere = (index: number) => {
      try {
        runList(index);
      } catch (e) {
        error ??= e;
      }
    };
    runHere(0);
    // Wait for every list a worker claimed even when ours failed: they write into shared memory.
    let pending = posted;
    let waited = 0;
    const spinUntil = performance.now() + CALLER_SPIN_MS;
    let polls = 0;
    while (pending.length > 0) {
      const done = Atomics.load(ctl, 1);
      pending = pending.filter((id) => {
        const s = HEADER + id * SLOT;
        if (Atomics.load(ctl, s + 3) === gen) return false;
        if (Atomics.compareExchange(ctl, s + 2, gen, 0) !== gen) return true; // claimed: running
        runHere(id + 1); // not started yet: run it here
        return false;
      });
      if (pending.length === 0) break;
      if ((++polls & 63) !== 0 || performance.now() < spinUntil) continue;
      if (Atomics.wait(ctl, 1, done, POLL_MS) === 'timed-out') {
        waited += POLL_MS;
        if (waited >= SLOW_WORKER_MS && !this.warnedSlow) {
          this.warnedSlow = true;
          process.stderr.write(
            `gradlab: a wasm worker thread has been running one task list for ${waited / 1000} s (workers ${pending.join(', ')}, generation ${gen}); still waiting\n`,
          );
        }
      }
    }
    if (error) throw error;
    return Atomics.load(ctl, 2) !== gen;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
