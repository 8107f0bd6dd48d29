import { record, Tensor, type TensorLike } from '@gradlab/autograd';
import { type Generator, NDArray, scatterAdd, zeros } from '@gradlab/tensor';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of {@link Embedding}, named as in PyTorch. */
export interface EmbeddingOptions {
  /** This index's row is initialised to zeros and never receives a gradient. */
  paddingIdx?: number;
  /** Seeded generator for the initial weights (the global one otherwise). */
  generator?: Generator;
}

/**
 * A lookup table, as `torch.nn.Embedding`: int32 indices of any shape map to
 * rows of `weight` [numEmbeddings, embeddingDim] (initialised N(0, 1)), giving
 * [...indices.shape, embeddingDim]. The gradient of a row is the sum over its
 * occurrences; the `paddingIdx` row gets none.
 */
export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx: number | undefined;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`Embedding: ${name} must be a positive integer, got ${v}`);
    }
    let pad = options.paddingIdx;
    if (pad !== undefined) {
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new Error(
          `Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings}), got ${pad}`,
        );
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim]));
    normal_(this.weight, 0, 1, { generator: options.generator });
    if (pad !== undefined) this.weight.data.select(0, pad).fill_(0);
  }

  /** The rows for `indices` (an int32 Tensor or NDArray of any shape). */
  forward(indices: TensorLike): Tensor {
    const idx = indices instanceof Tensor ? indices.data : indices;
    if (!(idx instanceof NDArray) || idx.dtype !== 'int32') {
      const got = idx instanceof NDArray ? `dtype ${idx.dtype}` : typeof idx;
      throw new Error(`Embedding: indices must be an int32 Tensor or NDArray, got ${got}`);
    }
    const flat = idx.flatten().contiguous();
    const values = flat.dataSync();
    for (const v of values) {
      if (v < 0 || v >= this.numEmbeddings) {
        throw new Error(
          `Embedding: index ${v} is out of range for ${this.numEmbeddings} embeddings (indices shape [${idx.shape.join(', ')}])`,
        );
      }
    }
    const w = this.weight;
    const pad = this.paddingIdx;
    const rows = w.data.indexSelect(0, flat);
    const out = record(
      'embedding',
      [w],
      rows,
      (g) => {
        const g2 = g.reshape([flat.size, this.embeddingDim]);
        const index = flat.reshape([flat.size, 1]).expand([flat.size, this.embeddingDim]);
        const grad = scatterAdd(zeros([...w.shape], { dtype: g.dtype }), 0, index, g2);
        if (pad !== undefined) grad.select(0, pad).fill_(0);
        return [grad];
      },
      { transient: true },
    );
    return out.reshape([...idx.shape, this.embeddingDim]);
  }

  override extraRepr(): string {
    const pad = this.paddingIdx === undefined ? '' : `, paddingIdx=${this.paddingIdx}`;
    return `${this.numEmbeddings}, ${this.embeddingDim}${pad}`;
  }
}
