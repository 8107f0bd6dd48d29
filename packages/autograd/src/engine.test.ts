import {
  array,
  CpuBackend,
  Generator,
  type NDArray,
  randn as randnArray,
  type Storage,
} from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import { linear, noGrad, record, tensor } from './index.js';
import { Tensor } from './tensor.js';

describe('backward engine', () => {
  it('computes the chain rule through a small graph (checked by hand)', () => {
    // y = (x·w + b)², x = 2, w = 3, b = 1 → y = 49, dy/dw = 2·7·2 = 28, dy/db = 14, dy/dx = 42
    const x = tensor([2], { requiresGrad: true });
    const w = tensor([3], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const y = x.mul(w).add(b).pow(2).sum();
    expect(y.item()).toBe(49);
    y.backward();
    expect(w.grad!.toArray()).toEqual([28]);
    expect(b.grad!.toArray()).toEqual([14]);
    expect(x.grad!.toArray()).toEqual([42]);
  });

  it('accumulates into .grad across backward calls, like PyTorch', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad!.toArray()).toEqual([6, 6]);
  });

  it('sums gradients of a tensor used twice and reduces broadcast gradients', () => {
    const a = tensor([[1, 2, 3]], { requiresGrad: true }); // [1, 3] broadcast against [2, 3]
    const b = tensor([[1], [10]], { requiresGrad: true }); // [2, 1]
    a.mul(b).add(a).sum().backward();
    expect(a.grad!.toArray()).toEqual([[13, 13, 13]]);
    expect(b.grad!.toArray()).toEqual([[6], [6]]);
  });

  it('adds terms in place only into sums it made: shared gradient arrays stay intact', () => {
    // y = a·(x + x) + x·b: add's backward hands the same array to both of its inputs,
    // and x collects three terms; a and b must still see their own exact gradients.
    const x = new Tensor(array([1, 2, 3], { dtype: 'float64' }), { requiresGrad: true });
    const a = new Tensor(array([2, 3, 4], { dtype: 'float64' }), { requiresGrad: true });
    const b = new Tensor(array([5, 6, 7], { dtype: 'float64' }), { requiresGrad: true });
    const s = x.add(x);
    s.mul(a).add(x.mul(b)).sum().backward();
    expect(x.grad!.toArray()).toEqual([2 * 2 + 5, 2 * 3 + 6, 2 * 4 + 7]);
    expect(a.grad!.toArray()).toEqual([2, 4, 6]);
    expect(b.grad!.toArray()).toEqual([1, 2, 3]);
    // a second backward accumulates into the same gradient array, as PyTorch does
    const before = x.grad!;
    x.mul(3).sum().backward();
    expect(x.grad).toBe(before);
    expect(x.grad!.toArray()).toEqual([12, 15, 18]);
  });

  it('a leaf keeps a gradient made for it alone, and copies one anything else may hold', () => {
    // A custom op whose backward returns a new array: the leaf keeps that very array (no copy).
    const w = tensor([1, 2, 3], { requiresGrad: true });
    let made: NDArray | null = null;
    const twice = (t: Tensor) =>
      record('twice', [t], t.data.mul(2), (g) => {
        made = g.mul(2);
        return [made];
      });
    twice(w).sum().backward();
    expect(w.grad).toBe(made);
    expect(w.grad!.toArray()).toEqual([2, 2, 2]);

    // A backward returning an array made before the pass (captured by its closure): copied, so
    // accumulating into the leaf's gradient leaves the captured array intact.
    const captured = array([7, 8, 9]);
    const v = tensor([0, 0, 0], { requiresGrad: true });
    const constantGrad = (t: Tensor) =>
      record('constantGrad', [t], t.data.clone(), () => [captured]);
    constantGrad(v).sum().backward();
    constantGrad(v).sum().backward();
    expect(v.grad).not.toBe(captured);
    expect(v.grad!.toArray()).toEqual([14, 16, 18]);
    expect(captured.toArray()).toEqual([7, 8, 9]);

    // The caller's gradient, handed by add's backward to both inputs: neither leaf holds it.
    const a = tensor([1, 1], { requiresGrad: true });
    const b = tensor([2, 2], { requiresGrad: true });
    const seed = array([3, 4]);
    a.add(b).backward(seed);
    expect(a.grad).not.toBe(seed);
    expect(b.grad).not.toBe(seed);
    expect(a.grad).not.toBe(b.grad);
    a.grad!.add_(array([100, 100]));
    expect(b.grad!.toArray()).toEqual([3, 4]);
    expect(seed.toArray()).toEqual([3, 4]);
  });

  it('never lets a leaf keep a new array that another input of the same op also receives', () => {
    // `pair`'s backward hands one new array h to a leaf (a) and to a non-leaf (m = 3c), and a
    // gets a second term (from a·m) before m's backward runs. Were h kept by a and that term
    // added into it in place, m would be handed 1 + 3 instead of 1: c.grad 15, not 6.
    const a = tensor([1, 1], { requiresGrad: true });
    const c = tensor([1, 1], { requiresGrad: true });
    const m = c.mul(3);
    const pair = record('pair', [a, m], a.data.add(m.data), (g) => {
      const h = g.mul(1);
      return [h, h];
    });
    a.mul(m).sum().add(pair.sum()).backward();
    expect(a.grad!.toArray()).toEqual([4, 4]); // 1 (pair) + m
    expect(c.grad!.toArray()).toEqual([6, 6]); // 3·(1 (pair) + a)
  });

  it('gathers the gradients of many slices of one tensor (every time step of a sequence)', () => {
    const seq = new Tensor(
      randnArray([6, 2, 3], { dtype: 'float64', generator: new Generator(4) }),
      {
        requiresGrad: true,
      },
    );
    const h = seq.mul(1); // a non-leaf, so the slices' gradients meet in the engine's accumulator
    let acc: Tensor | null = null;
    for (let t = 0; t < 6; t++) {
      const step = h.select(0, t).mul(t + 1); // weight each step by t + 1
      acc = acc ? acc.add(step) : step;
    }
    // overlapping views too: a narrow covering steps 1–3 and a slice of every other step
    acc = acc!.add(h.narrow(0, 1, 3).sum(0)).add(h.slice(0, 0, 6, 2).sum(0));
    acc.sum().backward();
    const expected = [1, 2, 3, 4, 5, 6].map(
      (w, t) => w + (t >= 1 && t <= 3 ? 1 : 0) + (t % 2 === 0 ? 1 : 0),
    );
    const got = seq.grad!.toArray() as number[][][];
    got.forEach((plane, t) => {
      for (const row of plane) for (const v of row) expect(v).toBe(expected[t]);
    });
    // a leaf sliced directly takes the same path
    const leaf = new Tensor(
      array(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float64' },
      ),
      { requiresGrad: true },
    );
    leaf.select(0, 1).sum().add(leaf.select(1, 0).sum()).backward();
    expect(leaf.grad!.toArray()).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('keeps intermediate gradients only with retainGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2).retainGrad();
    const k = h.add(1);
    k.square().sum().backward();
    expect(h.grad!.toArray()).toEqual([6, 10]); // 2(2x + 1)
    expect(k.grad).toBeNull();
  });

  it('frees the graph after backward and explains a second pass', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    expect(y.gradFn!.backward).toBeNull();
    expect(y.gradFn!.inputs).toEqual([]);
    expect(() => y.backward()).toThrow(
      /a second time; its saved values were freed. Pass \{ retainGraph: true \}/,
    );
    const z = x.exp().sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expect(x.grad!.get(0)).toBeCloseTo(3 * Math.E, 5);
  });

  it('takes an explicit gradient for non-scalar outputs and checks its shape', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x);
    expect(() => y.backward()).toThrow(
      /grad can be implicitly created only for scalar outputs; this output has shape \[3\]/,
    );
    expect(() => y.backward(tensor([1, 1]))).toThrow(
      /gradient has shape \[2\] but the output has shape \[3\]/,
    );
    y.backward(tensor([1, 0, -1]));
    expect(x.grad!.toArray()).toEqual([2, 0, -6]);
  });

  it('records nothing inside noGrad and for constants', () => {
    const w = tensor([1], { requiresGrad: true });
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(tensor([1]).mul(2).requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(/does not require grad/);
    expect(() => new Tensor(array([1], { dtype: 'int32' }), { requiresGrad: true })).toThrow(
      /only floating-point tensors can require gradients, got dtype int32/,
    );
  });

  it('detach cuts the graph and shares the value', () => {
    const x = tensor([3], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    const y = x.mul(d).sum();
    y.backward();
    expect(x.grad!.toArray()).toEqual([6]);
  });

  it('walks very deep graphs without overflowing the stack', () => {
    // 20 000 recorded ops in a chain — far deeper than any recursive walk survives.
    const x = tensor([0.5], { requiresGrad: true });
    let h: Tensor = x;
    for (let i = 0; i < 10_000; i++) h = h.mul(1.0001).add(0);
    h.sum().backward();
    expect(x.grad!.get(0)).toBeCloseTo(1.0001 ** 10_000, 2);
  });

  it('backward of a leaf seeds its own gradient', () => {
    const x = tensor(2, { requiresGrad: true });
    x.backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('names operands in errors', () => {
    const x = tensor([1], { requiresGrad: true });
    expect(() => x.add([1] as never)).toThrow(
      /add: expected a Tensor, an NDArray or a number, got a JS array/,
    );
    expect(() => x.matmul(tensor(2))).toThrow(/matmul: both operands need at least 1 dim/);
  });

  it('prints with its grad function', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.toString()).toBe('tensor([1., 2.], shape=[2], dtype=float32, requiresGrad=true)');
    expect(x.mul(2).toString()).toContain('gradFn=<mul>');
  });
});

