import {
  type AvgPool2dOptions,
  avgPool2dBackward,
  avgPool2d as avgPoolArrays,
  broadcastShapes,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2d as convArrays,
  convTranspose2dBackward,
  convTranspose2d as convTransposeArrays,
  maxPool2dBackward,
  maxPool2dWithIndices,
  type Pair,
  type Pool2dOptions,
} from '@gradlab/tensor';
import { primitive } from '../node.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { add } from './elementwise.js';
import { reshape } from './movement.js';
import { asTensor } from './operand.js';

/**
 * y = x·Wᵀ + b for x [..., in], weight [out, in] and an optional bias [out]
 * (torch.nn.functional.linear), as one primitive: the bias is added in place
 * into the product, and the backward gives the weight its gradient gᵀ·x
 * directly — a new contiguous array the parameter keeps without a copy — and
 * the bias Σ g over the rows.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inF = weight.shape[1];
  if (weight.ndim !== 2 || input.ndim < 1 || input.shape[input.ndim - 1] !== inF) {
    throw new Error(
      `linear: input [${input.shape.join(', ')}] and weight [${weight.shape.join(', ')}] do not fit (expected input [..., ${inF ?? '?'}] and weight [out, in])`,
    );
  }
  const outF = weight.shape[0]!;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new Error(`linear: bias must have shape [${outF}], got [${bias.shape.join(', ')}]`);
  }
  const lead = input.shape.slice(0, -1);
  const x2 = input.data.reshape([-1, inF!]);
  const y2 = x2.matmul(weight.data.T);
  if (bias) y2.add_(bias.data);
  const inputs = bias ? [input, weight, bias] : [input, weight];
  return primitive('linear', inputs, y2.reshape([...lead, outF]), (g, n) => {
    const g2 = g.reshape([-1, outF]);
    return [
      n[0] ? g2.matmul(weight.data).reshape([...input.shape]) : null,
      n[1] ? g2.T.matmul(x2) : null,
      bias && n[2] ? g2.sum(0) : null,
    ];
  });
}

/** Matrix product with PyTorch's rules (1-d operands, broadcast batch dims). */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor('matmul', a, b instanceof Tensor ? b : undefined);
  const y = asTensor('matmul', b, x);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new Error(
      `matmul: both operands need at least 1 dim, got [${x.shape.join(', ')}] and [${y.shape.join(', ')}]`,
    );
  }
  const out = x.data.matmul(y.data);
  return primitive('matmul', [x, y], out, (g, n) => {
    // Work in ≥2-d form; the engine sums broadcast batch dims back.
    const a2 = x.ndim === 1 ? x.data.unsqueeze(0) : x.data;
    const b2 = y.ndim === 1 ? y.data.unsqueeze(1) : y.data;
    const batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    const g2 = g.reshape([...batch, a2.shape[a2.ndim - 2]!, b2.shape[b2.ndim - 1]!]);
    const ga = n[0] ? g2.matmul(b2.transpose(-1, -2)) : null;
    // When b is a transposed view of a contiguous array (x · Wᵀ in Linear), produce its
    // gradient as the transpose of a contiguous product, so the permute's backward hands
    // the weight a contiguous gradient (no strided copy when it is accumulated).
    const bT = b2.ndim === 2 && !b2.isContiguous() && b2.T.isContiguous();
    const gb = !n[1]
      ? null
      : bT
        ? g2.transpose(-1, -2).matmul(a2).transpose(-1, -2)
        : a2.transpose(-1, -2).matmul(g2);
    return [ga && x.ndim === 1 ? ga.squeeze(-2) : ga, gb && y.ndim === 1 ? gb.squeeze(-1) : gb];
  });
}

function withBias(op: string, out: Tensor, bias: Tensor | null | undefined): Tensor {
  if (!bias) return out;
  if (bias.ndim !== 1 || bias.shape[0] !== out.shape[1]) {
    throw new Error(
      `${op}: bias must have shape [${out.shape[1]}], got [${bias.shape.join(', ')}]`,
    );
  }
  return add(out, reshape(bias, [1, bias.shape[0]!, 1, 1]));
}

/**
 * conv2d on tensors: input [N, C, H, W], weight [out, in, kh, kw], optional
 * bias [out]. The bias is part of the primitive, so a backend with a fused
 * convolution adds it as it stores the output; its gradient sums gradOut
 * over samples and positions.
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv2dOptions = {},
): Tensor {
  const inputs = bias ? [input, weight, bias] : [input, weight];
  const value = convArrays(input.data, weight.data, bias?.data ?? null, options);
  return primitive('conv2d', inputs, value, (g, n) => [
    n[0] ? conv2dBackwardInput(g, weight.data, input.shape, options) : null,
    n[1] ? conv2dBackwardWeight(input.data, g, weight.shape, options) : null,
    ...(bias ? [n[2] ? g.sum([0, 2, 3]) : null] : []),
  ]);
}

/** Transposed convolution: weight [in, out, kh, kw] as in PyTorch. */
export function convTranspose2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose2dOptions = {},
): Tensor {
  const value = convTransposeArrays(input.data, weight.data, null, options);
  const out = primitive('convTranspose2d', [input, weight], value, (g) => {
    const { gradInput, gradWeight } = convTranspose2dBackward(g, input.data, weight.data, options);
    return [gradInput, gradWeight];
  });
  return withBias('convTranspose2d', out, bias);
}

export function maxPool2d(input: Tensor, kernelSize: Pair, options: Pool2dOptions = {}): Tensor {
  const { output, indices } = maxPool2dWithIndices(input.data, kernelSize, options);
  return primitive('maxPool2d', [input], output, (g) => [
    maxPool2dBackward(g, indices, input.shape, kernelSize, options),
  ]);
}

export function avgPool2d(input: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  return primitive('avgPool2d', [input], avgPoolArrays(input.data, kernelSize, options), (g) => [
    avgPool2dBackward(g, input.shape, kernelSize, options),
  ]);
}
