import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend-registry.js';
import { NDArray } from '../ndarray.js';
import { Generator, normal } from '../random.js';
import { rowsBinary } from './cpu-broadcast.js';

const backend = cpuBackend;
const g = new Generator(11);
const rand = (shape: number[]) => normal(shape, 0, 1, { generator: g, backend });
const bits = (a: NDArray) => [...a.contiguous().dataSync()];

describe('elementwise ops on rows of wider arrays (contiguous rows, strided between them)', () => {
  it('rowsBinary writes what the contiguous kernel writes, for narrowed, broadcast and 3-d operands', () => {
    const wide = rand([6, 40]);
    const a = wide.narrow(1, 7, 20); // rows of 20 with a stride of 40
    const b = rand([6, 20]);
    const row = rand([20]).expand([6, 20]); // stride 0 between rows
    for (const [x, y] of [
      [a, b],
      [b, a],
      [a, row],
      [a, a],
    ] as const) {
      for (const op of ['add', 'sub', 'mul', 'div', 'maximum'] as const) {
        const out = NDArray.empty([6, 20], 'float32', backend);
        expect(rowsBinary(op, x, y, out)).toBe(true);
        expect(bits(out)).toEqual(bits(x.contiguous()[op](y.contiguous())));
      }
    }
    const deep = rand([3, 4, 30]).narrow(2, 5, 16).permute(1, 0, 2); // [4, 3, 16], rows of 16
    const other = rand([4, 3, 16]);
    const out = NDArray.empty([4, 3, 16], 'float32', backend);
    expect(rowsBinary('mul', deep, other, out)).toBe(true);
    expect(bits(out)).toEqual(bits(deep.contiguous().mul(other)));
  });

  it('declines short rows and strided last dims', () => {
    const out = NDArray.empty([6, 4], 'float32', backend);
    expect(rowsBinary('add', rand([6, 8]).narrow(1, 0, 4), rand([6, 4]), out)).toBe(false);
    const t = NDArray.empty([20, 6], 'float32', backend);
    expect(rowsBinary('add', rand([6, 20]).T, rand([20, 6]), t)).toBe(false);
  });

  it('the ops and copies on such views give the contiguous results (add_ into a narrow, copy out of one)', () => {
    const wide = rand([5, 50]);
    const before = bits(wide);
    const part = rand([5, 25]);
    const target = wide.narrow(1, 10, 25);
    const want = bits(target.contiguous().add(part));
    target.add_(part); // computed on the strided view, then copied back into it row by row
    expect(bits(target)).toEqual(want);
    // the rest of the wide array is untouched
    const after = bits(wide);
    after.forEach((v, i) => {
      const col = i % 50;
      if (col < 10 || col >= 35) expect(v).toBe(before[i]);
    });
  });
});
