import type { BinaryOp, UnaryOp, View } from '../backend.js';
import type { DType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { rowMajor } from './index-code.js';
import { castTo, KernelBody } from './kernel-body.js';

/**
 * Elementwise kernels. Inputs are views already broadcast to the output's
 * shape (stride-0 dims); each thread computes one output element in row-major
 * order. Where JavaScript and GPU maths differ the kernels spell the
 * JavaScript (and PyTorch) meaning out: WGSL lets a device assume there are no
 * NaNs or infinities, so max/min/clamp/relu do not propagate NaN there, exp
 * and log of NaN, log(0), sqrt and pow of negatives and tanh(±∞) are
 * unspecified, and sin/cos need only be accurate to 2⁻¹¹ (SwiftShader's are
 * off by 2·10⁻⁴). Each such case is a comparison here, and NaN/±∞ come in as
 * parameters ({@link KernelBody.special}).
 */

/** Names of the NaN and ±∞ parameters of a kernel being written. */
interface Specials {
  nan: string;
  inf: string;
  ninf: string;
}

/** The names, each made a parameter only when the kernel's code asks for it. */
function specials(k: KernelBody): Specials {
  return {
    get nan() {
      return k.special(Number.NaN);
    },
    get inf() {
      return k.special(Infinity);
    },
    get ninf() {
      return k.special(-Infinity);
    },
  };
}

/** NaN where `x` is NaN, else `value` (`x` is a variable name: it is read twice). */
const nanOr = (x: string, value: string) => `(${x} == ${x} ? ${value} : ${x})`;

/** log(x) with log(0) = −∞ and log(x < 0) = NaN. */
const LOG = (x: string, s: Specials) =>
  `(${x} > 0 ? Math.log(${x}) : (${x} == 0 ? ${s.ninf} : ${s.nan}))`;

/** exp(x), NaN for NaN. */
const EXP = (x: string) => nanOr(x, `Math.exp(${x})`);

/**
 * x ** y with JavaScript's meaning: x ** 0 = 1, NaN in gives NaN out, and
 * negative bases (GPU pow() is exp2(y·log2 x), undefined there) are spelled out.
 */
const POW = (x: string, y: string, s: Specials) =>
  `(${y} == 0 ? 1 : ${nanOr(
    x,
    nanOr(
      y,
      `(${x} >= 0 ? Math.pow(${x}, ${y}) : (${y} != Math.floor(${y}) ? ` +
        `(${x} == ${s.ninf} ? (${y} > 0 ? ${s.inf} : 0) : ${s.nan}) : ` +
        `(${y} - 2 * Math.floor(${y} / 2) == 0 ? 1 : -1) * Math.pow(-${x}, ${y})))`,
    ),
  )})`;

/**
 * sin and cos to float32 accuracy (for |v| ≲ 8192): v = q·π/2 + r with the
 * three-part Cody–Waite split (each q·part exact in float32), then the
 * quadrant's minimax polynomial on |r| ≤ π/4 (Cephes' sinf/cosf coefficients).
 */
function sinCos(which: 'sin' | 'cos'): string {
  return [
    'let q = Math.floor(v * 0.6366197723675814 + 0.5);',
    'let w = ((v - q * 1.5703125) - q * 4.837512969970703125e-4) - q * 7.549789954891882e-8;',
    'let z = w * w;',
    'let sw = w + w * z * ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1);',
    'let cw = 1 - 0.5 * z + z * z * ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2);',
    // The quadrant, 0…3; cos(v) = sin(v + π/2) is one quadrant on.
    `let p = ${which === 'cos' ? 'q + 1' : 'q'};`,
    'let n = p - 4 * Math.floor(p / 4);',
    'let r = n == 0 ? sw : (n == 1 ? cw : (n == 2 ? -sw : -cw));',
  ].join('\n');
}

/** Statements leaving op(v) in `r` (alpha and beta are parameter names). */
function unaryCode(op: UnaryOp, alpha: string, beta: string, s: Specials): string {
  switch (op) {
    case 'neg':
      return 'let r = -v;';
    case 'abs':
      return 'let r = Math.abs(v);';
    case 'exp':
      return `let r = ${EXP('v')};`;
    case 'expm1':
      // exp(v) − 1 without cancellation: (u − 1)·v / log(u), exact where u rounds to 1.
      return `let u = ${EXP('v')};\nlet r = u == 1 ? v : (u - 1 == -1 ? -1 : (u == ${s.inf} ? u : (u - 1) * (v / ${LOG('u', s)})));`;
    case 'log':
      return `let r = ${LOG('v', s)};`;
    case 'log1p':
      return `let u = 1 + v;\nlet r = u == 1 ? v : (u == ${s.inf} ? u : ${LOG('u', s)} * (v / (u - 1)));`;
    case 'sqrt':
      return `let r = v < 0 ? ${s.nan} : Math.sqrt(v);`;
    case 'rsqrt':
      return `let r = v < 0 ? ${s.nan} : 1 / Math.sqrt(v);`;
    case 'square':
      return 'let r = v * v;';
    case 'reciprocal':
      return 'let r = 1 / v;';
    case 'tanh':
      // |v| > 9: tanh rounds to ±1 in float32 (GPU tanh(±∞) may be NaN).
      return 'let r = v > 9 ? 1 : (v < -9 ? -1 : Math.tanh(v));';
    case 'sigmoid':
      return `let a = -Math.abs(v);\nlet e = ${EXP('a')};\nlet r = v >= 0 ? 1 / (1 + e) : e / (1 + e);`;
    case 'relu':
      return `let r = v > 0 ? v : ${nanOr('v', '0')};`;
    case 'leakyRelu':
      return `let r = v > 0 ? v : v * ${alpha};`;
    case 'sign':
      return `let r = v > 0 ? 1 : (v < 0 ? -1 : ${nanOr('v', '0')});`;
    case 'sin':
    case 'cos':
      return sinCos(op);
    case 'erf':
      // Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, below float32 resolution of erf's range.
      return [
        'let z = Math.abs(v);',
        'let t = 1 / (1 + 0.3275911 * z);',
        'let y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);',
        `let r = v < 0 ? -y : ${nanOr('v', 'y')};`,
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
      return `let r = ${nanOr('v', `Math.min(Math.max(v, ${alpha}), ${beta})`)};`;
    case 'powScalar':
      return `let r = ${POW('v', alpha, s)};`;
    default:
      throw new Error(`gpu backend: unknown unary op '${op as string}'`);
  }
}

function binaryExpr(op: BinaryOp, s: Specials): string {
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
      return POW('x', 'y', s);
    case 'minimum':
      return nanOr('x', nanOr('y', 'Math.min(x, y)'));
    case 'maximum':
      return nanOr('x', nanOr('y', 'Math.max(x, y)'));
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

/**
 * A power of integers, rounded to the integer it is: GPU pow is
 * exp2(y·log2 x), so 5² can come out as 24.999998, which int32 would truncate.
 */
const exactPow = (dtype: DType, r: string, exponent: string) =>
  dtype === 'int32' ? `(${exponent} >= 0 ? Math.floor(${r} + 0.5) : ${r})` : r;

export function unaryBody(op: UnaryOp, x: View, outDtype: DType, alpha = 0, beta = 0): KernelBody {
  const k = new KernelBody().coords(x.shape);
  const v = k.read(x, at);
  const alphaName = k.scalar(alpha);
  const code = unaryCode(op, alphaName, k.scalar(beta), specials(k));
  const r = op === 'powScalar' ? exactPow(outDtype, 'r', alphaName) : 'r';
  return k.line(`let v = ${v};`, code, `return ${castTo(outDtype, r)};`);
}

export function binaryBody(op: BinaryOp, a: View, b: View, out: View): KernelBody {
  const k = new KernelBody().coords(out.shape);
  const x = k.read(a, at);
  const y = k.read(b, at);
  const e = binaryExpr(op, specials(k));
  const expr = op === 'pow' ? exactPow(out.dtype, e, 'y') : e;
  return k.line(`let x = ${x};`, `let y = ${y};`, `return ${castTo(out.dtype, expr)};`);
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
