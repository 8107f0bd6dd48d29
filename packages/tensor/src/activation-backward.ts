import { reluBackwardFloat32 } from './cpu/relu-float32.js';
import { dataOf, hostFloatData } from './cpu/strided.js';
import type { TypedArray } from './dtype.js';
import { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';

/**
 * The gradients of relu, sigmoid and tanh given the activation's output y
 * and the incoming gradient g — the three are what backpropagation through
 * an MLP, an RNN or an LSTM spends its elementwise time on. On host backends
 * each is one pass that writes one array (sigmoid and tanh in float32; in
 * float64 the composed ops already round as a double loop would); composed
 * from tensor ops elsewhere (a GPU backend). The fused loops round exactly
 * where the composed ops do, so both paths give the same bits.
 */

function checkShapes(name: string, grad: NDArray, output: NDArray): void {
  if (grad.shape.join() !== output.shape.join())
    throw new Error(
      `${name}: grad ${shapeStr(grad.shape)} must match output ${shapeStr(output.shape)}`,
    );
}

/** A host pass over (g, y) into a fresh array, or null when the composed ops must run. */
function hostPass(
  name: string,
  grad: NDArray,
  output: NDArray,
): { out: NDArray; G: TypedArray; go: number; Y: TypedArray; yo: number; R: TypedArray } | null {
  checkShapes(name, grad, output);
  if (grad.dtype !== output.dtype) return null;
  const g = hostFloatData(grad);
  const y = g && hostFloatData(output);
  if (!g || !y) return null;
  const out = NDArray.empty([...grad.shape], grad.dtype, grad.backend);
  return { out, G: g.data, go: g.offset, Y: y.data, yo: y.offset, R: dataOf(out) };
}

/**
 * {@link hostPass} for float32 only: in float64 the composed ops already round
 * as a double-precision loop would, so only float32 needs (and has) a loop.
 */
function hostFloat32Pass(name: string, grad: NDArray, output: NDArray) {
  if (grad.dtype === 'float32') return hostPass(name, grad, output);
  checkShapes(name, grad, output);
  return null;
}

/**
 * The gradient of relu given its output: `grad` where `output > 0`, else 0
 * (PyTorch's threshold backward).
 */
export function reluBackward(grad: NDArray, output: NDArray): NDArray {
  const pass = hostPass('reluBackward', grad, output);
  if (!pass) return grad.mul(output.gt(0).to(grad.dtype));
  const { out, G, go, Y, yo, R } = pass;
  // The backend's own kernel when it has one (wasm: SIMD on contiguous float32).
  if (
    grad.isContiguous() &&
    output.isContiguous() &&
    grad.backend.reluBackward?.(grad, output, out)
  )
    return out;
  if (G instanceof Float32Array && Y instanceof Float32Array && R instanceof Float32Array)
    reluBackwardFloat32(G, go, Y, yo, R, R.length);
  else for (let i = 0; i < R.length; i++) R[i] = Y[yo + i]! > 0 ? G[go + i]! : 0;
  return out;
}

/** The gradient of sigmoid given its output y: g·y·(1 − y), rounded as (g·y)·(1 − y). */
export function sigmoidBackward(grad: NDArray, output: NDArray): NDArray {
  const pass = hostFloat32Pass('sigmoidBackward', grad, output);
  if (!pass) return grad.mul(output).mul(output.neg().add(1));
  const { out, G, go, Y, yo, R } = pass;
  const f = Math.fround;
  for (let i = 0; i < R.length; i++) {
    const y = Y[yo + i]!;
    R[i] = f(G[go + i]! * y) * f(1 - y);
  }
  return out;
}

/** The gradient of tanh given its output y: g·(1 − y²). */
export function tanhBackward(grad: NDArray, output: NDArray): NDArray {
  const pass = hostFloat32Pass('tanhBackward', grad, output);
  if (!pass) return grad.mul(output.square().neg().add(1));
  const { out, G, go, Y, yo, R } = pass;
  const f = Math.fround;
  for (let i = 0; i < R.length; i++) {
    const y = Y[yo + i]!;
    R[i] = G[go + i]! * f(1 - f(y * y));
  }
  return out;
}
