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

/** Runs `fn` `warmup` times untimed (JIT, caches), then `repeats` times timed. */
export function time(fn: () => void, { warmup, repeats }: Repeats): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    fn();
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

/** Median seconds per step over the chunks of `budget` (each chunk's time ÷ its steps). */
export function throughput(step: () => void, budget: Budget): Timing {
  let t0 = now();
  let n = 0;
  let last = t0;
  let lastStep = 0;
  while (n < budget.minWarmup || last - t0 < budget.warmupSeconds) {
    step();
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
