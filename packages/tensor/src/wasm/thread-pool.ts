/// <reference path="./webassembly.d.ts" />
import { nodeRequire } from './node-require.js';

/**
 * One kernel call for a thread: its kind, then its arguments (unused ones 0).
 * MACRO: the macro-kernel (aPack, bPack, c, mPanels, nPanels, kc, ldcBytes, accumulate);
 * GATHER: the gather kernel (p, rowOffs, rows, laneOffs, panels, dst, segs);
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

/**
 * Control block: [generation, lists done, failed generation, claim word, list
 * count, workers asleep, list table…].
 */
const DONE = 1;
const FAILED = 2;
const CLAIM = 3;
const COUNT = 4;
const SLEEPERS = 5;
const TABLE = 6;
/**
 * Most lists one run takes. The claim word is (generation tag)·64 + the next
 * unclaimed list, so at most 63 lists keep a claim from reaching the next tag.
 */
export const MAX_LISTS = 63;
/** Ints per task in a task list: the kind and 8 arguments. */
export const TASK_INTS = 9;
/**
 * Polls of the generation a worker makes before it sleeps (a few microseconds:
 * longer spinning took a core from the rest of the process in training loops).
 */
const WORKER_POLLS = 2048;
/** How long a worker keeps polling after it ran lists (ms): the next N block of a product follows. */
const AFTER_RUN_SPIN_MS = 0.3;
/** How long a worker keeps polling after a heads-up from `prepare` (ms). */
const HEADS_UP_SPIN_MS = 2;
/**
 * How long the caller polls for the workers' lists before it sleeps (ms): a
 * futex wake-up costs tens of microseconds on a virtual machine, a worker's
 * list in a training step about a hundred.
 */
const CALLER_SPIN_MS = 1;
/** Generations run 1 … 2^24 − 1 and wrap (the claim word holds generation·64 in 30 bits). */
const MAX_GENERATION = 0xffffff;

