import { Tensor } from '@gradlab/autograd';
import { array, Generator } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { Embedding } from './index.js';

describe('Embedding', () => {
  it('looks up rows for indices of any shape and sums the gradient of repeated rows', () => {
    const emb = new Embedding(5, 3, { generator: new Generator(1) });
    const idx = array(
      [
        [1, 4],
        [1, 0],
      ],
      { dtype: 'int32' },
    );
    const out = emb.forward(idx);
    expect(out.shape).toEqual([2, 2, 3]);
    expect(out.select(0, 1).select(0, 0).toArray()).toEqual(emb.weight.data.select(0, 1).toArray());
    out.sum().backward();
    expect(emb.weight.grad!.sum(1).toArray()).toEqual([3, 6, 0, 0, 3]);
    expect(emb.forward(new Tensor(array([2], { dtype: 'int32' }))).shape).toEqual([1, 3]);
  });

  it('keeps the paddingIdx row at zero and out of the gradient', () => {
    const emb = new Embedding(4, 2, { paddingIdx: -1, generator: new Generator(2) });
    expect(emb.paddingIdx).toBe(3);
    expect(emb.weight.data.select(0, 3).toArray()).toEqual([0, 0]);
    emb
      .forward(array([3, 3, 0], { dtype: 'int32' }))
      .sum()
      .backward();
    expect(emb.weight.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it('names itself and the bad value in errors', () => {
    const emb = new Embedding(4, 2);
    expect(() => emb.forward(array([0, 4], { dtype: 'int32' }))).toThrow(
      'Embedding: index 4 is out of range for 4 embeddings (indices shape [2])',
    );
    expect(() => emb.forward(array([0, 1]))).toThrow(
      'Embedding: indices must be an int32 Tensor or NDArray, got dtype float32',
    );
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(
      'Embedding: paddingIdx must be an integer in [-4, 4), got 4',
    );
  });
});
