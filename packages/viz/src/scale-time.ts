import type { AxisValue, Scale, Tick } from './scale.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Interval {
  unit: 'hour' | 'day' | 'month' | 'year';
  step: number;
  approx: number;
}

const INTERVALS: Interval[] = [
  { unit: 'hour', step: 1, approx: HOUR },
  { unit: 'hour', step: 3, approx: 3 * HOUR },
  { unit: 'hour', step: 6, approx: 6 * HOUR },
  { unit: 'hour', step: 12, approx: 12 * HOUR },
  { unit: 'day', step: 1, approx: DAY },
  { unit: 'day', step: 2, approx: 2 * DAY },
  { unit: 'day', step: 7, approx: 7 * DAY },
  { unit: 'day', step: 14, approx: 14 * DAY },
  { unit: 'month', step: 1, approx: 30 * DAY },
  { unit: 'month', step: 2, approx: 61 * DAY },
  { unit: 'month', step: 3, approx: 91 * DAY },
  { unit: 'month', step: 6, approx: 182 * DAY },
  { unit: 'year', step: 1, approx: 365 * DAY },
  { unit: 'year', step: 2, approx: 730 * DAY },
  { unit: 'year', step: 5, approx: 1826 * DAY },
  { unit: 'year', step: 10, approx: 3652 * DAY },
  { unit: 'year', step: 25, approx: 9131 * DAY },
  { unit: 'year', step: 50, approx: 18262 * DAY },
  { unit: 'year', step: 100, approx: 36524 * DAY },
];

function firstTick(t: number, iv: Interval): Date {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  switch (iv.unit) {
    case 'year':
      return new Date(Date.UTC(Math.ceil(y / iv.step) * iv.step, 0, 1));
    case 'month': {
      const m = d.getUTCMonth();
      return new Date(Date.UTC(y, Math.ceil(m / iv.step) * iv.step, 1));
    }
    case 'day':
      return new Date(Math.ceil(t / DAY) * DAY);
    default:
      return new Date(Math.ceil(t / (iv.step * HOUR)) * iv.step * HOUR);
  }
}

function advance(d: Date, iv: Interval): Date {
  switch (iv.unit) {
    case 'year':
      return new Date(Date.UTC(d.getUTCFullYear() + iv.step, 0, 1));
    case 'month':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + iv.step, 1));
    case 'day':
      return new Date(d.getTime() + iv.step * DAY);
    default:
      return new Date(d.getTime() + iv.step * HOUR);
  }
}

function label(d: Date, iv: Interval): string {
  const y = d.getUTCFullYear();
  const m = MONTHS[d.getUTCMonth()]!;
  switch (iv.unit) {
    case 'year':
      return String(y);
    case 'month':
      return d.getUTCMonth() === 0 ? String(y) : m;
    case 'day':
      return `${d.getUTCDate()} ${m}`;
    default:
      return `${String(d.getUTCHours()).padStart(2, '0')}:00`;
  }
}

/**
 * A time scale over UTC timestamps (milliseconds, e.g. `date.getTime()`).
 * Ticks fall on calendar boundaries (hours, days, weeks, months, years) and
 * are labelled in UTC, so output never depends on the machine's time zone.
 *
 * @param domain - `[start, end]` in ms since the epoch
 * @param range - `[start, end]` in pixels
 * @returns the scale
 */
export function scaleTime(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  if (!Number.isFinite(d0) || !Number.isFinite(d1) || d0 === d1) {
    throw new Error(
      `scaleTime: domain must be two different finite timestamps, got [${d0}, ${d1}]`,
    );
  }
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  const map = (v: AxisValue): number => r0 + (Number(v) - d0) * k;
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  return {
    type: 'time',
    domain: [d0, d1],
    range: [r0, r1],
    bandwidth: 0,
    map,
    ticks(count: number): Tick[] {
      const target = (hi - lo) / Math.max(1, count);
      const iv = INTERVALS.find((i) => i.approx >= target) ?? INTERVALS[INTERVALS.length - 1]!;
      const ticks: Tick[] = [];
      for (
        let d = firstTick(lo, iv);
        d.getTime() <= hi && ticks.length < 1000;
        d = advance(d, iv)
      ) {
        ticks.push({ value: d.getTime(), position: map(d.getTime()), label: label(d, iv) });
      }
      return ticks;
    },
  };
}
