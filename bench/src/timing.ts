/** How many untimed warm-up runs precede how many timed ones. */
export interface Repeats {
  warmup: number;
  repeats: number;
}

export interface Timing {
  /** Median wall time of the timed runs, in seconds. */
  median: number;
  /** Every timed run, in seconds, in the order they ran. */
  runs: number[];
}

/**
 * Awaits `v` when it is a promise. Synchronous work (the CPU backends) is not
 * put through the microtask queue, so its timings stay as they were; a GPU
 * read-back under WebGPU is a promise, and the clock waits for it.
 */
async function settle(v: unknown): Promise<void> {
  if (v instanceof Promise) await v;
}

/**
 * Runs `fn` `warmup` times untimed (JIT, caches), then `repeats` times timed.
 * `fn` may return a promise (an asynchronous read-back): each run ends when it settles.
 */
export async function time(fn: () => unknown, { warmup, repeats }: Repeats): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await settle(fn());
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    await settle(fn());
    runs.push(now() - t0);
  }
  return { median: median(runs), runs };
}

/**
 * A time budget for a throughput measurement (training steps): warm up for at
 * least `minWarmup` steps and `warmupSeconds`, then time `chunks` runs of as
 * many steps as fit in `seconds / chunks` each. Shared with bench/py as JSON.
 */
export interface Budget {
  minWarmup: number;
  warmupSeconds: number;
  seconds: number;
  chunks: number;
}

/**
 * Median seconds per step over the chunks of `budget` (each chunk's time ÷ its
 * steps). On a device that queues work (the gpu backend) a step returns before
 * the work is done: `sync` then waits for the queue (reads the last loss
 * back), after every warm-up step and at the end of every timed chunk.
 */
export async function throughput(
  step: () => void,
  budget: Budget,
  sync?: () => unknown,
): Promise<Timing> {
  let t0 = now();
  let n = 0;
  let last = t0;
  let lastStep = 0;
  while (n < budget.minWarmup || last - t0 < budget.warmupSeconds) {
    step();
    await settle(sync?.());
    n++;
    const t = now();
    lastStep = t - last;
    last = t;
  }
  // Chunk size from the warm-up's later steps (the first ones include JIT and allocation).
  const perStep = n > 2 ? Math.min((last - t0) / n, lastStep * 1.5) : lastStep;
  const steps = Math.max(1, Math.round(budget.seconds / budget.chunks / perStep));
  const runs: number[] = [];
  for (let c = 0; c < budget.chunks; c++) {
    t0 = now();
    for (let i = 0; i < steps; i++) step();
    await settle(sync?.());
    runs.push((now() - t0) / steps);
  }
  return { median: median(runs), runs };
}

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
