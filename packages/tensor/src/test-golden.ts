/**
 * The golden cases' runners and comparison, shared by golden.test.ts (Node)
 * and the gpu backend's browser check (gpu/browser.test.ts, which bundles this
 * file into a page). Cases come from scripts/golden/tensor-ops.json, written
 * by PyTorch 1.13 (scripts/golden/tensor_ops.py). Float32 results must agree
 * to 1e-5 · max(1, |torch|) per element, float64 to 1e-10 · max(1, |torch|),
 * and integer/bool results (indices, comparisons) exactly.
 */
import { decodeData, decodeValue, type EncodedTensor } from '../../../test-support/golden-json.js';
import {
  abs,
  add,
  argmax,
  argmin,
  avgPool2d,
  avgPool2dBackward,
  clamp,
  concat,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  convTranspose2d,
  convTranspose2dBackward,
  cos,
  cumsum,
  type DType,
  div,
  dot,
  eigh,
  eq,
  exp,
  flip,
  gather,
  ge,
  gt,
  indexSelect,
  le,
  leakyRelu,
  log,
  log1p,
  logSoftmax,
  logsumexp,
  lt,
  matmul,
  max,
  maximum,
  maxPool2dBackward,
  maxPool2dWithIndices,
  mean,
  min,
  minimum,
  mul,
  NDArray,
  ne,
  neg,
  type Operand,
  oneHot,
  outer,
  pad,
  permute,
  pow,
  prod,
  relu,
  scatterAdd,
  sigmoid,
  sign,
  sin,
  softmax,
  split,
  sqrt,
  stack,
  std,
  sub,
  sum,
  tanh,
  transpose,
  variance,
  where,
} from './index.js';

export interface GoldenCase {
  name: string;
  op: string;
  // biome-ignore lint/suspicious/noExplicitAny: option bags of many shapes, read per op
  args?: Record<string, any>;
  inputs: Record<string, EncodedTensor>;
  expected: Record<string, EncodedTensor>;
  /** How to compare particular outputs: `columnSign` (eigenvectors up to sign) or `skip`. */
  compare?: Record<string, 'columnSign' | 'skip'>;
}

export function toNDArray(t: EncodedTensor): NDArray {
  const x = NDArray.fromTypedArray(decodeData(t), t.shape);
  return t.permute ? permute(x, t.permute) : x;
}

type Inputs = Record<string, NDArray>;
// biome-ignore lint/suspicious/noExplicitAny: see GoldenCase.args
type Args = Record<string, any>;
type Outputs = Record<string, NDArray>;

/** A binary op's operands: an input array or, when the case gives it in args, a JS number. */
function operands(x: Inputs, a: Args): [Operand, Operand] {
  return [x.a ?? (a.a as number), x.b ?? (a.b as number)];
}

/** The inputs named x0, x1, … in order. */
function numbered(x: Inputs): NDArray[] {
  return Object.keys(x)
    .sort((p, q) => Number(p.slice(1)) - Number(q.slice(1)))
    .map((k) => x[k]!);
}

const binary =
  (fn: (a: Operand, b: Operand) => NDArray) =>
  (x: Inputs, a: Args): Outputs => ({ out: fn(...operands(x, a)) });
const unary =
  (fn: (x: NDArray) => NDArray) =>
  (x: Inputs): Outputs => ({ out: fn(x.x!) });
const reduction =
  (fn: (x: NDArray, dim: number | number[] | undefined, keepdim: boolean) => NDArray) =>
  (x: Inputs, a: Args): Outputs => ({ out: fn(x.x!, a.dim, a.keepdim ?? false) });
const alongDim =
  (fn: (x: NDArray, dim: number) => NDArray) =>
  (x: Inputs, a: Args): Outputs => ({ out: fn(x.x!, a.dim) });

function convOptions(a: Args) {
  return { stride: a.stride, padding: a.padding, dilation: a.dilation };
}
function convTransposeOptions(a: Args) {
  return { ...convOptions(a), outputPadding: a.outputPadding };
}
function poolOptions(a: Args) {
  return { stride: a.stride, padding: a.padding, dilation: a.dilation, ceilMode: a.ceilMode };
}
function avgPoolOptions(a: Args) {
  return {
    stride: a.stride,
    padding: a.padding,
    ceilMode: a.ceilMode,
    countIncludePad: a.countIncludePad,
  };
}

