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
    const t0 = process.hrtime.bigint();
    fn();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { median: median(runs), runs };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** GFLOP/s for `flops` floating-point operations done in `seconds`. */
export function gflops(flops: number, seconds: number): number {
  return flops / seconds / 1e9;
}
