import { reluBackwardFloat32 } from './cpu/relu-float32.js';
import { dataOf, packed } from './cpu/strided.js';
import { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';

/**
 * The gradient of relu given its output: `grad` where `output > 0`, else 0
 * (PyTorch's threshold backward). One fused pass on host backends; composed
 * from tensor ops elsewhere.
 */
export function reluBackward(grad: NDArray, output: NDArray): NDArray {
  if (grad.shape.join() !== output.shape.join())
    throw new Error(
      `reluBackward: grad ${shapeStr(grad.shape)} must match output ${shapeStr(output.shape)}`,
    );
  const host =
    grad.backend.family === 'host' &&
    output.backend.family === 'host' &&
    grad.dtype === output.dtype &&
    (grad.dtype === 'float32' || grad.dtype === 'float64');
  if (!host) return grad.mul(output.gt(0).to(grad.dtype));
  const out = NDArray.empty([...grad.shape], grad.dtype, grad.backend);
  if (
    grad.isContiguous() &&
    output.isContiguous() &&
    grad.backend.reluBackward?.(grad, output, out)
  )
    return out;
  const { data: G, offset: go } = packed(grad);
  const { data: Y, offset: yo } = packed(output);
  const R = dataOf(out);
  if (G instanceof Float32Array && Y instanceof Float32Array && R instanceof Float32Array)
    reluBackwardFloat32(G, go, Y, yo, R, R.length);
  else for (let i = 0; i < R.length; i++) R[i] = Y[yo + i]! > 0 ? G[go + i]! : 0;
  return out;
}