export const RUNNERS: Record<string, (x: Inputs, a: Args) => Outputs> = {
  // elementwise
  add: binary(add),
  sub: binary(sub),
  mul: binary(mul),
  div: binary(div),
  pow: binary(pow),
  minimum: binary(minimum),
  maximum: binary(maximum),
  eq: binary(eq),
  ne: binary(ne),
  lt: binary(lt),
  le: binary(le),
  gt: binary(gt),
  ge: binary(ge),
  neg: unary(neg),
  abs: unary(abs),
  exp: unary(exp),
  log: unary(log),
  log1p: unary(log1p),
  sqrt: unary(sqrt),
  tanh: unary(tanh),
  sigmoid: unary(sigmoid),
  relu: unary(relu),
  sign: unary(sign),
  sin: unary(sin),
  cos: unary(cos),
  leakyRelu: (x, a) => ({ out: leakyRelu(x.x!, a.negativeSlope) }),
  clamp: (x, a) => ({ out: clamp(x.x!, a.min, a.max) }),
  where: (x, a) => ({ out: where(x.cond!, ...operands(x, a)) }),
  // reductions
  sum: reduction(sum),
  mean: reduction(mean),
  max: reduction(max),
  min: reduction(min),
  prod: reduction(prod),
  logsumexp: reduction(logsumexp),
  var: (x, a) => ({ out: variance(x.x!, a.dim, a.keepdim, a.correction) }),
  std: (x, a) => ({ out: std(x.x!, a.dim, a.keepdim, a.correction) }),
  argmax: (x, a) => ({ out: argmax(x.x!, a.dim, a.keepdim ?? false) }),
  argmin: (x, a) => ({ out: argmin(x.x!, a.dim, a.keepdim ?? false) }),
  softmax: alongDim(softmax),
  logSoftmax: alongDim(logSoftmax),
  cumsum: alongDim(cumsum),
  // movement
  permute: (x, a) => ({ out: permute(x.x!, a.dims) }),
  transpose: (x, a) => ({ out: transpose(x.x!, a.dim0, a.dim1) }),
  concat: (x, a) => ({ out: concat(numbered(x), a.dim) }),
  stack: (x, a) => ({ out: stack(numbered(x), a.dim) }),
  split: (x, a) =>
    Object.fromEntries(split(x.x!, a.splitSize, a.dim).map((p, i) => [`out${i}`, p])),
  pad: (x, a) => ({ out: pad(x.x!, a.pads, a.value) }),
  flip: (x, a) => ({ out: flip(x.x!, a.dims) }),
  gather: (x, a) => ({ out: gather(x.x!, a.dim, x.index!) }),
  indexSelect: (x, a) => ({ out: indexSelect(x.x!, a.dim, x.index!) }),
  scatterAdd: (x, a) => ({ out: scatterAdd(x.x!, a.dim, x.index!, x.src!) }),
  oneHot: (x, a) => ({ out: oneHot(x.indices!, a.numClasses) }),
  // linear algebra
  matmul: (x) => ({ out: matmul(x.a!, x.b!) }),
  dot: (x) => ({ out: dot(x.a!, x.b!) }),
  outer: (x) => ({ out: outer(x.a!, x.b!) }),
  eigh: (x) => {
    const { eigenvalues, eigenvectors: v } = eigh(x.x!);
    return {
      eigenvalues,
      eigenvectors: v,
      reconstruction: matmul(v.mul(eigenvalues), v.T),
      gram: matmul(v.T, v),
    };
  },
  // convolution
  conv2d: (x, a) => ({ out: conv2d(x.x!, x.weight!, x.bias, convOptions(a)) }),
  conv2dBackward: (x, a) => ({
    gradInput: conv2dBackwardInput(x.gradOut!, x.weight!, x.x!.shape, convOptions(a)),
    gradWeight: conv2dBackwardWeight(x.x!, x.gradOut!, x.weight!.shape, convOptions(a)),
  }),
  convTranspose2d: (x, a) => ({
    out: convTranspose2d(x.x!, x.weight!, x.bias, convTransposeOptions(a)),
  }),
  convTranspose2dBackward: (x, a) =>
    convTranspose2dBackward(x.gradOut!, x.x!, x.weight!, convTransposeOptions(a)),
  // pooling
  maxPool2d: (x, a) => {
    const { output, indices } = maxPool2dWithIndices(x.x!, a.kernelSize, poolOptions(a));
    return { out: output, indices };
  },
  maxPool2dBackward: (x, a) => {
    const { indices } = maxPool2dWithIndices(x.x!, a.kernelSize, poolOptions(a));
    return {
      gradInput: maxPool2dBackward(x.gradOut!, indices, x.x!.shape, a.kernelSize, poolOptions(a)),
    };
  },
  avgPool2d: (x, a) => ({ out: avgPool2d(x.x!, a.kernelSize, avgPoolOptions(a)) }),
  avgPool2dBackward: (x, a) => ({
    gradInput: avgPool2dBackward(x.gradOut!, x.x!.shape, a.kernelSize, avgPoolOptions(a)),
  }),
};

