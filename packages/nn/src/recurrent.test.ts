import { Tensor, tensor } from '@gradlab/autograd';
import { gradcheck } from '@gradlab/autograd/testing';
import { Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { GRU, Linear, LSTM, RNN, Sequential } from './index.js';

const g = () => new Generator(7);
const input = (shape: number[], seed = 1) =>
  new Tensor(randn(shape, { generator: new Generator(seed) }));

describe('RNN, LSTM and GRU', () => {
  it("name and shape their parameters like PyTorch's, layer by layer", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, generator: g() });
    expect(lstm.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      'weightIhL0:16x3',
      'weightHhL0:16x4',
      'biasIhL0:16',
      'biasHhL0:16',
      'weightIhL1:16x4',
      'weightHhL1:16x4',
      'biasIhL1:16',
      'biasHhL1:16',
    ]);
    const gru = new GRU(2, 5, { bias: false, bidirectional: true, generator: g() });
    expect(gru.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      'weightIhL0:15x2',
      'weightHhL0:15x5',
      'weightIhL0Reverse:15x2',
      'weightHhL0Reverse:15x5',
    ]);
    expect(new RNN(3, 6, { generator: g() }).numParameters()).toBe(6 * 3 + 6 * 6 + 12);
    expect(String(new LSTM(3, 4, { numLayers: 2, batchFirst: true }))).toBe(
      'LSTM(3, 4, numLayers=2, batchFirst=true)',
    );
  });

  it('initialise every parameter U(±1/√hiddenSize), reproducibly from a generator', () => {
    const lstm = new LSTM(8, 25, { generator: g() });
    for (const p of lstm.parameters()) {
      expect(p.data.max().item()).toBeLessThanOrEqual(0.2);
      expect(p.data.min().item()).toBeGreaterThanOrEqual(-0.2);
    }
    expect(lstm.weightHhL0.data.std().item()).toBeCloseTo(0.2 / Math.sqrt(3), 2);
    const again = new LSTM(8, 25, { generator: g() });
    expect(again.weightIhL0.data.toArray()).toEqual(lstm.weightIhL0.data.toArray());
  });

  it('return outputs and final states in time-major, batch-first and unbatched layouts', () => {
    const x = input([5, 2, 3]); // [seq, batch, feature]
    const lstm = new LSTM(3, 4, { numLayers: 2, generator: g() });
    const { output, h, c } = lstm.forwardWithState(x);
    expect([output.shape, h.shape, c.shape]).toEqual([
      [5, 2, 4],
      [2, 2, 4],
      [2, 2, 4],
    ]);
    // The last layer's final h is its output at the last step.
    expect(h.select(0, 1).toArray()).toEqual(output.select(0, 4).toArray());
    expect(lstm.forward(x).toArray()).toEqual(output.toArray());

    const bf = new LSTM(3, 4, { numLayers: 2, batchFirst: true, generator: g() });
    const r = bf.forwardWithState(x.transpose(0, 1));
    expect(r.output.shape).toEqual([2, 5, 4]);
    expect(r.h.shape).toEqual([2, 2, 4]); // states are never batch-first, as in PyTorch
    expect(r.output.transpose(0, 1).toArray()).toEqual(output.toArray());

    const un = lstm.forwardWithState(x.select(1, 0));
    expect([un.output.shape, un.h.shape]).toEqual([
      [5, 4],
      [2, 4],
    ]);
    expect(un.output.toArray()).toEqual(output.select(1, 0).toArray());

    const bi = new GRU(3, 4, { bidirectional: true, numLayers: 2, generator: g() });
    const b = bi.forwardWithState(x);
    expect([b.output.shape, b.h.shape]).toEqual([
      [5, 2, 8],
      [4, 2, 4],
    ]);
    // Forward direction ends at the last step, the reverse one at the first.
    expect(b.h.select(0, 2).toArray()).toEqual(b.output.select(0, 4).narrow(1, 0, 4).toArray());
    expect(b.h.select(0, 3).toArray()).toEqual(b.output.select(0, 0).narrow(1, 4, 4).toArray());
  });

  it('continue from given initial states (running in two halves equals one run)', () => {
    const x = input([6, 2, 3]);
    for (const layer of [
      new RNN(3, 4, { numLayers: 2, nonlinearity: 'relu', generator: g() }),
      new GRU(3, 4, { numLayers: 2, generator: g() }),
    ]) {
      const whole = layer.forwardWithState(x);
      const first = layer.forwardWithState(x.narrow(0, 0, 3));
      const second = layer.forwardWithState(x.narrow(0, 3, 3), first.h);
      for (const [a, b] of [
        [second.h, whole.h],
        [second.output, whole.output.narrow(0, 3, 3)],
      ] as const) {
        const diff = a.sub(b).abs().max().item();
        expect(diff).toBeLessThan(1e-6);
      }
    }
    const lstm = new LSTM(3, 4, { generator: g() });
    const whole = lstm.forwardWithState(x);
    const first = lstm.forwardWithState(x.narrow(0, 0, 2));
    const rest = lstm.forwardWithState(x.narrow(0, 2, 4), first);
    expect(rest.c.sub(whole.c).abs().max().item()).toBeLessThan(1e-6);
  });

  it('pass gradcheck for inputs, initial states and weights (float64)', () => {
    const lstm = new LSTM(2, 3, { numLayers: 2, generator: g() }).double();
    const x = new Tensor(randn([3, 2, 2], { dtype: 'float64', generator: g() }), {
      requiresGrad: true,
    });
    const h0 = new Tensor(randn([2, 2, 3], { dtype: 'float64', generator: g() }), {
      requiresGrad: true,
    });
    const c0 = new Tensor(randn([2, 2, 3], { dtype: 'float64', generator: g() }), {
      requiresGrad: true,
    });
    const w = lstm.weightHhL0;
    const r = gradcheck(
      (xi, hi, ci) => {
        const s = lstm.forwardWithState(xi!, { h: hi, c: ci });
        return s.output.sum().add(s.c.sum());
      },
      [x, h0, c0, w],
    );
    expect(r.mismatches).toEqual([]);
  });

  it('apply dropout between layers only in training, from the seeded generator', () => {
    const x = input([4, 2, 3]);
    const make = () => new GRU(3, 4, { numLayers: 2, dropout: 0.5, generator: g() });
    const a = make().forward(x);
    const b = make().forward(x);
    expect(a.toArray()).toEqual(b.toArray());
    const m = make();
    const noDrop = new GRU(3, 4, { numLayers: 2, generator: g() });
    expect(m.eval().forward(x).toArray()).toEqual(noDrop.forward(x).toArray());
    expect(a.toArray()).not.toEqual(noDrop.forward(x).toArray());
  });

  it('fit in a Sequential and backpropagate through 300 steps without overflowing', () => {
    const model = new Sequential(new LSTM(1, 3, { generator: g() }), new Linear(3, 1));
    const y = model.forward(input([300, 1, 1]));
    expect(y.shape).toEqual([300, 1, 1]);
    y.sum().backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
  });

  it('name the layer and the shapes in their errors', () => {
    const lstm = new LSTM(3, 4, { numLayers: 2 });
    expect(() => lstm.forward(input([5, 2, 2]))).toThrow(
      'LSTM: expected input with last dim 3 (inputSize), got shape [5, 2, 2]',
    );
    expect(() => lstm.forward(input([5]))).toThrow(/LSTM: expected a 3-d input \[seq, batch, 3\]/);
    expect(() => lstm.forward(input([5, 2, 3]), input([1, 2, 4]))).toThrow(
      'LSTM: initial h0 must have shape [2, 2, 4], got [1, 2, 4]',
    );
    expect(() => lstm.forward(input([5, 2, 3]), undefined, input([2, 3, 4]))).toThrow(
      'LSTM: initial c0 must have shape [2, 2, 4], got [2, 3, 4]',
    );
    expect(() => new GRU(3, 0)).toThrow('GRU: hiddenSize must be a positive integer, got 0');
    expect(() => new RNN(3, 4, { dropout: 1 })).toThrow('RNN: dropout must be in [0, 1), got 1');
    expect(() => new RNN(3, 4, { nonlinearity: 'gelu' as never })).toThrow(
      "RNN: nonlinearity must be 'tanh' or 'relu', got 'gelu'",
    );
    expect(() => new RNN(3, 4).forward(tensor([[1, 2, 3]]).narrow(0, 0, 0))).toThrow(
      'RNN: the input sequence is empty',
    );
  });
});
