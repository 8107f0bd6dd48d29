import { record, Tensor, type TensorLike, where } from '@gradlab/autograd';
import { NDArray } from '@gradlab/tensor';

/** How a loss combines per-element values: PyTorch's `reduction`. */
export type Reduction = 'mean' | 'sum' | 'none';

function asTensor(name: string, x: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  if (x instanceof NDArray) return new Tensor(x);
  throw new Error(`${name}: expected a Tensor or NDArray, got ${typeof x}`);
}

function sameShape(name: string, input: Tensor, target: Tensor): void {
  if (input.shape.join() !== target.shape.join()) {
    throw new Error(
      `${name}: input shape [${input.shape.join(', ')}] and target shape [${target.shape.join(', ')}] differ`,
    );
  }
}

function reduce(name: string, loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'none') return loss;
  throw new Error(
    `${name}: unknown reduction '${reduction as string}' (expected 'mean', 'sum' or 'none')`,
  );
}

/** Mean squared error (input − target)². */
export function mseLoss(input: Tensor, target: TensorLike, reduction: Reduction = 'mean'): Tensor {
  const t = asTensor('mseLoss', target);
  sameShape('mseLoss', input, t);
  return reduce('mseLoss', input.sub(t).square(), reduction);
}

/** Mean absolute error |input − target|. */
export function l1Loss(input: Tensor, target: TensorLike, reduction: Reduction = 'mean'): Tensor {
  const t = asTensor('l1Loss', target);
  sameShape('l1Loss', input, t);
  return reduce('l1Loss', input.sub(t).abs(), reduction);
}

/** Huber loss: ½d² where |d| < delta, delta·(|d| − ½delta) beyond. */
export function huberLoss(
  input: Tensor,
  target: TensorLike,
  delta = 1,
  reduction: Reduction = 'mean',
): Tensor {
  const t = asTensor('huberLoss', target);
  sameShape('huberLoss', input, t);
  if (!(delta > 0)) throw new Error(`huberLoss: delta must be positive, got ${delta}`);
  const d = input.sub(t);
  const a = d.abs();
  const loss = where(a.data.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta));
  return reduce('huberLoss', loss, reduction);
}

