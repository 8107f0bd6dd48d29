import { describe, expect, it } from 'vitest';
import { decimalsFor, formatNumber } from './format-number.js';
import { niceDomain, niceTicks, tickStep } from './nice-ticks.js';

describe('niceTicks', () => {
  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 10, 5, [0, 2, 4, 6, 8, 10]],
    [-1, 1, 4, [-1, -0.5, 0, 0.5, 1]],
    [0.72, 0.97, 5, [0.75, 0.8, 0.85, 0.9, 0.95]],
    [1, 50, 5, [10, 20, 30, 40, 50]],
    [3, 3, 5, [3]],
  ])('niceTicks(%d, %d, %d)', (a, b, count, expected) => {
    expect(niceTicks(a, b, count)).toEqual(expected);
  });

  it('steps are 1, 2 or 5 times a power of ten and free of float noise', () => {
    for (const [a, b] of [
      [0, 0.3],
      [0.001, 0.0071],
      [-123, 4567],
    ] as const) {
      const step = tickStep(a, b, 6);
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5]).toContain(Math.round(mantissa));
      for (const t of niceTicks(a, b, 6)) expect(String(t).length).toBeLessThan(12);
    }
  });

  it('rejects non-finite domains', () => {
    expect(() => niceTicks(0, Number.NaN)).toThrow(/niceTicks: domain must be finite/);
  });
});

describe('niceDomain', () => {
  it('extends to round numbers', () => {
    expect(niceDomain(0.13, 9.7)).toEqual([0, 10]);
    expect(niceDomain(-0.8, 0.3)).toEqual([-0.8, 0.4]);
  });
  it('widens a zero-width domain', () => {
    const [lo, hi] = niceDomain(5, 5);
    expect(lo).toBeLessThan(5);
    expect(hi).toBeGreaterThan(5);
  });
});

describe('formatNumber', () => {
  it('uses a typographic minus and fixed decimals', () => {
    expect(formatNumber(-1.5, 1)).toBe('−1.5');
    expect(formatNumber(0.25, 2)).toBe('0.25');
    expect(formatNumber(2, 1)).toBe('2.0');
    expect(formatNumber(-0, 1)).toBe('0.0');
  });
  it('shortens long decimals and uses exponents at the extremes', () => {
    expect(formatNumber(1 / 3)).toBe('0.3333');
    expect(formatNumber(2_500_000)).toBe('2.5e6');
    expect(formatNumber(0.00002)).toBe('2e−5');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
  it('decimalsFor finds the decimals of a step', () => {
    expect(decimalsFor(0.25)).toBe(2);
    expect(decimalsFor(5)).toBe(0);
    expect(decimalsFor(0.1)).toBe(1);
  });
});