describe('end to end', () => {
  it('a 2-4-1 sigmoid MLP learns XOR with plain gradient descent', () => {
    const g = new Generator(1);
    const param = (shape: number[]) =>
      new Tensor(randnArray(shape, { generator: g }), { requiresGrad: true });
    const W1 = param([2, 4]);
    const b1 = param([4]);
    const W2 = param([4, 1]);
    const b2 = param([1]);
    const X = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const Y = tensor([[0], [1], [1], [0]]);
    let loss = 0;
    for (let step = 0; step < 5000; step++) {
      const out = X.matmul(W1).add(b1).sigmoid().matmul(W2).add(b2).sigmoid();
      const l = out.sub(Y).square().mean();
      loss = l.item();
      for (const p of [W1, b1, W2, b2]) p.grad = null;
      l.backward();
      for (const p of [W1, b1, W2, b2]) p.data.sub_(p.grad!.mul(2));
    }
    const pred = noGrad(() => X.matmul(W1).add(b1).sigmoid().matmul(W2).add(b2).sigmoid());
    expect(loss).toBeLessThan(0.01);
    const p = Array.from(pred.dataSync());
    for (const [i, t] of [0, 1, 1, 0].entries()) expect(Math.abs(p[i]! - t)).toBeLessThan(0.1);
  });
});