/** Flips the sign of each column of `ours` [n, n] so that it points the way `ref`'s does. */
function alignColumnSigns(ours: number[], ref: number[], n: number): number[] {
  const out = [...ours];
  for (let j = 0; j < n; j++) {
    let d = 0;
    for (let i = 0; i < n; i++) d += ours[i * n + j]! * ref[i * n + j]!;
    if (d < 0) for (let i = 0; i < n; i++) out[i * n + j] = -ours[i * n + j]!;
  }
  return out;
}

/** The first element that breaks the tolerance, described for the failure message, or null. */
export function mismatch(
  ours: number[],
  ref: number[],
  dtype: DType,
  rtol = dtype === 'float64' ? 1e-10 : 1e-5,
): string | null {
  const exact = dtype === 'int32' || dtype === 'bool';
  let worst = 0;
  let first: string | null = null;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const o = ours[i]!;
    if (!Number.isFinite(r)) {
      if (!Object.is(r, o) && !(Number.isNaN(r) && Number.isNaN(o)))
        first ??= `[${i}]: ours ${o}, torch ${r}`;
      continue;
    }
    const err = Math.abs(o - r);
    const bad = exact ? o !== r : !(err <= rtol * Math.max(1, Math.abs(r)));
    if (bad) first ??= `[${i}]: ours ${o}, torch ${r} (|diff| ${err.toExponential(2)})`;
    worst = Math.max(worst, err);
  }
  return first && `${first}; max |diff| ${worst.toExponential(2)}`;
}

/** float64 is not computed on the gpu backend (it works in float32): those cases are left out there. */
export function usesFloat64(c: GoldenCase): boolean {
  return [...Object.values(c.inputs), ...Object.values(c.expected)].some(
    (t) => t.dtype === 'float64',
  );
}

/**
 * Runs one case on the active backend and compares every output with
 * PyTorch's: null when all agree, else what differs first. Values are read
 * with `await`, which every backend serves (WebGPU serves nothing else).
 */
export async function checkCase(c: GoldenCase, backend: string): Promise<string | null> {
  const run = RUNNERS[c.op];
  if (!run) return `no runner for op '${c.op}'`;
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toNDArray(v)]));
  const outputs = run(inputs, c.args ?? {});
  const keys = (o: object) => Object.keys(o).sort().join(', ');
  if (keys(outputs) !== keys(c.expected))
    return `outputs ${keys(outputs)}, torch's ${keys(c.expected)}`;
  for (const [key, want] of Object.entries(c.expected)) {
    const mode = c.compare?.[key];
    if (mode === 'skip') continue;
    const got = outputs[key]!;
    if (got.backend.name !== backend) return `${key} is on the ${got.backend.name} backend`;
    const shape = (x: readonly number[]) => `[${x.join(', ')}]`;
    if (got.dtype !== want.dtype || shape(got.shape) !== shape(want.shape))
      return `${key}: ${got.dtype} ${shape(got.shape)}, torch ${want.dtype} ${shape(want.shape)}`;
    let ours = Array.from(await got.data());
    const ref = want.data.map(decodeValue);
    if (mode === 'columnSign') ours = alignColumnSigns(ours, ref, want.shape[0]!);
    const problem = mismatch(ours, ref, want.dtype);
    if (problem) return `${key} ${problem}`;
  }
  return null;
}

/**
 * Every float32 case (float64 is not computed on a device) run on the active
 * backend, named `backend`: how many ran and what differs in each that fails
 * (a throw counts as a failure). For programs that report rather than assert
 * (the browser check, the GPU kit).
 */
export async function checkFloat32Cases(
  cases: readonly GoldenCase[],
  backend: string,
): Promise<{ ran: number; failures: { name: string; problem: string }[] }> {
  const failures: { name: string; problem: string }[] = [];
  let ran = 0;
  for (const c of cases) {
    if (usesFloat64(c)) continue;
    ran++;
    let problem: string | null;
    try {
      problem = await checkCase(c, backend);
    } catch (e) {
      problem = `threw: ${(e as Error).message.split('\n')[0]}`;
    }
    if (problem) failures.push({ name: c.name, problem });
  }
  return { ran, failures };
}
