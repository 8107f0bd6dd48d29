import { extent } from './extent.js';
import { niceDomain } from './nice-ticks.js';
import type { AxisValue, Scale, ScaleType } from './scale.js';
import { scaleBand } from './scale-band.js';
import { scaleLinear } from './scale-linear.js';
import { niceLogDomain, scaleLog } from './scale-log.js';
import { scaleTime } from './scale-time.js';

/** How one axis of a plot is scaled, labelled and ticked. */
export interface AxisOptions {
  /** Scale type; default `'band'` for string values, else `'linear'`. */
  type?: ScaleType;
  /** Fixed domain: `[min, max]`, or the categories of a band axis. */
  domain?: readonly [number, number] | readonly string[];
  /** Axis title, e.g. `'epoch'`. */
  label?: string;
  /** Extend the domain to round tick values (linear: default true; log: to whole decades, default false; time: never). */
  nice?: boolean;
  /** Grid lines at the ticks (default true for continuous axes). */
  grid?: boolean;
  /** Always include zero in the domain. */
  zero?: boolean;
  /** Fraction of the data span added at both ends (default 0). */
  padding?: number;
  /** Wanted number of ticks (default from the axis length). */
  ticks?: number;
  /** Only whole-number ticks (epochs, steps, counts). */
  integer?: boolean;
  /** Custom tick label text. */
  tickFormat?: (value: AxisValue) => string;
  /** Band axes: gap between bands as a fraction (default 0). */
  bandPadding?: number;
}

/** A resolved axis: its scale type and domain. */
export interface ResolvedDomain {
  type: ScaleType;
  domain: readonly AxisValue[];
}

/**
 * Works out an axis' type and domain from its options and the values the
 * marks put on it.
 *
 * @param where - `function: axis` for error messages
 * @param options - the axis options
 * @param values - every value on this axis
 * @returns type and domain
 */
export function resolveDomain(
  where: string,
  options: AxisOptions,
  values: readonly AxisValue[],
): ResolvedDomain {
  const given = options.domain;
  const hasStrings =
    values.some((v) => typeof v === 'string') || given?.some((v) => typeof v === 'string');
  const type: ScaleType = options.type ?? (hasStrings ? 'band' : 'linear');
  if (type === 'band') {
    if (given) return { type, domain: given.map(String) };
    const seen = new Set<string>();
    for (const v of values) seen.add(String(v));
    if (seen.size === 0) throw new Error(`${where}: no categories to show`);
    return { type, domain: [...seen] };
  }
  if (given) {
    const [a, b] = given as readonly [number, number];
    if (typeof a !== 'number' || typeof b !== 'number' || !(a < b || a > b)) {
      throw new Error(
        `${where}: domain must be [min, max] with min ≠ max, got ${JSON.stringify(given)}`,
      );
    }
    if (type === 'log' && !(a > 0 && b > 0)) {
      throw new Error(`${where}: a log axis needs a positive domain, got [${a}, ${b}]`);
    }
    return { type, domain: [a, b] };
  }
  const nums = values.filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v) && (type !== 'log' || v > 0),
  );
  if (nums.length === 0) {
    throw new Error(
      type === 'log'
        ? `${where}: no positive values to show on a log axis`
        : `${where}: no finite values to show`,
    );
  }
  let [lo, hi] = extent(nums) ?? [0, 1];
  if (options.zero && type === 'linear') {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (type === 'log') {
    if (lo === hi) {
      lo /= 2;
      hi *= 2;
    }
    if (options.nice === true) return { type, domain: niceLogDomain(lo, hi) };
    const pad = options.padding ?? 0.03;
    const span = Math.log10(hi) - Math.log10(lo);
    return {
      type,
      domain: [10 ** (Math.log10(lo) - pad * span), 10 ** (Math.log10(hi) + pad * span)],
    };
  }
  const pad = options.padding ?? 0;
  if (lo === hi) {
    const d = type === 'time' ? 86_400_000 : lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= d;
    hi += d;
  } else if (pad > 0) {
    const span = hi - lo;
    lo -= pad * span;
    hi += pad * span;
  }
  if (type === 'time' || options.nice === false) return { type, domain: [lo, hi] };
  return { type, domain: niceDomain(lo, hi, pad > 0 ? 8 : 5) };
}

/**
 * Builds the scale for a resolved axis over a pixel range.
 *
 * @param resolved - type and domain from {@link resolveDomain}
 * @param range - pixel range
 * @param bandPadding - gap between bands (band axes)
 * @returns the scale
 */
export function buildScale(
  resolved: ResolvedDomain,
  range: readonly [number, number],
  bandPadding = 0,
): Scale {
  const d = resolved.domain;
  switch (resolved.type) {
    case 'band':
      return scaleBand(d as string[], range, {
        paddingInner: bandPadding,
        paddingOuter: bandPadding / 2,
      });
    case 'log':
      return scaleLog([d[0] as number, d[1] as number], range);
    case 'time':
      return scaleTime([d[0] as number, d[1] as number], range);
    default:
      return scaleLinear([d[0] as number, d[1] as number], range);
  }
}
