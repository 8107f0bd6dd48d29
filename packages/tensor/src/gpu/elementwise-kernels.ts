import type { BinaryOp, UnaryOp, View } from '../backend.js';
import type { DType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { rowMajor } from './index-code.js';
import { castTo, KernelBody } from './kernel-body.js';

/**
 * Elementwise kernels. Inputs are views already broadcast to the output's
 * shape (stride-0 dims); each thread computes one output element in row-major
 * order. Where JavaScript and GPU maths differ (pow of a negative base, NaN,
 * expm1/log1p near 0, erf) the kernels spell the JavaScript meaning out.
 */

/** x ** y with JavaScript's meaning for negative bases (GPU pow() is undefined there). */
const POW = (x: string, y: string) =>
  `(${x} >= 0 ? Math.pow(${x}, ${y}) : (${y} != Math.floor(${y}) ? Math.sqrt(-1) : ` +
  `(${y} - 2 * Math.floor(${y} / 2) == 0 ? 1 : -1) * Math.pow(-${x}, ${y})))`;

/** Statements leaving op(v) in `r` (alpha and beta are parameter names). */
function unaryCode(op: UnaryOp, alpha: string, beta: string): string {
  switch (op) {
    case 'neg':
      return 'let r = -v;';
    case 'abs':
      return 'let r = Math.abs(v);';
    case 'exp':
      return 'let r = Math.exp(v);';
    case 'expm1':
      // exp(v) − 1 without cancellation: (u − 1)·v / log(u), exact where u rounds to 1.
      return 'let u = Math.exp(v);\nlet r = u == 1 ? v : (u - 1 == -1 ? -1 : (u - 1) * v / Math.log(u));';
    case 'log':
      return 'let r = Math.log(v);';
    case 'log1p':
      return 'let u = 1 + v;\nlet r = u == 1 ? v : Math.log(u) * v / (u - 1);';
    case 'sqrt':
      return 'let r = Math.sqrt(v);';
    case 'rsqrt':
      return 'let r = 1 / Math.sqrt(v);';
    case 'square':
      return 'let r = v * v;';
    case 'reciprocal':
      return 'let r = 1 / v;';
    case 'tanh':
      return 'let r = Math.tanh(v);';
    case 'sigmoid':
      return 'let e = Math.exp(-Math.abs(v));\nlet r = v >= 0 ? 1 / (1 + e) : e / (1 + e);';
    case 'relu':
      return 'let r = Math.max(v, 0);';
    case 'leakyRelu':
      return `let r = v > 0 ? v : v * ${alpha};`;
    case 'sign':
      return 'let r = Math.sign(v);';
    case 'sin':
      return 'let r = Math.sin(v);';
    case 'cos':
      return 'let r = Math.cos(v);';
    case 'erf':
      // Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, below float32 resolution of erf's range.
      return [
        'let z = Math.abs(v);',
        'let t = 1 / (1 + 0.3275911 * z);',
        'let y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);',
        'let r = v < 0 ? -y : y;',
      ].join('\n');
    case 'floor':
      return 'let r = Math.floor(v);';
    case 'ceil':
      return 'let r = Math.ceil(v);';
    case 'round':
      // Half to even, as PyTorch and NumPy round.
      return 'let f = Math.floor(v);\nlet d = v - f;\nlet r = d > 0.5 ? f + 1 : (d < 0.5 ? f : (f - 2 * Math.floor(f / 2) == 0 ? f : f + 1));';
    case 'not':
      return 'let r = v == 0 ? 1 : 0;';
    case 'clamp':
      return `let r = Math.min(Math.max(v, ${alpha}), ${beta});`;
    case 'powScalar':
      return `let r = ${POW('v', alpha)};`;
    default:
      throw new Error(`gpu backend: unknown unary op '${op as string}'`);
  }
}

function binaryExpr(op: BinaryOp): string {
  switch (op) {
    case 'add':
      return 'x + y';
    case 'sub':
      return 'x - y';
    case 'mul':
      return 'x * y';
    case 'div':
      return 'x / y';
    case 'pow':
      return POW('x', 'y');
    case 'minimum':
      return 'Math.min(x, y)';
    case 'maximum':
      return 'Math.max(x, y)';
    case 'eq':
      return '(x == y ? 1 : 0)';
    case 'ne':
      return '(x != y ? 1 : 0)';
    case 'lt':
      return '(x < y ? 1 : 0)';
    case 'le':
      return '(x <= y ? 1 : 0)';
    case 'gt':
      return '(x > y ? 1 : 0)';
    case 'ge':
      return '(x >= y ? 1 : 0)';
    default:
      throw new Error(`gpu backend: unknown binary op '${op as string}'`);
  }
}

const at = (d: number) => `c${d}`;

export function unaryBody(op: UnaryOp, x: View, outDtype: DType, alpha = 0, beta = 0): KernelBody {
  const k = new KernelBody().coords(x.shape);
  const v = k.read(x, at);
  const code = unaryCode(op, k.scalar(alpha), k.scalar(beta));
  return k.line(`let v = ${v};`, code, `return ${castTo(outDtype, 'r')};`);
}

export function binaryBody(op: BinaryOp, a: View, b: View, out: View): KernelBody {
  const k = new KernelBody().coords(out.shape);
  const x = k.read(a, at);
  const y = k.read(b, at);
  return k.line(`let x = ${x};`, `let y = ${y};`, `return ${castTo(out.dtype, binaryExpr(op))};`);
}

export function whereBody(cond: View, a: View, b: View, out: View): KernelBody {
  const k = new KernelBody().coords(out.shape);
  const c = k.read(cond, at);
  const x = k.read(a, at);
  const y = k.read(b, at);
  return k.line(`return ${castTo(out.dtype, `(${c} != 0 ? ${x} : ${y})`)};`);
}

/** The elements of `x` in row-major order, converted to `dtype`. */
export function packBody(x: View, dtype: DType): KernelBody {
  const k = new KernelBody().coords(x.shape);
  return k.line(`return ${castTo(dtype, k.read(x, at))};`);
}

export function fillBody(value: number): KernelBody {
  const k = new KernelBody();
  return k.line(`return ${k.scalar(value)};`);
}

/**
 * The whole storage under `out` with the view's elements replaced by `values`
 * (the view's elements in row-major order): how a write into a strided view
 * becomes one kernel. Needs a view whose positions decompose uniquely (no
 * overlap, no negative strides), which every view of narrow/slice/select/
 * permute has.
 */
export function writeViewBody(out: View, values: View, old: View): KernelBody {
  const dims = out.shape.map((_, d) => d).filter((d) => out.shape[d] !== 1);
  dims.sort((p, q) => out.strides[q]! - out.strides[p]!);
  let reach = 0;
  for (let j = dims.length - 1; j >= 0; j--) {
    const d = dims[j]!;
    const s = out.strides[d]!;
    if (s <= reach) {
      throw new Error(
        `gpu backend: cannot write into a view with strides [${out.strides.join(', ')}] over shape [${out.shape.join(', ')}] (overlapping or reversed); write into a contiguous array instead`,
      );
    }
    reach += s * (out.shape[d]! - 1);
  }
  const viewStrides = sizeOf(out.shape) > 0 ? rowMajor(out.shape) : [];
  const k = new KernelBody();
  const vals = k.array(values).name;
  const vo = k.scalar(values.offset);
  const prev = k.array(old).name;
  k.line(
    `let i = this.thread.x;`,
    `let rel = i - ${k.scalar(out.offset)};`,
    'let inside = rel >= 0 ? 1 : 0;',
    'let pos = 0;',
  );
  dims.forEach((d, j) => {
    const s = out.strides[d]!;
    k.line(
      `let k${j} = Math.floor(rel / ${s});`,
      `if (rel - k${j} * ${s} < 0) { k${j} = k${j} - 1; }`,
      `if (rel - k${j} * ${s} >= ${s}) { k${j} = k${j} + 1; }`,
      `if (k${j} < 0 || k${j} >= ${out.shape[d]}) { inside = 0; }`,
      `rel = rel - k${j} * ${s};`,
      `pos = pos + k${j} * ${viewStrides[d]};`,
    );
  });
  k.line('if (rel != 0) { inside = 0; }', 'if (inside == 0) { pos = 0; }');
  return k.line(
    `let v = ${vals}[${vo} + pos];`,
    `let o = ${prev}[i];`,
    'return inside == 1 ? v : o;',
  );
}
