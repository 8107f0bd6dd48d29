import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noGrad, type Tensor, tensor } from '@gradlab/autograd';
import { array, Generator, randn } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  Linear,
  loadModule,
  MaxPool2d,
  Module,
  ModuleList,
  ReLU,
  Sequential,
  Sigmoid,
  saveModule,
  summary,
} from './index.js';

class TwoLayer extends Module {
  fc1 = new Linear(3, 4, { generator: new Generator(1) });
  act = new ReLU();
  heads = [
    new Linear(4, 2, { generator: new Generator(2) }),
    new Linear(4, 1, { generator: new Generator(3) }),
  ];
  forward(x: Tensor): Tensor {
    return this.heads[0]!.forward(this.act.forward(this.fc1.forward(x)));
  }
}

describe('Module', () => {
  it('finds parameters in own properties, arrays and nested modules, in order', () => {
    const m = new TwoLayer();
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      'fc1.weight:4x3',
      'fc1.bias:4',
      'heads.0.weight:2x4',
      'heads.0.bias:2',
      'heads.1.weight:1x4',
      'heads.1.bias:1',
    ]);
    expect(m.numParameters()).toBe(16 + 10 + 5);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['fc1', 'act', 'heads.0', 'heads.1']);
  });

  it('train()/eval() reach every sub-module', () => {
    const m = new Sequential(
      new Linear(2, 2),
      new Dropout(0.5),
      new Sequential(new BatchNorm1d(2)),
    );
    m.eval();
    expect(m.namedModules().every(([, x]) => !x.training)).toBe(true);
    m.train();
    expect(m.namedModules().every(([, x]) => x.training)).toBe(true);
  });

  it('stateDict and loadStateDict round-trip values and check keys and shapes', () => {
    const a = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
    const b = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
    expect(Object.keys(a.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.runningMean',
      '1.runningVar',
      '1.numBatchesTracked',
    ]);
    a.forward(
      tensor([
        [1, 2, 3],
        [0, 1, 0],
        [4, 4, 4],
      ]),
    ); // moves the running stats
    b.loadStateDict(a.stateDict());
    for (const [k, v] of Object.entries(a.stateDict()))
      expect(b.stateDict()[k]!.toArray()).toEqual(v.toArray());
    expect(() => b.loadStateDict({ '0.weight': a.stateDict()['0.weight']! })).toThrow(
      /missing: 0.bias, 1.weight/,
    );
    expect(() =>
      new Linear(3, 3).loadStateDict({ weight: array([[1]]), bias: array([1, 2, 3]) }),
    ).toThrow(/'weight' has shape \[1, 1\] but the module expects \[3, 3\]/);
  });

  it('saves and loads safetensors files atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-nn-'));
    try {
      const a = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
      const path = join(dir, 'model.safetensors');
      saveModule(a, path);
      const bytes = readFileSync(path);
      const headerLength = Number(
        new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true),
      );
      const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString());
      expect(header['0.weight']).toEqual({
        dtype: 'F32',
        shape: [2, 3],
        data_offsets: expect.any(Array),
      });
      expect(header['1.numBatchesTracked'].dtype).toBe('I32');
      const b = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
      loadModule(b, path);
      expect(b.stateDict()['0.weight']!.toArray()).toEqual(a.stateDict()['0.weight']!.toArray());
      expect(() => loadModule(b, join(dir, 'missing.safetensors'))).toThrow(
        /cannot read .*missing.safetensors \(ENOENT\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a PyTorch-style tree', () => {
    const s = new Sequential(new Linear(2, 3), new ReLU()).toString();
    expect(s).toBe(
      'Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)',
    );
  });

  it('to(dtype) converts parameters and float buffers in place, like module.double()', () => {
    const m = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
    const weight = m.parameters()[0]!;
    m.double();
    expect(weight.dtype).toBe('float64');
    expect(m.parameters().every((p) => p.dtype === 'float64')).toBe(true);
    const state = m.stateDict();
    expect(state['1.runningVar']!.dtype).toBe('float64');
    expect(state['1.numBatchesTracked']!.dtype).toBe('int32');
    const y = m.forward(
      tensor(
        [
          [1, 2, 3],
          [3, 2, 1],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(y.dtype).toBe('float64');
    expect(m.float().stateDict()['1.runningMean']!.dtype).toBe('float32');
  });

  it('ModuleList registers its modules', () => {
    const list = new ModuleList([new Linear(2, 2), new Linear(2, 1)]);
    expect(list.parameters()).toHaveLength(4);
    expect([...list].length).toBe(2);
    expect(() => list.at(5)).toThrow(/ModuleList: no module 5/);
  });
});

describe('layers', () => {
  it('Linear uses PyTorch init bounds and checks its input', () => {
    const l = new Linear(100, 50, { generator: new Generator(0) });
    const w = l.weight.data;
    expect(w.max().item()).toBeLessThanOrEqual(0.1);
    expect(w.min().item()).toBeGreaterThanOrEqual(-0.1);
    expect(w.std().item()).toBeCloseTo(0.1 / Math.sqrt(3), 2);
    expect(() => l.forward(tensor([[1, 2]]))).toThrow(
      'Linear: expected input with last dim 100, got shape [1, 2]',
    );
    expect(() => l.forward(array([1]) as never)).toThrow(
      /Linear: expected a Tensor input, got an NDArray/,
    );
  });

  it('BatchNorm normalises with batch statistics and updates running ones like PyTorch', () => {
    const bn = new BatchNorm1d(1);
    const y = bn.forward(tensor([[1], [2], [3], [6]]));
    // mean 3, biased var 3.5 → (x − 3)/√(3.5 + 1e-5)
    const s = Math.sqrt(3.5 + 1e-5);
    const got = Array.from(y.dataSync());
    for (const [i, v] of [-2 / s, -1 / s, 0, 3 / s].entries()) expect(got[i]).toBeCloseTo(v, 5);
    expect(bn.runningMean.item()).toBeCloseTo(0.3, 6); // 0.9·0 + 0.1·3
    expect(bn.runningVar.item()).toBeCloseTo(0.9 + 0.1 * (14 / 3), 6); // unbiased var 14/3
    expect(bn.numBatchesTracked.item()).toBe(1);
    bn.eval();
    const e = bn.forward(tensor([[0.3]]));
    expect(e.item()).toBeCloseTo(0, 5);
    expect(() => new BatchNorm2d(3).forward(tensor([[1, 2, 3]]))).toThrow(
      /BatchNorm2d: expected a 4-d input/,
    );
    expect(() => new BatchNorm1d(1).forward(tensor([[1]]))).toThrow(
      /expected more than 1 value per channel/,
    );
  });

  it('Dropout zeroes about p of the values, rescales the rest, and is off in eval', () => {
    const d = new Dropout(0.25, { generator: new Generator(4) });
    const x = tensor(randn([10000]).abs().add(1));
    const y = d.forward(x);
    const zeros = Array.from(y.dataSync()).filter((v) => v === 0).length;
    expect(zeros / 10000).toBeCloseTo(0.25, 1);
    expect(y.sum().item() / x.sum().item()).toBeCloseTo(1, 1);
    d.eval();
    expect(d.forward(x)).toBe(x);
  });
});

describe('summary', () => {
  it('matches Keras per-layer parameter counts for the 3-vs-7 CNN of LABS.md', () => {
    const model = new Sequential(
      new Conv2d(1, 32, 3),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(32, 64, 3),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Dropout(0.5),
      new Linear(1600, 1),
      new Sigmoid(),
    );
    const s = summary(model, [1, 1, 28, 28]);
    const byType = s.rows.map((r) => [r.type, r.outputShape.join(','), r.params]);
    expect(byType).toEqual([
      ['Conv2d', '-1,32,26,26', 320],
      ['ReLU', '-1,32,26,26', 0],
      ['MaxPool2d', '-1,32,13,13', 0],
      ['Conv2d', '-1,64,11,11', 18496],
      ['ReLU', '-1,64,11,11', 0],
      ['MaxPool2d', '-1,64,5,5', 0],
      ['Flatten', '-1,1600', 0],
      ['Dropout', '-1,1600', 0],
      ['Linear', '-1,1', 1601],
      ['Sigmoid', '-1,1', 0],
    ]);
    expect(s.totalParams).toBe(20417);
    expect(s.trainableParams).toBe(20417);
    const text = s.toString();
    expect(text).toContain('Total params: 20,417');
    expect(text).toContain('(None, 32, 26, 26)');
    expect(model.training).toBe(true);
    expect(typeof (model.at(0) as Conv2d).forward).toBe('function');
    expect(Object.hasOwn(model.at(0), 'forward')).toBe(false);
  });

  it('counts BatchNorm running statistics as non-trainable, like Keras', () => {
    const s = summary(new Sequential(new Linear(4, 8), new BatchNorm1d(8)), [2, 4]);
    expect(s.trainableParams).toBe(40 + 16);
    expect(s.nonTrainableParams).toBe(16);
  });
});

describe('end to end', () => {
  it('a small CNN overfits a fixed batch to near-zero loss', async () => {
    const { crossEntropy } = await import('./losses.js');
    const g = new Generator(5);
    const model = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1, generator: g }),
      new BatchNorm2d(4),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(4 * 4 * 4, 3, { generator: g }),
    );
    const x = tensor(randn([6, 1, 8, 8], { generator: g }));
    const y = array([0, 1, 2, 0, 1, 2], { dtype: 'int32' });
    let loss = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 150; step++) {
      const l = crossEntropy(model.forward(x), y);
      loss = l.item();
      model.zeroGrad();
      l.backward();
      noGrad(() => {
        for (const p of model.parameters()) p.data.sub_(p.grad!.mul(0.1));
      });
    }
    expect(loss).toBeLessThan(0.02);
  });
});
