/**
 * Golden tests: random composite graphs, differentiated here and by PyTorch 1.13.
 *
 * scripts/golden/autograd_graphs.py (run it with /usr/bin/python3 to
 * regenerate scripts/golden/autograd-graphs.json) builds seeded random
 * programs of 5–20 ops over 2–4 leaves, with fan-out, and records torch's loss
 * and leaf gradients. This file replays each program with @gradlab/autograd,
 * backpropagates the same loss (the sum over the outputs of sum(output ·
 * weight)) and compares the loss and every leaf gradient with torch's: float64
 * to 1e-10 · max(1, |torch|) per element, float32 to 1e-5 · max(1, |torch|).
 * Set GOLDEN_REPORT=1 to print each graph's largest error.
 */
import { readFileSync } from 'node:fs';
import { NDArray } from '@gradlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import {
  add,
  avgPool2d,
  concat,
  conv2d,
  div,
  gather,
  indexSelect,
  matmul,
  maxPool2d,
  mul,
  pad,
  stack,
  sub,
  Tensor,
  where,
} from './index.js';

type FloatDType = 'float32' | 'float64';

interface Encoded {
  shape: number[];
  data: number[];
}

interface Step {
  op: string;
  // biome-ignore lint/suspicious/noExplicitAny: per-op arguments, read by the interpreter below
  args: Record<string, any>;
  inputs: number[];
  shape: number[];
}

interface Graph {
  name: string;
  dtype: FloatDType;
  leaves: { id: number; value: Encoded }[];
  program: Step[];
  outputs: { id: number; weight: Encoded }[];
  loss: number;
  grads: Encoded[];
}

const golden: { torch: string; graphs: Graph[] } = JSON.parse(
  readFileSync(new URL('../../../scripts/golden/autograd-graphs.json', import.meta.url), 'utf8'),
);

const TOL: Record<FloatDType, number> = { float32: 1e-5, float64: 1e-10 };

function floats(t: Encoded, dtype: FloatDType): NDArray {
  const data = dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data);
  return NDArray.fromTypedArray(data, t.shape);
}
const ints = (t: Encoded) => NDArray.fromTypedArray(Int32Array.from(t.data), t.shape);
const mask = (t: Encoded) => NDArray.fromTypedArray(Uint8Array.from(t.data), t.shape).to('bool');

type Binary = (a: Tensor | number, b: Tensor | number) => Tensor;
const BINARY: Record<string, Binary> = { add, sub, mul, div };

/** One program step with our ops; `x` are the step's input values. */
// biome-ignore lint/suspicious/noExplicitAny: per-op arguments from the JSON
function step(op: string, a: Record<string, any>, x: Tensor[]): Tensor {
  const [x0] = x as [Tensor];
  const dim = (d: number | number[] | null) => (d === null ? undefined : d);
  switch (op) {
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const f = BINARY[op]!;
      if ('scalar' in a) return a.reverse ? f(a.scalar, x0) : f(x0, a.scalar);
      return f(x0, x[1]!);
    }
    case 'pow':
      return x0.pow(a.exponent);
    case 'exp':
      return x0.exp();
    case 'log':
      return x0.log();
    case 'sqrt':
      return x0.sqrt();
    case 'tanh':
      return x0.tanh();
    case 'sigmoid':
      return x0.sigmoid();
    case 'relu':
      return x0.relu();
    case 'gelu':
      return x0.gelu();
    case 'softplus':
      return x0.softplus();
    case 'leakyRelu':
      return x0.leakyRelu(a.slope);
    case 'sum':
      return x0.sum(dim(a.dim), a.keepdim);
    case 'mean':
      return x0.mean(dim(a.dim), a.keepdim);
    case 'max':
      return x0.max(dim(a.dim), a.keepdim);
    case 'logsumexp':
      return x0.logsumexp(a.dim, a.keepdim);
    case 'softmax':
      return x0.softmax(a.dim);
    case 'logSoftmax':
      return x0.logSoftmax(a.dim);
    case 'reshape':
      return x0.reshape(a.shape);
    case 'permute':
      return x0.permute(...a.dims);
    case 'transpose':
      return x0.transpose(a.dim0, a.dim1);
    case 'slice':
      return x0.slice(a.dim, a.start, a.end, a.step);
    case 'narrow':
      return x0.narrow(a.dim, a.start, a.length);
    case 'flip':
      return x0.flip(a.dims);
    case 'concat':
      return concat(x, a.dim);
    case 'stack':
      return stack(x, a.dim);
    case 'pad':
      return pad(x0, a.pads, a.value);
    case 'gather':
      return gather(x0, a.dim, ints(a.index));
    case 'indexSelect':
      return indexSelect(x0, a.dim, a.index);
    case 'matmul':
      return matmul(x0, x[1]!);
    case 'conv2d':
      return conv2d(x0, x[1]!, x[2] ?? null, {
        stride: a.stride,
        padding: a.padding,
        dilation: a.dilation,
      });
    case 'maxPool2d':
      return maxPool2d(x0, a.kernelSize, {
        stride: a.stride,
        padding: a.padding,
        dilation: a.dilation,
        ceilMode: a.ceilMode,
      });
    case 'avgPool2d':
      return avgPool2d(x0, a.kernelSize, {
        stride: a.stride,
        padding: a.padding,
        ceilMode: a.ceilMode,
        countIncludePad: a.countIncludePad,
      });
    case 'where':
      return where(mask(a.mask), x0, x[1]!);
    default:
      throw new Error(`golden: unknown op ${op}`);
  }
}

