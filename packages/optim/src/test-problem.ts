import { type Tensor, tensor } from '@gradlab/autograd';
import type { DType } from '@gradlab/tensor';

/** A tiny fixed problem for the optimiser tests: w [3, 2], b [2], and an unused parameter. */
export function makeProblem(dtype: DType = 'float64') {
  const params = {
    w: tensor(
      [
        [0.3, -0.5],
        [0.8, 0.1],
        [-0.2, 0.4],
      ],
      { dtype, requiresGrad: true },
    ),
    b: tensor([0.1, -0.2], { dtype, requiresGrad: true }),
    unused: tensor([1, 2], { dtype, requiresGrad: true }),
  };
  const x = tensor(
    [
      [1, 0.5, -1],
      [0.2, -0.3, 0.7],
      [-1.1, 0.9, 0.4],
      [0.6, 0.6, -0.2],
    ],
    { dtype },
  );
  const y = tensor(
    [
      [0.5, -0.5],
      [0.1, 0.3],
      [-0.7, 0.2],
      [0.4, 0.4],
    ],
    { dtype },
  );
  /** Fills the grads of w and b (unused keeps a null grad) and returns the loss. */
  const backward = (): number => {
    const loss = x.matmul(params.w).add(params.b).tanh().sub(y).pow(2).mean();
    loss.backward();
    return loss.item();
  };
  const list: Tensor[] = [params.w, params.b, params.unused];
  return { params, list, backward };
}

/** The values of some tensors, as plain arrays. */
export const values = (ts: Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
