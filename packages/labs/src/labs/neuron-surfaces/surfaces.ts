/**
 * A single sigmoid neuron with input x over a grid of weight w and bias b:
 * its output ŷ = σ(w·x + b), the L2 loss (ŷ − y)² and the cross-entropy loss
 * −[y·log ŷ + (1 − y)·log(1 − ŷ)], with their gradients from autograd and
 * from the closed forms.
 */
import { type Tensor, tensor } from '@gradlab/autograd';

/** Every surface on the grid, as rows `[b index][w index]`. */
export interface NeuronSurfaces {
  w: number[];
  b: number[];
  output: number[][];
  l2: number[][];
  ce: number[][];
  /** ∂L/∂w from autograd. */
  l2GradW: number[][];
  ceGradW: number[][];
  /** ∂L/∂b from autograd (equal to ∂L/∂w when x = 1). */
  l2GradB: number[][];
  ceGradB: number[][];
  /** The closed forms: ∂(ŷ − y)²/∂w = 2(ŷ − y)·ŷ(1 − ŷ)·x and ∂CE/∂w = (ŷ − y)·x. */
  l2GradWExact: number[][];
  ceGradWExact: number[][];
}

/** `n` evenly spaced values from `lo` to `hi`. */
export function grid(lo: number, hi: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 2) throw new Error(`grid: need at least 2 points, got ${n}`);
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

const rows = (t: Tensor | { toArray(): unknown }) => t.toArray() as number[][];

/**
 * Evaluates the neuron on every (w, b) of the grid in one batch of float64
 * tensors; one `backward()` per loss gives every grid point's gradient, since
 * the points do not interact (the gradient of a sum of independent terms is
 * each term's own gradient).
 */
export function neuronSurfaces(
  w: readonly number[],
  b: readonly number[],
  x: number,
  y: number,
): NeuronSurfaces {
  const W = b.map(() => [...w]);
  const B = b.map((bi) => w.map(() => bi));
  const grads = (loss: (yHat: Tensor) => Tensor) => {
    const wt = tensor(W, { dtype: 'float64', requiresGrad: true });
    const bt = tensor(B, { dtype: 'float64', requiresGrad: true });
    const yHat = wt.mul(x).add(bt).sigmoid();
    const l = loss(yHat);
    l.sum().backward();
    return {
      yHat: rows(yHat.detach()),
      loss: rows(l.detach()),
      dw: rows(wt.grad!),
      db: rows(bt.grad!),
    };
  };
  const l2 = grads((p) => p.sub(y).square());
  const ce = grads((p) =>
    p
      .log()
      .mul(y)
      .add(
        p
          .neg()
          .add(1)
          .log()
          .mul(1 - y),
      )
      .neg(),
  );
  const yHat = l2.yHat;
  return {
    w: [...w],
    b: [...b],
    output: yHat,
    l2: l2.loss,
    ce: ce.loss,
    l2GradW: l2.dw,
    ceGradW: ce.dw,
    l2GradB: l2.db,
    ceGradB: ce.db,
    l2GradWExact: yHat.map((r) => r.map((p) => 2 * (p - y) * p * (1 - p) * x)),
    ceGradWExact: yHat.map((r) => r.map((p) => (p - y) * x)),
  };
}

/** Largest |a − b| over two grids of the same shape. */
export function maxAbsDiff(a: readonly number[][], b: readonly number[][]): number {
  let m = 0;
  a.forEach((r, i) => {
    r.forEach((v, j) => {
      m = Math.max(m, Math.abs(v - b[i]![j]!));
    });
  });
  return m;
}

/**
 * Plain gradient descent on one neuron from (w0, b0): the output after every
 * step, with the loss's closed-form gradient (x·∂L/∂z for w, ∂L/∂z for b).
 */
export function descend(
  loss: 'l2' | 'ce',
  start: { w: number; b: number },
  x: number,
  y: number,
  options: { lr: number; steps: number },
): number[] {
  let { w, b } = start;
  const out: number[] = [];
  for (let s = 0; s <= options.steps; s++) {
    const p = 1 / (1 + Math.exp(-(w * x + b)));
    out.push(p);
    const dz = loss === 'l2' ? 2 * (p - y) * p * (1 - p) : p - y;
    w -= options.lr * dz * x;
    b -= options.lr * dz;
  }
  return out;
}