describe('linear', () => {
  it('equals x·Wᵀ + b, gives the weight a gradient it keeps, and names misfitting shapes', () => {
    const g = new Generator(11);
    const x = new Tensor(randnArray([5, 3], { generator: g, dtype: 'float64' }), {
      requiresGrad: true,
    });
    const w = new Tensor(randnArray([4, 3], { generator: g, dtype: 'float64' }), {
      requiresGrad: true,
    });
    const b = new Tensor(randnArray([4], { generator: g, dtype: 'float64' }), {
      requiresGrad: true,
    });
    const y = linear(x, w, b);
    const want = x.data.matmul(w.data.T).add(b.data);
    const got = y.data.dataSync();
    want.dataSync().forEach((v, i) => {
      expect(got[i]).toBeCloseTo(v, 12);
    });
    y.sum().backward();
    expect(w.grad!.isContiguous()).toBe(true);
    expect(w.grad!.storage.length).toBe(12); // its own array, not a view of a larger one
    expect(Array.from(b.grad!.dataSync())).toEqual([5, 5, 5, 5]);
    expect(() => linear(x, new Tensor(randnArray([4, 2], { generator: g })))).toThrow(
      /input \[5, 3\] and weight \[4, 2\] do not fit/,
    );
    expect(() => linear(x, w, new Tensor(randnArray([3], { generator: g })))).toThrow(
      /bias must have shape \[4\], got \[3\]/,
    );
  });
});

describe('gradient memory handed back to the backend', () => {
  /** A host backend that records what the engine hands back (and never reuses it). */
  class Recording extends CpuBackend {
    override readonly name = 'recording';
    readonly recycled: Storage[] = [];
    recycle(storage: Storage): void {
      this.recycled.push(storage);
    }
  }
  const leaf = (be: Recording, shape: number[], seed: number) =>
    new Tensor(randnArray(shape, { generator: new Generator(seed) }).to(be), {
      requiresGrad: true,
    });

  it("hands back a gradient the engine made once a primitive's backward is done with it", () => {
    const be = new Recording();
    const x = leaf(be, [3, 4], 1);
    const root = x.relu().mul(2).sum();
    root.backward();
    // mul's backward made 2·g; relu's backward used it and returned a new array: that one is dead
    expect(be.recycled.length).toBe(1);
    expect(be.recycled[0]).not.toBe(x.grad!.storage);
    const expected = x.data.gt(0).to('float32').mul(2);
    expect([...x.grad!.dataSync()]).toEqual([...expected.dataSync()]);
  });

  it('never hands back what a custom backward may keep, a view passed on, or a leaf gradient', () => {
    const be = new Recording();
    const x = leaf(be, [2, 3], 2);
    const kept: NDArray[] = [];
    // a custom op without { transient: true } that keeps the gradient it is given
    const y = record('keep', [x], x.data.clone(), (g) => {
      kept.push(g);
      return [g.mul(1)];
    });
    y.mul(3).sum().backward();
    expect(be.recycled).toEqual([]);
    expect([...kept[0]!.dataSync()]).toEqual([3, 3, 3, 3, 3, 3]);
    // reshape's backward returns a view of its gradient: passed on (here kept by the leaf), not dead
    const z = leaf(be, [2, 3], 3);
    z.reshape([3, 2]).mul(2).sum().backward();
    expect(be.recycled).toEqual([]);
    expect([...z.grad!.dataSync()]).toEqual([2, 2, 2, 2, 2, 2]);
    // the caller's own gradient is never handed back
    const w = leaf(be, [4], 4);
    const out = w.relu();
    const seed = array([1, 2, 3, 4]).float().to(be);
    out.backward(seed);
    expect(be.recycled.map((s) => s === seed.storage)).not.toContain(true);
  });

  it('transient custom ops opt in', () => {
    const be = new Recording();
    const x = leaf(be, [5], 5);
    const y = record('double', [x], x.data.mul(2), (g) => [g.mul(2)], { transient: true });
    y.mul(3).sum().backward();
    expect(be.recycled.length).toBe(1);
    expect([...x.grad!.dataSync()]).toEqual([6, 6, 6, 6, 6]);
  });
});