/**
 * Binary cross-entropy on probabilities: −[t·log p + (1 − t)·log(1 − p)], with
 * each log clamped at −100 as PyTorch does so that p = 0 or 1 stays finite.
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: TensorLike,
  options: { weight?: TensorLike; reduction?: Reduction } = {},
): Tensor {
  const t = asTensor('binaryCrossEntropy', target);
  sameShape('binaryCrossEntropy', input, t);
  // The range check reads the values back, so it runs on host backends only: on a device it
  // would stall the queue every step (and WebGPU cannot read back synchronously at all).
  if (input.data.onHost) {
    const lo = input.data.min().item();
    const hi = input.data.max().item();
    if (lo < 0 || hi > 1)
      throw new Error(
        `binaryCrossEntropy: input must be probabilities in [0, 1], got values in [${lo}, ${hi}]`,
      );
  }
  // One primitive, as in PyTorch: each log is clamped at −100 so p = 0 or 1 stays finite, and
  // the gradient (p − t) / max(p(1 − p), 1e-12) stays finite there too (the composite
  // clamp-of-log would multiply a zero by an infinity and give NaN).
  const p = input.data;
  const tv = t.data.to(p.dtype);
  const logP = p.log().maximum(-100);
  const log1mP = p.neg().add(1).log().maximum(-100);
  const value = tv.mul(logP).add(tv.neg().add(1).mul(log1mP)).neg();
  let loss = record(
    'binaryCrossEntropy',
    [input, t],
    value,
    (g, needs) => [
      needs[0] ? g.mul(p.sub(tv)).div(p.mul(p.neg().add(1)).maximum(1e-12)) : null,
      needs[1] ? g.mul(log1mP.sub(logP)) : null,
    ],
    { transient: true },
  );
  if (options.weight !== undefined) loss = loss.mul(asTensor('binaryCrossEntropy', options.weight));
  return reduce('binaryCrossEntropy', loss, options.reduction ?? 'mean');
}

/**
 * Binary cross-entropy on logits, computed stably:
 * (1 − t)·x + (1 + (w − 1)·t)·(log(1 + e^−|x|) + max(−x, 0)) with w = posWeight.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: TensorLike,
  options: { weight?: TensorLike; posWeight?: TensorLike; reduction?: Reduction } = {},
): Tensor {
  const t = asTensor('binaryCrossEntropyWithLogits', target);
  sameShape('binaryCrossEntropyWithLogits', input, t);
  const softTail = input.abs().neg().exp().log1p().add(input.neg().relu());
  let loss: Tensor;
  if (options.posWeight !== undefined) {
    const pw = asTensor('binaryCrossEntropyWithLogits', options.posWeight);
    const coef = t.mul(pw.sub(1)).add(1);
    loss = t.neg().add(1).mul(input).add(coef.mul(softTail));
  } else {
    loss = t.neg().add(1).mul(input).add(softTail);
  }
  if (options.weight !== undefined)
    loss = loss.mul(asTensor('binaryCrossEntropyWithLogits', options.weight));
  return reduce('binaryCrossEntropyWithLogits', loss, options.reduction ?? 'mean');
}

export interface NllOptions {
  /** Per-class weights [C]. */
  weight?: TensorLike;
  /** Targets equal to this class are skipped (default −100, as in PyTorch). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

function checkTargets(name: string, logp: Tensor, target: NDArray, ignoreIndex: number): void {
  if (target.dtype !== 'int32') {
    throw new Error(
      `${name}: class-index targets must be int32, got ${target.dtype} (use probabilities of the input's shape for soft targets)`,
    );
  }
  const want = [logp.shape[0], ...logp.shape.slice(2)];
  if (target.shape.join() !== want.join()) {
    throw new Error(
      `${name}: input [${logp.shape.join(', ')}] needs targets of shape [${want.join(', ')}], got [${target.shape.join(', ')}]`,
    );
  }
  // Checking the values needs them on the host; on a device backend (gpu) they are not read
  // back, as in PyTorch on CUDA: an out-of-range class there gives a meaningless loss, not an error.
  if (!target.onHost) return;
  const c = logp.shape[1]!;
  // The ignored class may lie outside [0, C) (e.g. −100 or −1), as in PyTorch.
  const bad = Array.from(target.dataSync()).find((v) => (v < 0 || v >= c) && v !== ignoreIndex);
  if (bad !== undefined) throw new Error(`${name}: target ${bad} is out of range for ${c} classes`);
}

/** Negative log-likelihood of class indices given log-probabilities [N, C, ...]. */
export function nllLoss(input: Tensor, target: TensorLike, options: NllOptions = {}): Tensor {
  const t = asTensor('nllLoss', target).data;
  if (input.ndim < 2)
    throw new Error(`nllLoss: input must be [N, C, ...], got [${input.shape.join(', ')}]`);
  const ignore = options.ignoreIndex ?? -100;
  checkTargets('nllLoss', input, t, ignore);
  const keep = t.ne(ignore);
  const safe = t.mul(keep.int()); // ignored targets read class 0, then get weight 0
  const picked = input.gather(1, safe.unsqueeze(1)).squeeze(1).neg();
  let w = keep.to(input.dtype);
  if (options.weight !== undefined) {
    const cw = asTensor('nllLoss', options.weight).data;
    if (cw.ndim !== 1 || cw.shape[0] !== input.shape[1]) {
      throw new Error(
        `nllLoss: weight must have shape [${input.shape[1]}], got [${cw.shape.join(', ')}]`,
      );
    }
    w = w.mul(cw.indexSelect(0, safe.flatten()).reshape([...safe.shape]));
  }
  const loss = picked.mul(new Tensor(w));
  const reduction = options.reduction ?? 'mean';
  // The weight sum stays an array, so nothing is read back (a device keeps its queue).
  if (reduction === 'mean') return loss.sum().div(new Tensor(w.sum()));
  return reduce('nllLoss', loss, reduction);
}

/**
 * Cross-entropy of logits [N, C] against class indices, reduced to a scalar,
 * as one primitive on host-memory backends: log-sum-exp per row (in double
 * precision) forward, softmax − one-hot backward, each one pass over the
 * logits. The composed form (logSoftmax, gather, mean) costs a dozen ops and
 * arrays per call, which dominates small models' steps.
 */
