import { describe, expect, it } from 'vitest';
import { arange, array, zeros } from './creation.js';
import { concat, stack } from './join.js';
import { expectArray } from './test-helpers.js';

const grid = () => arange(12, undefined, 1, { dtype: 'float32' }).reshape(3, 4);

describe('views share storage and never copy', () => {
  it.each([
    ['reshape of contiguous', (x = grid()) => x.reshape(4, 3)],
    ['view', (x = grid()) => x.view([2, -1])],
    ['permute', (x = grid()) => x.permute(1, 0)],
    ['transpose', (x = grid()) => x.transpose(0, 1)],
    ['T', (x = grid()) => x.T],
    ['slice with step', (x = grid()) => x.slice(1, 0, 4, 2)],
    ['negative-step slice', (x = grid()) => x.slice(0, undefined, undefined, -1)],
    ['flip', (x = grid()) => x.flip([0, 1])],
    ['narrow', (x = grid()) => x.narrow(1, 1, 2)],
    ['select', (x = grid()) => x.select(0, -1)],
    ['unsqueeze', (x = grid()) => x.unsqueeze(0)],
    ['squeeze', (x = grid()) => x.unsqueeze(1).squeeze(1)],
    ['expand', (x = grid()) => x.unsqueeze(0).expand(5, 3, 4)],
    ['split', (x = grid()) => x.split(2, 1)[1]!],
  ])('%s', (_name, make) => {
    const x = grid();
    const v = make(x);
    expect(v.storage).toBe(x.storage);
  });

  it('writes through a view reach the base array', () => {
    const x = zeros([3, 4]);
    x.slice(1, 1, 3).fill_(7);
    x.select(0, 2).add_(1);
    expectArray(x, [
      [0, 7, 7, 0],
      [0, 7, 7, 0],
      [1, 8, 8, 1],
    ]);
  });

  it('contiguous() copies only when needed', () => {
    const x = grid();
    expect(x.contiguous()).toBe(x);
    const t = x.T;
    expect(t.isContiguous()).toBe(false);
    const c = t.contiguous();
    expect(c.storage).not.toBe(x.storage);
    expect(c.isContiguous()).toBe(true);
    expect(c.toArray()).toEqual(t.toArray());
  });

  it('reshape views non-contiguous arrays when the layout allows, copies otherwise', () => {
    const x = arange(24).reshape(2, 3, 4).permute(1, 0, 2); // [3, 2, 4]: last dim still contiguous
    const merged = x.reshape(3, 8);
    expect(merged.storage).not.toBe(x.storage); // dims 0 and 1 are not mergeable
    const split = x.reshape(3, 2, 2, 2);
    expect(split.storage).toBe(x.storage); // splitting the contiguous last dim is a view
    expect(split.toArray()).toEqual(x.contiguous().reshape(3, 2, 2, 2).toArray());
    expect(() => x.view(3, 8)).toThrow(/view: cannot view \[3, 2, 4\].*use reshape/);
  });
});

describe('movement values', () => {
  it('slice follows Python semantics', () => {
    const x = arange(10);
    expectArray(x.slice(0, 2, 8, 3), [2, 5]);
    expectArray(x.slice(0, -3), [7, 8, 9]);
    expectArray(x.slice(0, undefined, -7), [0, 1, 2]);
    expectArray(x.slice(0, 8, 2, -2), [8, 6, 4]);
    expectArray(x.slice(0, 20, 30), []);
    expectArray(x.slice(0, undefined, undefined, -3), [9, 6, 3, 0]);
  });

  it('permute, transpose and flip reorder values', () => {
    const x = arange(6).reshape(1, 2, 3);
    expectArray(x.permute(2, 0, 1), [[[0, 3]], [[1, 4]], [[2, 5]]]);
    expectArray(x.transpose(-1, -2).squeeze(0), [
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expectArray(x.flip(2).squeeze(), [
      [2, 1, 0],
      [5, 4, 3],
    ]);
  });

  it('flatten, squeeze and unsqueeze fix shapes', () => {
    const x = zeros([2, 1, 3, 1]);
    expect(x.flatten().shape).toEqual([6]);
    expect(x.flatten(1).shape).toEqual([2, 3]);
    expect(x.flatten(0, 1).shape).toEqual([2, 3, 1]);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.squeeze(1).shape).toEqual([2, 3, 1]);
    expect(x.squeeze(0).shape).toEqual([2, 1, 3, 1]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 1, 3, 1, 1]);
  });

  it('broadcastTo and expand use stride 0', () => {
    const row = array([1, 2, 3]);
    const b = row.broadcastTo([2, 3]);
    expect(b.strides).toEqual([0, 1]);
    expectArray(b, [
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(
      array([[1], [2]])
        .expand(-1, 3)
        .toArray(),
    ).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(() => row.broadcastTo([2, 4])).toThrow(
      /broadcastTo: shapes \[3\] and \[2, 4\] cannot be broadcast/,
    );
  });

  it('split and chunk follow PyTorch sizes', () => {
    const x = arange(7);
    expect(x.split(3).map((p) => p.toArray())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(x.split([2, 5]).map((p) => p.size)).toEqual([2, 5]);
    expect(x.chunk(3).map((p) => p.size)).toEqual([3, 3, 1]);
    expect(() => x.split([2, 2])).toThrow(/split: sizes \[2, 2\] do not add up to dim 0 of size 7/);
  });

  it('concat and stack join along a dim, promoting dtypes', () => {
    const a = array([[1, 2]]);
    const b = array([[3, 4]], { dtype: 'float64' });
    const c = concat([a, b]);
    expect(c.dtype).toBe('float64');
    expectArray(c, [
      [1, 2],
      [3, 4],
    ]);
    expectArray(concat([a, a], 1), [[1, 2, 1, 2]]);
    expectArray(stack([a.squeeze(), a.squeeze()], 1), [
      [1, 1],
      [2, 2],
    ]);
    expect(() => concat([a, array([[1, 2, 3]])])).toThrow(
      /concat: array 1 has shape \[1, 3\], which does not match \[1, 2\] outside dim 0/,
    );
    expect(() => stack([a, array([1, 2])])).toThrow(
      /stack: array 1 has shape \[2\], expected \[1, 2\]/,
    );
  });

  it('get() and item() read single values', () => {
    const x = grid();
    expect(x.get(1, 2)).toBe(6);
    expect(x.get(-1, -1)).toBe(11);
    expect(x.T.get(2, 1)).toBe(6);
    expect(() => x.get(3, 0)).toThrow(/get: index 3 is out of range for dim 0 of size 3/);
    expect(() => x.item()).toThrow(/item: only one-element arrays/);
  });

  it('to() converts dtypes and returns the same array when nothing changes', () => {
    const x = array([1.7, -1.7, 0]);
    expect(x.to('float32')).toBe(x);
    expect(x.int().toArray()).toEqual([1, -1, 0]);
    expect(x.to('bool').toArray()).toEqual([1, 1, 0]);
    expect(x.double().dtype).toBe('float64');
  });
});