/** Largest |ours − torch| / max(1, |torch|) over the elements. */
function relErr(ours: ArrayLike<number>, ref: readonly number[]): number {
  expect(ours.length).toBe(ref.length);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(ours[i]! - ref[i]!) / Math.max(1, Math.abs(ref[i]!));
    worst = Number.isNaN(err) ? Number.POSITIVE_INFINITY : Math.max(worst, err);
  }
  return worst;
}

const report: string[] = [];
const worst: Record<FloatDType, number> = { float32: 0, float64: 0 };

describe(`random graphs against PyTorch ${golden.torch}`, () => {
  it('has float64 and float32 graphs with fan-out', () => {
    expect(golden.graphs.filter((g) => g.dtype === 'float64').length).toBeGreaterThanOrEqual(50);
    expect(golden.graphs.filter((g) => g.dtype === 'float32').length).toBeGreaterThanOrEqual(5);
    for (const g of golden.graphs) {
      const uses = new Map<number, number>();
      for (const s of g.program)
        for (const i of new Set(s.inputs)) uses.set(i, (uses.get(i) ?? 0) + 1);
      expect(Math.max(...uses.values()), g.name).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(golden.graphs.map((g) => [g.name, g] as const))('%s', (_, g) => {
    const leaves = g.leaves.map(
      (l) => new Tensor(floats(l.value, g.dtype), { requiresGrad: true, name: `leaf ${l.id}` }),
    );
    const values: Tensor[] = [...leaves];
    g.program.forEach((s, k) => {
      const out = step(
        s.op,
        s.args,
        s.inputs.map((i) => values[i]!),
      );
      expect([...out.shape], `step ${k} (${s.op}) shape`).toEqual(s.shape);
      expect(out.dtype, `step ${k} (${s.op}) dtype`).toBe(g.dtype);
      values.push(out);
    });
    let loss: Tensor | null = null;
    for (const o of g.outputs) {
      const term = values[o.id]!.mul(floats(o.weight, g.dtype)).sum();
      loss = loss ? loss.add(term) : term;
    }
    loss!.backward();

    const errors = [relErr([loss!.item()], [g.loss])];
    leaves.forEach((leaf, i) => {
      expect(leaf.grad, `grad of leaf ${i}`).not.toBeNull();
      expect([...leaf.grad!.shape]).toEqual(g.grads[i]!.shape);
      errors.push(relErr(leaf.grad!.dataSync(), g.grads[i]!.data));
    });
    const max = Math.max(...errors);
    worst[g.dtype] = Math.max(worst[g.dtype], max);
    report.push(`${g.name}: ${max.toExponential(2)}`);
    expect(errors[0], 'loss').toBeLessThanOrEqual(TOL[g.dtype]);
    errors.slice(1).forEach((e, i) => {
      expect(e, `grad of leaf ${i}`).toBeLessThanOrEqual(TOL[g.dtype]);
    });
  });

  afterAll(() => {
    if (process.env.GOLDEN_REPORT) {
      console.log(report.join('\n'));
      console.log(
        `worst float64 ${worst.float64.toExponential(2)}, float32 ${worst.float32.toExponential(2)}`,
      );
    }
  });
});
