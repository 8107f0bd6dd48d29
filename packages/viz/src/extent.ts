/**
 * Smallest and largest finite value (loops, so it works on arrays of any
 * size, unlike `Math.min(...values)`).
 *
 * @param values - numbers; NaN and ±Infinity are skipped
 * @returns `[min, max]`, or `undefined` when there is no finite value
 */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