function fusedCrossEntropy(
  input: Tensor,
  target: NDArray,
  ignore: number,
  reduction: 'mean' | 'sum',
): Tensor {
  checkTargets('crossEntropy', input, target, ignore);
  const [n, c] = input.shape as [number, number];
  const x = input.data.dataSync();
  const labels = target.dataSync();
  const lse = new Float64Array(n);
  let total = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < c; j++) m = Math.max(m, x[row + j]!);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(x[row + j]! - m);
    lse[i] = m + Math.log(s);
    if (labels[i] === ignore) continue;
    total += lse[i]! - x[row + labels[i]!]!;
    count++;
  }
  // PyTorch's mean over no counted rows is 0/0 = NaN.
  const loss = reduction === 'mean' ? total / count : total;
  const backend = input.data.backend;
  const value = NDArray.fromTypedArray(
    input.dtype === 'float64' ? Float64Array.of(loss) : Float32Array.of(loss),
    [],
    backend,
  );
  return record(
    'crossEntropy',
    [input],
    value,
    (g) => {
      const scale = g.dataSync()[0]! / (reduction === 'mean' ? count : 1);
      const out = input.dtype === 'float64' ? new Float64Array(n * c) : new Float32Array(n * c);
      for (let i = 0; i < n; i++) {
        if (labels[i] === ignore) continue;
        const row = i * c;
        for (let j = 0; j < c; j++) out[row + j] = Math.exp(x[row + j]! - lse[i]!) * scale;
        out[row + labels[i]!] -= scale;
      }
      return [NDArray.fromTypedArray(out, [n, c], backend)];
    },
    { transient: true },
  );
}

export interface CrossEntropyOptions extends NllOptions {
  /** Mixes the target with the uniform distribution: (1 − ε)·target + ε/C. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits [N, C, ...] against class indices (int32) or class
 * probabilities (same shape as the input), as torch.nn.functional.cross_entropy.
 */
export function crossEntropy(
  input: Tensor,
  target: TensorLike,
  options: CrossEntropyOptions = {},
): Tensor {
  const t = asTensor('crossEntropy', target);
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1))
    throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  if (input.ndim < 2)
    throw new Error(`crossEntropy: input must be [N, C, ...], got [${input.shape.join(', ')}]`);
  const reduction = options.reduction ?? 'mean';
  if (
    t.dtype === 'int32' &&
    eps === 0 &&
    options.weight === undefined &&
    input.ndim === 2 &&
    (reduction === 'mean' || reduction === 'sum') &&
    input.data.backend.family === 'host' &&
    (input.dtype === 'float32' || input.dtype === 'float64')
  )
    return fusedCrossEntropy(input, t.data, options.ignoreIndex ?? -100, reduction);
  const logp = input.logSoftmax(1);
  const c = input.shape[1]!;
  const cw = options.weight === undefined ? undefined : asTensor('crossEntropy', options.weight);
  const wShape = input.shape.map((s, i) => (i === 1 ? s : 1));
  if (t.dtype !== 'int32') {
    sameShape('crossEntropy', input, t);
    const soft = eps > 0 ? t.mul(1 - eps).add(eps / c) : t;
    let terms = logp.mul(soft);
    if (cw) terms = terms.mul(cw.reshape(wShape));
    const loss = terms.sum(1).neg();
    return reduce('crossEntropy', loss, reduction);
  }
  const nll = nllLoss(logp, t, { ...options, reduction });
  if (eps === 0) return nll;
  checkTargets('crossEntropy', logp, t.data, options.ignoreIndex ?? -100);
  const keep = t.data.ne(options.ignoreIndex ?? -100);
  let smooth = cw ? logp.mul(cw.reshape(wShape)) : logp;
  smooth = smooth
    .sum(1)
    .neg()
    .mul(new Tensor(keep.to(input.dtype)));
  let smoothReduced: Tensor;
  if (reduction === 'mean') {
    const denom = cw
      ? new Tensor(
          cw.data
            .indexSelect(0, t.data.mul(keep.int()).flatten())
            .mul(keep.flatten().to(input.dtype))
            .sum(),
        )
      : smooth.size;
    smoothReduced = smooth.sum().div(denom);
  } else smoothReduced = reduce('crossEntropy', smooth, reduction);
  return nll.mul(1 - eps).add(smoothReduced.mul(eps / c));
}
