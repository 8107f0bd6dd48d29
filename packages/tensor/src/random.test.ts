import { describe, expect, it } from 'vitest';
import { arange } from './creation.js';
import {
  bernoulli,
  defaultGenerator,
  Generator,
  manualSeed,
  normal,
  rand,
  randint,
  randn,
  randperm,
  shuffle,
  uniform,
} from './random.js';

describe('Generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Generator(7);
    const b = new Generator(7);
    const c = new Generator(8);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('implements xoshiro128** exactly (reference state {1, 2, 3, 4})', () => {
    // First outputs of the reference C implementation from state {1, 2, 3, 4}, worked by hand:
    // rotl(2·5, 7)·9 = 11520; then s1 = 0 gives 0; then rotl(1029·5, 7)·9 = 5927040.
    const g = new Generator(0).setState([1, 2, 3, 4, Number.NaN]);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('pins the seeded stream so results stay reproducible across releases', () => {
    // Recorded from this implementation (splitmix32 seeding); changing it changes every seeded lab.
    const g = new Generator(42);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([
      2837322924, 544945897, 479756282,
    ]);
  });

  it('restores a saved state', () => {
    const g = new Generator(3);
    g.normal();
    const state = g.getState();
    const next = [g.normal(), g.normal(), g.random()];
    g.setState(state);
    expect([g.normal(), g.normal(), g.random()]).toEqual(next);
  });

  it('has the right moments', () => {
    const u = rand([20000], { generator: new Generator(1) });
    expect(u.mean().item()).toBeCloseTo(0.5, 2);
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
    const z = randn([20000], { generator: new Generator(2) });
    expect(Math.abs(z.mean().item())).toBeLessThan(0.03);
    expect(z.std().item()).toBeCloseTo(1, 1);
    const n = normal([20000], 3, 0.5, { generator: new Generator(4) });
    expect(n.mean().item()).toBeCloseTo(3, 1);
    expect(n.std().item()).toBeCloseTo(0.5, 1);
    const w = uniform([1000], -2, -1, { generator: new Generator(5) });
    expect(w.min().item()).toBeGreaterThanOrEqual(-2);
    expect(w.max().item()).toBeLessThan(-1);
  });

  it('randint covers [low, high) and bernoulli matches p', () => {
    const r = randint(-2, 3, [5000], { generator: new Generator(6) });
    expect(r.dtype).toBe('int32');
    expect(r.min().item()).toBe(-2);
    expect(r.max().item()).toBe(2);
    const b = bernoulli(0.3, [20000], { generator: new Generator(7) });
    expect(b.mean().item()).toBeCloseTo(0.3, 1);
    const p = bernoulli(arange(0, 2, 1, { dtype: 'float32' }), undefined, {
      generator: new Generator(8),
    });
    expect(p.toArray()).toEqual([0, 1]);
    expect(() => bernoulli(1.5, [2])).toThrow(/bernoulli: p must be in \[0, 1\], got 1.5/);
    expect(() => randint(3, 3, [1])).toThrow(/randint: need integers low < high/);
  });

  it('randperm is a permutation and shuffle keeps rows intact', () => {
    const p = randperm(100, { generator: new Generator(9) });
    expect([...p.dataSync()].sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    expect([...p.dataSync()]).not.toEqual([...Array(100).keys()]);
    const x = arange(10).reshape(5, 2);
    const s = shuffle(x, { generator: new Generator(10) });
    const rows = s.toArray() as number[][];
    for (const [a, b] of rows) expect(b).toBe(a! + 1);
  });

  it('manualSeed resets the global generator', () => {
    manualSeed(123);
    const a = rand([3]).toArray();
    manualSeed(123);
    expect(rand([3]).toArray()).toEqual(a);
    expect(defaultGenerator()).toBeInstanceOf(Generator);
    expect(() => manualSeed(Number.NaN)).toThrow(/manualSeed: seed must be a finite number/);
  });
});
