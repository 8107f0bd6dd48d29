import { describe, expect, it } from 'vitest';
import { scaleBand } from './scale-band.js';
import { scaleLinear } from './scale-linear.js';
import { niceLogDomain, powerOfTenLabel, scaleLog } from './scale-log.js';
import { scaleTime } from './scale-time.js';

describe('scaleLinear', () => {
  it('maps domain to range, including flipped ranges', () => {
    const s = scaleLinear([0, 10], [100, 0]);
    expect(s.map(0)).toBe(100);
    expect(s.map(10)).toBe(0);
    expect(s.map(2.5)).toBe(75);
  });
  it('ticks carry positions and labels', () => {
    const ticks = scaleLinear([0, 1], [0, 100]).ticks(5);
    expect(ticks.map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(ticks[1]!.position).toBeCloseTo(20);
  });
  it('rejects an empty domain', () => {
    expect(() => scaleLinear([1, 1], [0, 1])).toThrow(
      'scaleLinear: domain must be two different finite numbers, got [1, 1]',
    );
  });
});

describe('scaleLog', () => {
  it('puts labelled ticks at powers of ten', () => {
    const ticks = scaleLog([0.001, 10], [0, 400]).ticks(6);
    const major = ticks.filter((t) => !t.minor);
    expect(major.map((t) => t.value)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(major.map((t) => t.label)).toEqual(['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹']);
    expect(ticks.some((t) => t.minor && t.value === 0.02)).toBe(true);
    expect(major[1]!.position - major[0]!.position).toBeCloseTo(100);
  });
  it('labels 2× and 5× ticks when the domain is shorter than a decade', () => {
    const major = scaleLog([0.15, 0.9], [0, 100])
      .ticks(5)
      .filter((t) => !t.minor);
    expect(major.map((t) => t.value)).toEqual([0.2, 0.3, 0.5]);
  });
  it('labels linear ticks when the domain spans less than a factor of 3 (a loss between 0.6 and 0.7)', () => {
    const ticks = scaleLog([0.6, 0.7], [300, 0]).ticks(5);
    expect(ticks.map((t) => t.label)).toEqual(['0.60', '0.62', '0.64', '0.66', '0.68', '0.70']);
    expect(ticks.every((t) => t.position >= 0 && t.position <= 300)).toBe(true);
  });
  it('thins decades on long domains', () => {
    const major = scaleLog([1e-8, 1e8], [0, 300])
      .ticks(4)
      .filter((t) => !t.minor);
    expect(major.length).toBeLessThanOrEqual(5);
    expect(major.every((t) => Math.log10(Number(t.value)) % 1 === 0)).toBe(true);
  });
  it('needs a positive domain', () => {
    expect(() => scaleLog([0, 1], [0, 1])).toThrow(
      /scaleLog: domain must be two different positive numbers/,
    );
    expect(niceLogDomain(0.03, 2.5)).toEqual([0.01, 10]);
    expect(powerOfTenLabel(-12)).toBe('10⁻¹²');
  });
});

describe('scaleBand', () => {
  it('gives each category an equal band and accepts indices', () => {
    const s = scaleBand(['a', 'b', 'c', 'd'], [0, 400]);
    expect(s.bandwidth).toBe(100);
    expect(s.map('c')).toBe(200);
    expect(s.map(3)).toBe(300);
    expect(s.ticks(0).map((t) => t.position)).toEqual([50, 150, 250, 350]);
  });
  it('applies inner padding', () => {
    const s = scaleBand(['a', 'b'], [0, 100], { paddingInner: 0.2, paddingOuter: 0.1 });
    expect(s.bandwidth).toBeLessThan(50);
  });
  it('names unknown categories', () => {
    expect(() => scaleBand(['a'], [0, 1]).map('z')).toThrow('scaleBand: unknown category "z"');
  });
});

describe('scaleTime', () => {
  it('ticks on calendar boundaries in UTC', () => {
    const s = scaleTime([Date.UTC(1981, 0, 1), Date.UTC(1990, 11, 31)], [0, 600]);
    const labels = s.ticks(6).map((t) => t.label);
    expect(labels).toEqual(['1982', '1984', '1986', '1988', '1990']);
  });
  it('uses months for a year of data', () => {
    const s = scaleTime([Date.UTC(2020, 0, 1), Date.UTC(2020, 11, 31)], [0, 600]);
    const labels = s.ticks(6).map((t) => t.label);
    expect(labels[0]).toBe('2020');
    expect(labels).toContain('Mar');
  });
});
