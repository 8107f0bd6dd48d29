/**
 * The two autoregressive density models of the lab, for D binary variables.
 * Both output the D logits of p(x_d = 1 | x_<d) in one pass, so
 * −log p(x) = Σ_d BCE-with-logits(logit_d, x_d), exactly normalised.
 */
import { noGrad, Tensor } from '@gradlab/autograd';
import {
  binaryCrossEntropyWithLogits,
  MaskedLinear,
  Module,
  madeMasks,
  normal_,
  Parameter,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
} from '@gradlab/nn';
import { type Generator, NDArray, zeros } from '@gradlab/tensor';

/** Hidden activations the sweep compares. */
export type Activation = 'sigmoid' | 'relu' | 'tanh';

const act = (a: Activation): Module =>
  a === 'relu' ? new ReLU() : a === 'tanh' ? new Tanh() : new Sigmoid();

/** An autoregressive model over D binary inputs, in the order `ordering`. */
export interface ArModel extends Module {
  readonly ordering: readonly number[];
  /** Logits [B, D] of p(x_d = 1 | x_<d) for every d. */
  forward(x: Tensor): Tensor;
}

/**
 * NADE (Larochelle & Murray, 2011): h_d = act(c + W[:, <d] x_<d) with one
 * shared W [H, D], p(x_d = 1 | x_<d) = σ(b_d + V_d · h_d). The pre-activations
 * of all D conditionals come from one cumulative sum over d of x_j W[:, j],
 * shifted by one (exclusive), so a forward pass costs O(B·D·H), not O(B·D²·H).
 */
export class Nade extends Module implements ArModel {
  W: Parameter;
  c: Parameter;
  V: Parameter;
  b: Parameter;
  readonly ordering: number[];

  constructor(
    readonly d: number,
    readonly hidden: number,
    readonly activation: Activation = 'sigmoid',
    generator?: Generator,
  ) {
    super();
    this.ordering = Array.from({ length: d }, (_, i) => i);
    this.W = new Parameter(zeros([d, hidden]));
    normal_(this.W, 0, 1 / Math.sqrt(d), { generator });
    this.c = new Parameter(zeros([hidden]));
    this.V = new Parameter(zeros([d, hidden]));
    normal_(this.V, 0, 1 / Math.sqrt(hidden), { generator });
    this.b = new Parameter(zeros([d]));
  }

  override forward(x: Tensor): Tensor {
    const [bsz, d] = x.shape as [number, number];
    // contrib[b, j, :] = x_bj · W[j, :]; a[b, d, :] = c + Σ_{j<d} contrib[b, j, :].
    const contrib = x.unsqueeze(2).mul(this.W.unsqueeze(0)); // [B, D, H]
    const a = contrib.cumsum(1).sub(contrib).add(this.c);
    const h =
      this.activation === 'relu' ? a.relu() : this.activation === 'tanh' ? a.tanh() : a.sigmoid();
    return h.mul(this.V.unsqueeze(0)).sum(2).add(this.b).reshape([bsz, d]);
  }
}

/** MADE options: hidden sizes, activation and the masking strategy. */
export interface MadeOptions {
  hidden: readonly number[];
  activation?: Activation;
  ordering?: readonly number[] | 'natural' | 'random';
  connectivity?: 'random' | 'sequential';
  generator?: Generator;
}

/**
 * MADE (Germain et al., 2015): an MLP of MaskedLinear layers whose masks
 * (from `madeMasks`) make output d see only the inputs before d in the
 * ordering.
 */
export class Made extends Module implements ArModel {
  net: Sequential;
  readonly ordering: number[];

  constructor(
    readonly d: number,
    o: MadeOptions,
  ) {
    super();
    const m = madeMasks({
      inFeatures: d,
      hiddenSizes: o.hidden,
      ordering: o.ordering ?? 'natural',
      connectivity: o.connectivity ?? 'random',
      generator: o.generator,
    });
    this.ordering = m.ordering;
    const sizes = [d, ...o.hidden, d];
    const layers: Module[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(
        new MaskedLinear(sizes[i]!, sizes[i + 1]!, m.masks[i]!, { generator: o.generator }),
      );
      if (i + 2 < sizes.length) layers.push(act(o.activation ?? 'relu'));
    }
    this.net = new Sequential(...layers);
  }

  override forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** Mean negative log-likelihood in nats of a batch of 0/1 rows: the training loss. */
export function nllLoss(logits: Tensor, x: NDArray | Tensor): Tensor {
  return binaryCrossEntropyWithLogits(logits, x, { reduction: 'sum' }).div(logits.shape[0]!);
}

/** −log p(x) in nats for every row of x (no gradients). */
export async function rowNll(model: ArModel, x: NDArray): Promise<Float64Array> {
  const out = noGrad(() => {
    model.eval();
    const logits = model.forward(new Tensor(x));
    model.train();
    return binaryCrossEntropyWithLogits(logits, x, { reduction: 'none' }).data.sum(1);
  });
  return Float64Array.from(await out.data());
}

/** Mean −log p(x) in nats over x, in batches. */
export async function meanNll(model: ArModel, x: NDArray, batch = 500): Promise<number> {
  const n = x.shape[0]!;
  let s = 0;
  for (let i = 0; i < n; i += batch) {
    const part = await rowNll(model, x.slice(0, i, Math.min(n, i + batch)).contiguous());
    for (const v of part) s += v;
  }
  return s / n;
}

/**
 * Draws `n` samples autoregressively: for each position of the ordering, run
 * the model on the partial samples and draw that variable from its
 * conditional; earlier variables are already fixed, later ones are ignored
 * by the masks.
 */
export async function sample(
  model: ArModel,
  n: number,
  d: number,
  generator: Generator,
): Promise<NDArray> {
  const data = new Float32Array(n * d);
  model.eval();
  try {
    for (const pos of model.ordering) {
      const cur = NDArray.fromTypedArray(data.slice(), [n, d]);
      // Only column `pos` is needed: read back n values, not n·d.
      const column = noGrad(() => model.forward(new Tensor(cur)).data.select(1, pos).contiguous());
      const logits = await column.data();
      for (let i = 0; i < n; i++) {
        const p = 1 / (1 + Math.exp(-logits[i]!));
        data[i * d + pos] = generator.random() < p ? 1 : 0;
      }
    }
  } finally {
    model.train();
  }
  return NDArray.fromTypedArray(data, [n, d]);
}
