/**
 * A "nice" step (1, 2 or 5 times a power of ten) that splits `[start, stop]`
 * into about `count` intervals.
 *
 * @param start - lower end
 * @param stop - upper end
 * @param count - wanted number of intervals
 * @returns the step, positive
 */
export function tickStep(start: number, stop: number, count: number): number {
  const raw = Math.abs(stop - start) / Math.max(1, count);
  if (raw === 0 || !Number.isFinite(raw)) return 1;
  const power = Math.floor(Math.log10(raw));
  const base = 10 ** power;
  const err = raw / base;
  const m = err >= 7.07 ? 10 : err >= 3.16 ? 5 : err >= 1.41 ? 2 : 1;
  return Number((m * base).toPrecision(12));
}

/**
 * Round tick values inside `[start, stop]`: multiples of a nice step, about
 * `count` of them (like matplotlib's and d3's ticks).
 *
 * @param start - lower end of the domain
 * @param stop - upper end of the domain
 * @param count - wanted number of intervals (default 5)
 * @returns ascending tick values
 */
export function niceTicks(start: number, stop: number, count = 5): number[] {
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new Error(`niceTicks: domain must be finite, got [${start}, ${stop}]`);
  }
  const lo = Math.min(start, stop);
  const hi = Math.max(start, stop);
  if (lo === hi) return [lo];
  const step = tickStep(lo, hi, count);
  const i0 = Math.ceil(lo / step - 1e-9);
  const i1 = Math.floor(hi / step + 1e-9);
  const out: number[] = [];
  for (let i = i0; i <= i1; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/**
 * Extends a domain outwards to multiples of its nice tick step, so the axis
 * starts and ends on a labelled tick. A zero-width domain is widened by 1.
 *
 * @param start - lower end
 * @param stop - upper end
 * @param count - wanted number of intervals (default 5)
 * @returns the widened domain
 */
export function niceDomain(start: number, stop: number, count = 5): [number, number] {
  let lo = Math.min(start, stop);
  let hi = Math.max(start, stop);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  for (let k = 0; k < 2; k++) {
    const step = tickStep(lo, hi, count);
    lo = Number((Math.floor(lo / step + 1e-9) * step).toPrecision(12));
    hi = Number((Math.ceil(hi / step - 1e-9) * step).toPrecision(12));
  }
  return [lo, hi];
}
