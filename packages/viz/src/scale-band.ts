import type { AxisValue, Scale, Tick } from './scale.js';

/** Options of {@link scaleBand}. */
export interface BandOptions {
  /** Gap between bands as a fraction of the step (default 0). */
  paddingInner?: number;
  /** Gap before the first and after the last band, fraction of the step (default 0). */
  paddingOuter?: number;
}

/**
 * A band scale: each category gets an equal band of the range. `map` accepts
 * the category or its index and returns the band's start.
 *
 * @param domain - the categories, in order (at least one)
 * @param range - `[start, end]` in pixels
 * @param options - padding between and around bands
 * @returns the scale
 */
export function scaleBand(
  domain: readonly string[],
  range: readonly [number, number],
  options: BandOptions = {},
): Scale {
  if (domain.length === 0) throw new Error('scaleBand: domain is empty');
  const inner = options.paddingInner ?? 0;
  const outer = options.paddingOuter ?? 0;
  const [r0, r1] = range;
  const n = domain.length;
  const step = (r1 - r0) / Math.max(1, n - inner + 2 * outer);
  const bandwidth = step * (1 - inner);
  const start = r0 + step * outer;
  const index = new Map(domain.map((d, i) => [d, i]));
  const indexOf = (v: AxisValue): number => {
    if (typeof v === 'number') return v;
    const i = index.get(v);
    if (i === undefined) throw new Error(`scaleBand: unknown category ${JSON.stringify(v)}`);
    return i;
  };
  const map = (v: AxisValue): number => start + indexOf(v) * step;
  return {
    type: 'band',
    domain: [...domain],
    range: [r0, r1],
    bandwidth: Math.abs(bandwidth),
    map,
    ticks(): Tick[] {
      return domain.map((d, i) => ({ value: d, position: map(i) + bandwidth / 2, label: d }));
    },
  };
}
