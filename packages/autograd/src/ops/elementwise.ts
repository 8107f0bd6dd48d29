import { type NDArray, onesLike, where } from '@gradlab/tensor';
import { primitive } from '../node.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { asTensor, operandValue } from './operand.js';

function binary(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const x = asTensor(op, a, b instanceof Tensor ? b : undefined);
  const y = asTensor(op, b, x);
  return [x, y];
}

/** a + b with broadcasting. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binary('add', a, b);
  return primitive('add', [x, y], x.data.add(y.data), (g) => [g, g]);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binary('sub', a, b);
  return primitive('sub', [x, y], x.data.sub(y.data), (g, n) => [g, n[1] ? g.neg() : null]);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binary('mul', a, b);
  return primitive('mul', [x, y], x.data.mul(y.data), (g, n) => [
    n[0] ? g.mul(y.data) : null,
    n[1] ? g.mul(x.data) : null,
  ]);
}

export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binary('div', a, b);
  const out = x.data.div(y.data);
  return primitive('div', [x, y], out, (g, n) => [
    n[0] ? g.div(y.data) : null,
    n[1] ? g.mul(out).div(y.data).neg() : null,
  ]);
}

/** a ** b; a number exponent differentiates only the base. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number') {
    const x = asTensor('pow', a);
    return primitive('pow', [x], x.data.pow(b), (g) => [
      b === 2 ? g.mul(x.data).mul(2) : g.mul(x.data.pow(b - 1)).mul(b),
    ]);
  }
  const [x, y] = binary('pow', a, b);
  const out = x.data.pow(y.data);
  return primitive('pow', [x, y], out, (g, n) => [
    n[0] ? g.mul(y.data).mul(x.data.pow(y.data.sub(1))) : null,
    n[1] ? g.mul(out).mul(x.data.log()) : null,
  ]);
}

/** Ties split the gradient evenly between both inputs, as in PyTorch. */
function minmax(op: 'maximum' | 'minimum', a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = binary(op, a, b);
  const out = op === 'maximum' ? x.data.maximum(y.data) : x.data.minimum(y.data);
  return primitive(op, [x, y], out, (g) => {
    const xWins = op === 'maximum' ? x.data.gt(y.data) : x.data.lt(y.data);
    const tie = x.data.eq(y.data).float().mul(0.5);
    const wx = xWins.to(g.dtype).add(tie);
    return [g.mul(wx), g.mul(wx.neg().add(1))];
  });
}
export const maximum = (a: TensorLike, b: TensorLike) => minmax('maximum', a, b);
export const minimum = (a: TensorLike, b: TensorLike) => minmax('minimum', a, b);

export function neg(x: Tensor): Tensor {
  return primitive('neg', [x], x.data.neg(), (g) => [g.neg()]);
}
export function abs(x: Tensor): Tensor {
  return primitive('abs', [x], x.data.abs(), (g) => [g.mul(x.data.sign())]);
}
export function exp(x: Tensor): Tensor {
  const out = x.data.exp();
  return primitive('exp', [x], out, (g) => [g.mul(out)]);
}
export function log(x: Tensor): Tensor {
  return primitive('log', [x], x.data.log(), (g) => [g.div(x.data)]);
}
export function log1p(x: Tensor): Tensor {
  return primitive('log1p', [x], x.data.log1p(), (g) => [g.div(x.data.add(1))]);
}
export function sqrt(x: Tensor): Tensor {
  const out = x.data.sqrt();
  return primitive('sqrt', [x], out, (g) => [g.div(out.mul(2))]);
}
export function square(x: Tensor): Tensor {
  return primitive('square', [x], x.data.square(), (g) => [g.mul(x.data).mul(2)]);
}
export function sin(x: Tensor): Tensor {
  return primitive('sin', [x], x.data.sin(), (g) => [g.mul(x.data.cos())]);
}
export function cos(x: Tensor): Tensor {
  return primitive('cos', [x], x.data.cos(), (g) => [g.mul(x.data.sin()).neg()]);
}

/** Clamps to [min, max]; the gradient passes where min ≤ x ≤ max. */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  return primitive('clamp', [x], x.data.clamp(min, max), (g) => {
    let pass = x.data.ge(min ?? Number.NEGATIVE_INFINITY);
    pass = pass.mul(x.data.le(max ?? Number.POSITIVE_INFINITY));
    return [g.mul(pass.to(g.dtype))];
  });
}

/** `a` where `cond` is true, else `b`; differentiable in a and b. */
export function whereT(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = operandValue(cond);
  if (typeof c === 'number') throw new Error('where: cond must be a Tensor or NDArray mask');
  const [x, y] = binary('where', a, b);
  const mask = c.to('bool');
  return primitive('where', [x, y], where(mask, x.data, y.data), (g) => [
    where(mask, g, 0),
    where(mask, 0, g),
  ]);
}

/** Comparisons produce constant bool tensors. */
export function compare(op: 'gt' | 'lt' | 'ge' | 'le' | 'eq', a: Tensor, b: TensorLike): Tensor {
  const other = operandValue(b);
  return new Tensor(a.data[op](other));
}

/** The gradient that starts a backward pass, validated against the output's shape. */
export function seedGradient(out: Tensor, gradient: TensorLike | undefined): NDArray {
  if (gradient === undefined) {
    if (out.size !== 1) {
      throw new Error(
        `backward: grad can be implicitly created only for scalar outputs; this output has shape [${out.shape.join(', ')}], pass a gradient of that shape`,
      );
    }
    return onesLike(out.data);
  }
  const g = asTensor('backward', gradient, out).data;
  if (g.shape.join() !== out.shape.join()) {
    throw new Error(
      `backward: gradient has shape [${g.shape.join(', ')}] but the output has shape [${out.shape.join(', ')}]`,
    );
  }
  return g.to(out.dtype);
}
