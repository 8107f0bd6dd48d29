/**
 * Golden tests: every layer, activation and loss against PyTorch 1.13.
 *
 * The numbers come from scripts/golden/nn_layers.py (run it with
 * /usr/bin/python3 to regenerate scripts/golden/nn-layers.json); these tests
 * only read the JSON and never need Python. Each case builds our layer with
 * the same constructor arguments, loads torch's parameters and buffers with
 * loadStateDict, runs forward in train or eval mode, backpropagates the
 * recorded upstream gradients and compares the outputs, the input and
 * parameter gradients and the buffers after the step (BatchNorm's running
 * statistics) with torch's: float32 to 1e-5 · max(1, |torch|) per element,
 * float64 to 1e-10 · max(1, |torch|). Set GOLDEN_REPORT=1 to print each
 * case's largest error.
 */
import { Tensor } from '@gradlab/autograd';
import { NDArray } from '@gradlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeData, type EncodedTensor, readGolden } from '../../../test-support/golden-json.js';
import * as nn from './index.js';
import type { Module } from './module.js';

interface GoldenCase {
  name: string;
  kind: 'layer' | 'loss';
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: constructor arguments of many layers, passed through
  ctor: any[];
  dtype: 'float32' | 'float64';
  train: boolean;
  state: Record<string, EncodedTensor>;
  inputs: Record<string, EncodedTensor>;
  gradOutputs: Record<string, EncodedTensor>;
  expected: Record<string, EncodedTensor>;
}

const golden = readGolden<{ torch: string; cases: GoldenCase[] }>(
  new URL('../../../scripts/golden/nn-layers.json', import.meta.url),
);

function toNDArray(t: EncodedTensor): NDArray {
  return NDArray.fromTypedArray(decodeData(t), t.shape);
}

// biome-ignore lint/suspicious/noExplicitAny: every exported layer class, looked up by name
const LAYERS = nn as unknown as Record<string, new (...args: any[]) => Module>;

/** Our module for a layer case, in the case's dtype, with torch's parameters and buffers. */
function buildLayer(c: GoldenCase): Module {
  const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, toNDArray(v)]));
  const args = [...c.ctor];
  if (c.type === 'MaskedLinear') args.push(state.mask);
  const Ctor = LAYERS[c.type];
  if (!Ctor) throw new Error(`golden: no layer ${c.type}`);
  const module = new Ctor(...args).to(c.dtype);
  const ours = module.stateDict();
  // Every torch key must exist here and every parameter of ours must be set by torch; our
  // BatchNorm keeps running-stat buffers even without trackRunningStats, torch does not.
  expect(Object.keys(state).filter((k) => !(k in ours))).toEqual([]);
  expect(module.namedParameters().filter(([k]) => !(k in state))).toEqual([]);
  module.loadStateDict(state, false);
  module.train(c.train);
  return module;
}

/** Runs a case; returns every quantity the JSON has an expectation for, by the same names. */
function run(c: GoldenCase): Record<string, NDArray> {
  const inputs: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(c.inputs)) {
    const value = toNDArray(v);
    const differentiable = (k === 'x' || k === 'h0' || k === 'c0') && value.dtype !== 'int32';
    inputs[k] = new Tensor(value, { requiresGrad: differentiable });
  }
  const outputs: Record<string, Tensor> = {};
  let module: Module | undefined;
  if (c.kind === 'loss') {
    const options = typeof c.ctor[0] === 'string' ? c.ctor[0] : { ...c.ctor[0] };
    if (inputs.weight) options.weight = inputs.weight;
    if (inputs.posWeight) options.posWeight = inputs.posWeight;
    const loss = new LAYERS[c.type]!(options);
    outputs.out = loss.forward(inputs.x!, inputs.target!);
  } else {
    module = buildLayer(c);
    const { x, h0, c0 } = inputs;
    if (module instanceof nn.LSTM) {
      Object.assign(outputs, module.forwardWithState(x!, { h: h0, c: c0 }));
      outputs.out = outputs.output!;
      delete outputs.output;
    } else if (module instanceof nn.RNN || module instanceof nn.GRU) {
      const r = module.forwardWithState(x!, h0);
      Object.assign(outputs, { out: r.output, h: r.h });
    } else {
      outputs.out = module.forward(x!);
    }
  }
  let total: Tensor | undefined;
  for (const [k, out] of Object.entries(outputs)) {
    const term = out.mul(new Tensor(toNDArray(c.gradOutputs[k]!))).sum();
    total = total ? total.add(term) : term;
  }
  total!.backward();
  const got: Record<string, NDArray> = {};
  for (const [k, v] of Object.entries(outputs)) got[k] = v.data;
  for (const [k, v] of Object.entries(inputs)) if (v.grad) got[`grad.${k}`] = v.grad;
  if (module) {
    for (const [k, p] of module.namedParameters()) if (p.grad) got[`grad.${k}`] = p.grad;
    for (const [k, b] of module.namedBuffers()) got[`state.${k}`] = b;
  }
  return got;
}

const report: string[] = [];
afterAll(() => {
  if (process.env.GOLDEN_REPORT) console.log(report.join('\n'));
});

describe(`nn layers and losses against PyTorch ${golden.torch}`, () => {
  it('has cases for every layer and loss', () => {
    const types = new Set(golden.cases.map((c) => c.type));
    for (const t of [
      'Linear',
      'Conv2d',
      'ConvTranspose2d',
      'MaxPool2d',
      'AvgPool2d',
      'BatchNorm1d',
      'BatchNorm2d',
      'Dropout',
      'Flatten',
      'Unflatten',
      'Embedding',
      'RNN',
      'LSTM',
      'GRU',
      'MaskedLinear',
      'MaskedConv2d',
      'ReLU',
      'LeakyReLU',
      'Tanh',
      'Sigmoid',
      'Softmax',
      'LogSoftmax',
      'GELU',
      'ELU',
      'MSELoss',
      'L1Loss',
      'HuberLoss',
      'BCELoss',
      'BCEWithLogitsLoss',
      'CrossEntropyLoss',
      'NLLLoss',
    ])
      expect(types).toContain(t);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const got = run(c);
    const tol = c.dtype === 'float64' ? 1e-10 : 1e-5;
    let worst = 0;
    for (const [key, enc] of Object.entries(c.expected)) {
      const actual = got[key];
      expect(actual, `${key} was not computed`).toBeDefined();
      expect([...actual!.shape], `${key} shape`).toEqual(enc.shape);
      const want = toNDArray(enc).dataSync();
      const have = actual!.dataSync();
      for (let i = 0; i < want.length; i++) {
        const w = want[i]!;
        const h = have[i]!;
        if (Number.isNaN(w)) {
          expect(h, `${key}[${i}]`).toBeNaN();
          continue;
        }
        const err = Math.abs(h - w) / Math.max(1, Math.abs(w));
        worst = Math.max(worst, err);
        if (!(err <= tol))
          expect.fail(`${key}[${i}]: ours ${h}, torch ${w} (error ${err} > ${tol})`);
      }
    }
    report.push(`${worst.toExponential(2)}  ${c.dtype}  ${c.name}`);
  });
});
