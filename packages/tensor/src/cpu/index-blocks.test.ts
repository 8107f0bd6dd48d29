import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend-registry.js';
import { array } from '../creation.js';
import { NDArray } from '../ndarray.js';
import { Generator, normal, randint } from '../random.js';
import { gatherElements, scatterAddElements } from './cpu-index.js';
import { gatherBlocks, scatterAddBlocks } from './index-blocks.js';

const backend = cpuBackend;

/** The index layout indexSelect builds: `values` along `dim`, stride 0 along every other dim of `shape`. */
function selectIndex(values: number[], dim: number, shape: readonly number[]): NDArray {
  const view = shape.map((_, d) => (d === dim ? values.length : 1));
  return array(values, { dtype: 'int32', backend })
    .reshape(view)
    .expand(shape.map((s, d) => (d === dim ? values.length : s)));
}

function empty(shape: readonly number[]): NDArray {
  return NDArray.fromTypedArray(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape, backend);
}

/**
 * [5, 6, 7] arrays in four layouts: contiguous, narrowed (an offset), sliced in
 * the last dim (rows with gaps), permuted (no block after any dim but the
 * last). Each maker gives the same values in the same layout every call.
 */
const layouts: [string, () => NDArray][] = [
  ['contiguous', () => normal([5, 6, 7], 0, 1, { generator: new Generator(1), backend })],
  [
    'narrowed',
    () => normal([9, 6, 7], 0, 1, { generator: new Generator(2), backend }).narrow(0, 2, 5),
  ],
  [
    'sliced inner',
    () => normal([5, 6, 9], 0, 1, { generator: new Generator(3), backend }).narrow(2, 1, 7),
  ],
  [
    'permuted',
    () => normal([7, 6, 5], 0, 1, { generator: new Generator(4), backend }).permute(2, 1, 0),
  ],
];

/**
 * Whether the dims after `dim` form one row-major block in the named layout
 * (after the last dim: an empty block of one value, in any layout).
 */
const blockAfter = (name: string, dim: number): boolean =>
  dim === 2 ||
  name === 'contiguous' ||
  name === 'narrowed' ||
  (name === 'sliced inner' && dim === 1);

describe('gather and scatterAdd by blocks (the index-select layout)', () => {
  const g = new Generator(7);
  for (const [name, make] of layouts) {
    for (const dim of [0, 1, 2]) {
      it(`gather of ${name} x along dim ${dim} equals the element loop`, () => {
        const x = make();
        const size = x.shape[dim]!;
        const picks = [size - 1, 0, 2, 2, 1, size - 1, 3];
        const index = selectIndex(picks, dim, x.shape);
        const fast = empty(index.shape);
        const slow = empty(index.shape);
        expect(gatherBlocks(x, dim, index, fast)).toBe(blockAfter(name, dim));
        gatherElements(x, dim, index, slow);
        if (blockAfter(name, dim))
          expect(Array.from(fast.dataSync())).toEqual(Array.from(slow.dataSync()));
      });

      it(`scatterAdd into ${name} out along dim ${dim} equals the element loop (repeated indices add up)`, () => {
        const [fast, slow, before] = [make(), make(), make()];
        const size = fast.shape[dim]!;
        const picks = [1, size - 1, 1, 0, 1];
        const index = selectIndex(picks, dim, fast.shape);
        const src = normal(index.shape, 0, 1, { generator: g, backend });
        expect(scatterAddBlocks(fast, dim, index, src)).toBe(blockAfter(name, dim));
        if (!blockAfter(name, dim)) return;
        scatterAddElements(slow, dim, index, src);
        expect(Array.from(fast.dataSync())).toEqual(Array.from(slow.dataSync()));
        expect(Array.from(fast.dataSync())).not.toEqual(Array.from(before.dataSync()));
      });
    }
  }

  it('declines a general gather index (values that vary along every dim)', () => {
    const x = normal([4, 5], 0, 1, { generator: g, backend });
    const index = randint(0, 5, [4, 3], { generator: g, backend, dtype: 'int32' });
    expect(gatherBlocks(x, 1, index, empty([4, 3]))).toBe(false);
    expect(scatterAddBlocks(empty([4, 5]), 1, index, empty([4, 3]))).toBe(false);
  });

  it('declines when x is larger than the index outside dim (torch.gather allows it)', () => {
    const x = normal([4, 5], 0, 1, { generator: g, backend });
    const index = selectIndex([0, 3], 0, [2, 3]);
    expect(gatherBlocks(x, 0, index, empty([2, 3]))).toBe(false);
  });

  it('names the op, the bad index and the dim', () => {
    const x = normal([4, 5], 0, 1, { generator: g, backend });
    expect(() => gatherBlocks(x, 0, selectIndex([0, 4], 0, [2, 5]), empty([2, 5]))).toThrow(
      'gather: index 4 is out of bounds for dim 0 of size 4',
    );
    expect(() =>
      scatterAddBlocks(empty([4, 5]), 1, selectIndex([-1], 1, [4, 1]), empty([4, 1])),
    ).toThrow('scatterAdd: index -1 is out of bounds for dim 1 of size 5');
  });

  it('is what indexSelect runs: rows of a batch come out in index order', () => {
    const x = array(
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      { backend },
    );
    expect(x.indexSelect(0, [2, 0, 2]).toArray()).toEqual([
      [7, 8, 9],
      [1, 2, 3],
      [7, 8, 9],
    ]);
    expect(x.indexSelect(1, [1, 1, 0]).toArray()).toEqual([
      [2, 2, 1],
      [5, 5, 4],
      [8, 8, 7],
    ]);
  });
});
