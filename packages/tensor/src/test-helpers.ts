import { expect } from 'vitest';
import type { NDArray, NestedArray } from './ndarray.js';

/** Asserts shape and values (within `tol`, relative to max(1, |expected|)). */
export function expectArray(actual: NDArray, expected: NestedArray, tol = 1e-6): void {
  const flat: number[] = [];
  const shape: number[] = [];
  let probe: NestedArray = expected;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0] as NestedArray;
  }
  const walk = (v: NestedArray) => (Array.isArray(v) ? v.forEach(walk) : flat.push(v));
  walk(expected);
  expect(actual.shape).toEqual(shape);
  const got = Array.from(actual.dataSync());
  expect(got.length).toBe(flat.length);
  got.forEach((g, i) => {
    const e = flat[i]!;
    if (Number.isNaN(e)) expect(g).toBeNaN();
    else if (!Number.isFinite(e)) expect(g).toBe(e);
    else expect(Math.abs(g - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}