/**
 * Code each worker runs: instantiate the same kernels over the shared memory,
 * then sleep on the control block's generation counter. On each new
 * generation it claims lists one at a time by a compare-and-swap on the
 * claim word, which holds the generation's tag and the next unclaimed list:
 * a worker that wakes late finds the word at another tag, or every list
 * claimed, and goes back to sleep. Each list's kernel calls (kept in wasm
 * memory) run in order; then the done count goes up and the caller is woken.
 * A negative generation stops it.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const { macro, gather, packB } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
let spinUntil = 0;
for (;;) {
  // Poll before sleeping — briefly, or until spinUntil after a run or a heads-up: the next run
  // often comes within a fraction of a millisecond, and a futex wake-up costs about as much.
  for (let i = 1; Atomics.load(ctl, 0) === seen; i++)
    if (i >= ${WORKER_POLLS} && (i & 1023) === 0 && performance.now() > spinUntil) break;
  // Counted as asleep first, so a caller that finds no sleepers (and skips the costly notify)
  // has already published the generation this wait compares against.
  Atomics.add(ctl, ${SLEEPERS}, 1);
  Atomics.wait(ctl, 0, seen);
  Atomics.sub(ctl, ${SLEEPERS}, 1);
  const gen = Atomics.load(ctl, 0);
  if (gen < 0) break;
  if (gen === seen) {
    // a heads-up (\`prepare\`): a run is coming, stay awake for it
    spinUntil = performance.now() + ${HEADS_UP_SPIN_MS};
    continue;
  }
  seen = gen;
  const tag = gen * 64;
  for (;;) {
    const w = Atomics.load(ctl, ${CLAIM});
    const index = w & 63;
    if (w - index !== tag || index >= Atomics.load(ctl, ${COUNT})) break;
    if (Atomics.compareExchange(ctl, ${CLAIM}, w, w + 1) !== w) continue;
    const count = ctl[${TABLE} + 2 * index + 1];
    try {
      const t = new Int32Array(memory.buffer, ctl[${TABLE} + 2 * index], count * ${TASK_INTS});
      for (let i = 0; i < count * ${TASK_INTS}; i += ${TASK_INTS}) {
        if (t[i] === ${GATHER}) gather(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6], t[i + 7]);
        else if (t[i] === ${PACK_B}) packB(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6]);
        else macro(t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6], t[i + 7], t[i + 8]);
      }
    } catch (err) {
      Atomics.store(ctl, ${FAILED}, gen); // report the failure; never leave the caller waiting
    }
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
  spinUntil = performance.now() + ${AFTER_RUN_SPIN_MS};
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
 * lock step with the calling thread: `run` publishes independent task lists,
 * and the caller and the workers claim them one at a time until none is left;
 * the caller then waits until every claimed list has run.
 *
 * Lists are claimed, not assigned, so the work balances itself: a worker
 * thread still booting, descheduled on a loaded machine, woken late or never
 * woken leaves its share to the others, and the caller runs everything when
 * no worker answers. Only a list a worker has claimed — one it is running —
 * is waited for, with timed waits (a lost wake-up costs at most POLL_MS).
 * Workers are unref'd, so they never keep the process alive.
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
    this.control = new Int32Array(new SharedArrayBuffer((TABLE + 2 * MAX_LISTS) * 4));
    // (startWorkers: false — for tests — leaves every list to the caller.)
    if (options.startWorkers === false) return;
    for (let id = 0; id < size; id++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer },
      });
      // A worker that fails to start never claims a list, so the caller runs its share.
      w.on('error', () => {});
      w.unref();
      this.workers.push(w);
    }
  }

  /**
   * Runs independent task lists (at most MAX_LISTS) on the calling thread and
   * the workers. `lists[i]` gives the byte address of a list already written
   * into wasm memory (TASK_INTS ints per task) and its length; `runList(i)`
   * runs list i on the calling thread instead. Returns false when a worker's
   * kernel failed (the caller must redo the work).
   */
  run(
    lists: readonly { address: number; count: number }[],
    runList: (index: number) => void,
  ): boolean {
    if (lists.length > MAX_LISTS)
      throw new Error(`ThreadPool.run: ${lists.length} lists, at most ${MAX_LISTS}`);
    const ctl = this.control;
    const gen = (this.generation = (this.generation % MAX_GENERATION) + 1);
    const tag = gen * 64;
    lists.forEach((l, i) => {
      ctl[TABLE + 2 * i] = l.address;
      ctl[TABLE + 2 * i + 1] = l.count;
    });
    Atomics.store(ctl, COUNT, lists.length);
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, CLAIM, tag);
    Atomics.store(ctl, 0, gen);
    this.wake();
    // Claim lists here too; after a failure, claimed lists are only counted (the work is redone).
    let error: unknown = null;
    for (;;) {
      const w = Atomics.load(ctl, CLAIM);
      const index = w & 63;
      if (index >= lists.length) break;
      if (Atomics.compareExchange(ctl, CLAIM, w, w + 1) !== w) continue;
      if (error === null) {
        try {
          runList(index);
        } catch (e) {
          error = e;
        }
      }
      Atomics.add(ctl, DONE, 1);
    }
    // Wait for every list a worker claimed even when ours failed: they write into shared memory.
    let waited = 0;
    const spinUntil = performance.now() + CALLER_SPIN_MS;
    let polls = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === lists.length) break;
      if ((++polls & 63) !== 0 || performance.now() < spinUntil) continue;
      if (Atomics.wait(ctl, DONE, done, POLL_MS) === 'timed-out') {
        waited += POLL_MS;
        if (waited >= SLOW_WORKER_MS && !this.warnedSlow) {
          this.warnedSlow = true;
          process.stderr.write(
            `gradlab: a wasm worker thread has been running one task list for ${waited / 1000} s (generation ${gen}, ${lists.length - done} lists unfinished); still waiting\n`,
          );
        }
      }
    }
    if (error) throw error;
    return Atomics.load(ctl, FAILED) !== gen;
  }

  /**
   * A heads-up that a run is coming: wakes sleeping workers now, so their
   * wake-up overlaps the caller's preparation (staging, packing) instead of
   * delaying their share of the run.
   */
  prepare(): void {
    this.wake();
  }

  /** Wakes the sleeping workers (a futex wake-up costs tens of microseconds: only when one sleeps). */
  private wake(): void {
    if (Atomics.load(this.control, SLEEPERS) > 0) Atomics.notify(this.control, 0);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
