import { decimalsFor, formatNumber } from './format-number.js';
import { niceTicks, tickStep } from './nice-ticks.js';
import type { AxisValue, Scale, Tick } from './scale.js';

/**
 * A linear scale from `domain` to `range` (pixels).
 *
 * @param domain - `[min, max]`, finite, min ≠ max
 * @param range - `[start, end]` in pixels (end < start flips the axis)
 * @returns the scale
 */
export function scaleLinear(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  if (!Number.isFinite(d0) || !Number.isFinite(d1) || d0 === d1) {
    throw new Error(`scaleLinear: domain must be two different finite numbers, got [${d0}, ${d1}]`);
  }
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  const map = (v: AxisValue): number => r0 + (Number(v) - d0) * k;
  return {
    type: 'linear',
    domain: [d0, d1],
    range: [r0, r1],
    bandwidth: 0,
    map,
    ticks(count: number): Tick[] {
      const values = niceTicks(d0, d1, count);
      const decimals = decimalsFor(tickStep(d0, d1, count));
      return values.map((v) => ({ value: v, position: map(v), label: formatNumber(v, decimals) }));
    },
  };
}
