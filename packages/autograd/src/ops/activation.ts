import { type NDArray, reluBackward, sigmoidBackward, tanhBackward, where } from '@gradlab/tensor';
import { primitive } from '../node.js';
import type { Tensor } from '../tensor.js';

export function tanh(x: Tensor): Tensor {
  const out = x.data.tanh();
  return primitive('tanh', [x], out, (g) => [tanhBackward(g, out)]);
}

export function sigmoid(x: Tensor): Tensor {
  const out = x.data.sigmoid();
  return primitive('sigmoid', [x], out, (g) => [sigmoidBackward(g, out)]);
}

export function relu(x: Tensor): Tensor {
  const out = x.data.relu();
  return primitive('relu', [x], out, (g) => [reluBackward(g, out)]);
}

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  // Scale g itself: a where() of two numbers would round the slope to float32.
  return primitive('leakyRelu', [x], x.data.leakyRelu(negativeSlope), (g) => [
    where(x.data.gt(0), g, g.mul(negativeSlope)),
  ]);
}

/** x for x > 0, alpha·(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  const neg = x.data.expm1().mul(alpha);
  const out = where(x.data.gt(0), x.data, neg);
  return primitive('elu', [x], out, (g) => [g.mul(where(x.data.gt(0), 1, neg.add(alpha)))]);
}

/** Exact GELU, x·Φ(x) with Φ the standard normal CDF (PyTorch's default). */
export function gelu(x: Tensor): Tensor {
  const cdf = x.data.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
  return primitive('gelu', [x], x.data.mul(cdf), (g) => {
    const pdf = x.data
      .square()
      .mul(-0.5)
      .exp()
      .mul(1 / Math.sqrt(2 * Math.PI));
    return [g.mul(cdf.add(x.data.mul(pdf)))];
  });
}

/** log(1 + eˣ), computed without overflow. */
export function softplus(x: Tensor): Tensor {
  const out = x.data.abs().neg().exp().log1p().add(x.data.relu());
  return primitive('softplus', [x], out, (g) => [g.mul(x.data.sigmoid())]);
}

function keepdimShape(x: NDArray, dims: readonly number[]): number[] {
  return x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

function normDims(x: Tensor, dim: number | readonly number[] | undefined): number[] {
  if (dim === undefined) return x.shape.map((_, i) => i);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  return list.map((d) => (d < 0 ? d + x.ndim : d));
}

export function logsumexp(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const dims = normDims(x, dim);
  const out = x.data.logsumexp(dims, keepdim);
  return primitive('logsumexp', [x], out, (g) => {
    const shape = keepdimShape(x.data, dims);
    return [g.reshape(shape).mul(x.data.sub(out.reshape(shape)).exp())];
  });
}

export function softmax(x: Tensor, dim = -1): Tensor {
  const out = x.data.softmax(dim);
  return primitive('softmax', [x], out, (g) => [out.mul(g.sub(g.mul(out).sum(dim, true)))]);
}

export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const out = x.data.logSoftmax(dim);
  return primitive('logSoftmax', [x], out, (g) => [g.sub(out.exp().mul(g.sum(dim, true)))]);
}
