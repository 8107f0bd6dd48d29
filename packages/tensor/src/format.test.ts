import { describe, expect, it } from 'vitest';
import { arange, array } from './creation.js';

describe('printing', () => {
  it('prints like NumPy/PyTorch with shape and dtype', () => {
    expect(
      array([
        [1, 2.5],
        [-3, 4],
      ]).toString(),
    ).toBe('array([[ 1.0000,  2.5000],\n       [-3.0000,  4.0000]], shape=[2, 2], dtype=float32)');
    expect(arange(3).toString()).toBe('array([0, 1, 2], shape=[3], dtype=int32)');
    expect(array([true, false]).toString()).toBe('array([ true, false], shape=[2], dtype=bool)');
    expect(array(2).toString()).toBe('array(2., shape=[], dtype=float32)');
    expect(array([1e-6, 1]).toString()).toBe(
      'array([1.0000e-06, 1.0000e+00], shape=[2], dtype=float32)',
    );
    expect(array([Number.NaN, 1.5]).toString()).toContain('nan');
  });

  it('summarises large arrays with …', () => {
    const s = arange(2000).reshape(1000, 2).toString();
    expect(s).toContain('…');
    expect(s).toContain('[1998, 1999]');
    expect(s.split('\n').length).toBeLessThan(10);
  });
});
