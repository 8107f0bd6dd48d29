import { decimalsFor, formatNumber } from './format-number.js';
import { niceTicks, tickStep } from './nice-ticks.js';
import type { AxisValue, Scale, Tick } from './scale.js';

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/**
 * Writes a power of ten as `10ⁿ` with superscript digits (`10⁻³`).
 *
 * @param exponent - an integer
 * @returns the label
 */
export function powerOfTenLabel(exponent: number): string {
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/**
 * Extends a positive domain outwards to whole powers of ten.
 *
 * @param min - smallest positive value
 * @param max - largest value
 * @returns `[10^floor(log10 min), 10^ceil(log10 max)]`
 */
export function niceLogDomain(min: number, max: number): [number, number] {
  if (!(min > 0) || !(max > 0)) {
    throw new Error(`niceLogDomain: log scales need positive values, got [${min}, ${max}]`);
  }
  let lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (lo === hi) {
    lo -= 0;
    hi += 1;
  }
  return [Number((10 ** lo).toPrecision(12)), Number((10 ** hi).toPrecision(12))];
}

/**
 * A base-10 logarithmic scale. Ticks are the powers of ten inside the domain
 * (labelled `10ⁿ`), thinned when there are many decades; short domains also
 * get labelled 2× and 5× ticks. The other integer multiples are minor ticks.
 * A domain spanning less than a factor of 3 gets evenly spaced linear ticks.
 *
 * @param domain - `[min, max]`, both positive
 * @param range - `[start, end]` in pixels
 * @returns the scale
 */
export function scaleLog(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0) || !(d1 > 0) || d0 === d1) {
    throw new Error(`scaleLog: domain must be two different positive numbers, got [${d0}, ${d1}]`);
  }
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const [r0, r1] = range;
  const k = (r1 - r0) / (l1 - l0);
  const map = (v: AxisValue): number => r0 + (Math.log10(Number(v)) - l0) * k;
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  return {
    type: 'log',
    domain: [d0, d1],
    range: [r0, r1],
    bandwidth: 0,
    map,
    ticks(count: number): Tick[] {
      if (hi / lo < 3) {
        // Less than half a decade (a loss between 0.6 and 0.7): too few 1-2-5 × 10ⁿ fall
        // inside to read values from, so the ticks are the linear ones of the domain.
        const decimals = decimalsFor(tickStep(lo, hi, count));
        return niceTicks(lo, hi, count).map((v) => ({
          value: v,
          position: map(v),
          label: formatNumber(v, decimals),
        }));
      }
      const e0 = Math.floor(Math.log10(lo) + 1e-9);
      const e1 = Math.ceil(Math.log10(hi) - 1e-9);
      const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
      const decades = e1 - e0;
      const every = Math.max(1, Math.ceil(decades / Math.max(1, count)));
      const majors: number[] = [];
      for (let e = e0; e <= e1; e++) if (inside(10 ** e) && e % every === 0) majors.push(e);
      // Up to two decades: plain numbers at 1, 2, 5 × 10ⁿ read better than a couple of 10ⁿ.
      const short = Math.log10(hi / lo) < 2.2;
      const labelled = short ? (Math.log10(hi / lo) < 1 ? [1, 2, 3, 5] : [1, 2, 5]) : [1];
      const ticks: Tick[] = [];
      for (let e = e0; e <= e1; e++) {
        for (let m = 1; m <= 9; m++) {
          const v = Number((m * 10 ** e).toPrecision(12));
          if (!inside(v)) continue;
          const isLabelled = short ? labelled.includes(m) : m === 1 && majors.includes(e);
          if (isLabelled) {
            ticks.push({
              value: v,
              position: map(v),
              label: short ? formatNumber(v) : powerOfTenLabel(e),
            });
          } else if (decades <= 6) {
            ticks.push({ value: v, position: map(v), label: '', minor: true });
          }
        }
      }
      return ticks;
    },
  };
}
