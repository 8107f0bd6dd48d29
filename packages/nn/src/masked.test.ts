import { Tensor } from '@gradlab/autograd';
import { array, Generator, randn, zeros } from '@gradlab/tensor';
import { describe, expect, it } from 'vitest';
import {
  type MadeMaskOptions,
  MaskedConv2d,
  MaskedLinear,
  madeMasks,
  pixelCnnMask,
  ReLU,
  Sequential,
  summary,
} from './index.js';

/** A MADE network from masks, in float64. */
function made(options: MadeMaskOptions) {
  const { masks, ordering, degrees } = madeMasks(options);
  const layers = masks.flatMap((m, i) => {
    const linear = new MaskedLinear(m.shape[1]!, m.shape[0]!, m, {
      generator: new Generator(i),
    });
    return i < masks.length - 1 ? [linear, new ReLU()] : [linear];
  });
  return { model: new Sequential(...layers).double(), ordering, degrees };
}

/** J[o][j] = ∂output_o / ∂input_j at a random input, by one backward pass per output. */
function jacobian(f: (x: Tensor) => Tensor, inFeatures: number): number[][] {
  const x = new Tensor(randn([1, inFeatures], { dtype: 'float64', generator: new Generator(3) }), {
    requiresGrad: true,
  });
  const out = f(x);
  const rows: number[][] = [];
  for (let o = 0; o < out.shape[1]!; o++) {
    x.grad = null;
    const seed = zeros([...out.shape], { dtype: 'float64' });
    seed.select(1, o).fill_(1);
    f(x).backward(new Tensor(seed));
    rows.push(Array.from(x.grad!.dataSync()));
  }
  return rows;
}

describe('madeMasks and MaskedLinear (MADE)', () => {
  it('follow Germain et al.: degrees, ≥ for hidden layers, > for the output layer', () => {
    const { degrees, masks, ordering } = madeMasks({
      inFeatures: 3,
      hiddenSizes: [4],
      connectivity: 'sequential',
    });
    expect(ordering).toEqual([0, 1, 2]);
    expect(degrees).toEqual([
      [1, 2, 3],
      [1, 2, 1, 2],
      [1, 2, 3],
    ]);
    expect(masks.map((m) => m.toArray())).toEqual([
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 0, 0],
        [1, 1, 0],
      ],
      [
        [0, 0, 0, 0],
        [1, 0, 1, 0],
        [1, 1, 1, 1],
      ],
    ]);
    const perm = madeMasks({ inFeatures: 3, hiddenSizes: [], ordering: [2, 0, 1] });
    expect(perm.degrees[0]).toEqual([2, 3, 1]);
    expect(perm.masks[0]!.toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 1],
      [0, 0, 0],
    ]);
  });

  const settings: [string, MadeMaskOptions][] = [
    ['natural order, random degrees', { inFeatures: 6, hiddenSizes: [20, 20] }],
    [
      'random order, random degrees',
      { inFeatures: 6, hiddenSizes: [20, 20], ordering: 'random', generator: new Generator(9) },
    ],
    [
      'given order, sequential degrees, 2 outputs per input',
      {
        inFeatures: 5,
        hiddenSizes: [12, 8, 12],
        ordering: [3, 1, 4, 0, 2],
        connectivity: 'sequential',
        outputsPerInput: 2,
      },
    ],
  ];
  it.each(settings)('make output d independent of inputs at or after d (%s)', (_, options) => {
    const { model, ordering } = made({ generator: new Generator(1), ...options });
    const d = options.inFeatures;
    const position = new Array<number>(d);
    ordering.forEach((input, p) => {
      position[input] = p;
    });
    const jac = jacobian((x) => model.forward(x), d);
    expect(jac).toHaveLength(d * (options.outputsPerInput ?? 1));
    let connected = 0;
    jac.forEach((row, o) => {
      row.forEach((v, j) => {
        if (position[j]! >= position[o % d]!) expect(v, `∂out${o}/∂x${j}`).toBe(0);
        else if (v !== 0) connected++;
      });
    });
    expect(connected).toBeGreaterThan(0); // the network is not trivially cut off
    // The first input in the order depends on nothing: its outputs are constant.
    expect(jac[ordering[0]!]!.every((v) => v === 0)).toBe(true);
  });

  it('zero the gradient of masked weights and check the mask', () => {
    const mask = array([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const layer = new MaskedLinear(2, 3, mask, { generator: new Generator(2) });
    layer
      .forward(new Tensor(randn([4, 2])))
      .sum()
      .backward();
    expect(layer.weight.grad!.mul(mask.logicalNot()).abs().sum().item()).toBe(0);
    expect(Object.keys(layer.stateDict())).toEqual(['weight', 'bias', 'mask']);
    expect(layer.mask.dtype).toBe('bool'); // saved with the model, not counted as parameters
    expect(summary(new Sequential(layer), [1, 2]).nonTrainableParams).toBe(0);
    expect(() => new MaskedLinear(2, 2, mask)).toThrow(
      'MaskedLinear: mask must have shape [2, 2] (outFeatures, inFeatures), got [3, 2]',
    );
    expect(() => madeMasks({ inFeatures: 1, hiddenSizes: [] })).toThrow(
      'madeMasks: inFeatures must be an integer ≥ 2, got 1',
    );
    expect(() => madeMasks({ inFeatures: 3, hiddenSizes: [], ordering: [0, 0, 1] })).toThrow(
      'madeMasks: ordering must be a permutation of 0..2, got [0, 0, 1]',
    );
  });
});

describe('MaskedConv2d (PixelCNN)', () => {
  it('masks rows below and pixels right of the centre; A also hides the centre', () => {
    expect(pixelCnnMask([3, 3], 'A').toArray()).toEqual([
      [1, 1, 1],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(pixelCnnMask([3, 5], 'B').toArray()).toEqual([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(() => new MaskedConv2d(1, 1, 4, { maskType: 'A' })).toThrow(
      'MaskedConv2d: kernel size must be odd to have a centre, got 4×4',
    );
    expect(() => new MaskedConv2d(1, 1, 3, { maskType: 'C' as never })).toThrow(
      "MaskedConv2d: maskType must be 'A' or 'B', got C",
    );
  });

  const H = 6;
  const W = 7;
  /** ∂ output pixel (i, j) (all channels) / ∂ input, as an H×W grid. */
  function dependence(model: Sequential, i: number, j: number): number[][] {
    const x = new Tensor(randn([1, 2, H, W], { dtype: 'float64', generator: new Generator(4) }), {
      requiresGrad: true,
    });
    const out = model.forward(x);
    const seed = zeros([...out.shape], { dtype: 'float64' });
    seed.select(2, i).select(2, j).fill_(1);
    out.backward(new Tensor(seed));
    return x.grad!.abs().sum(1).select(0, 0).toArray() as number[][];
  }

  it.each([
    [2, 3],
    [0, 0],
    [5, 6],
    [3, 0],
  ])('an A-then-B stack makes pixel (%i, %i) independent of itself and later pixels', (i, j) => {
    const g = new Generator(6);
    const model = new Sequential(
      new MaskedConv2d(2, 4, 5, { maskType: 'A', padding: 'same', generator: g }),
      new ReLU(),
      new MaskedConv2d(4, 4, 3, { maskType: 'B', padding: 1, generator: g }),
      new ReLU(),
      new MaskedConv2d(4, 2, 3, { maskType: 'B', padding: 1, generator: g }),
    ).double();
    const dep = dependence(model, i, j);
    let seen = 0;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        if (r * W + c >= i * W + j) expect(dep[r]![c], `pixel (${r}, ${c})`).toBe(0);
        else if (dep[r]![c] !== 0) seen++;
      }
    }
    if (i * W + j > 0) expect(seen).toBeGreaterThan(0);
  });

  it('a single B layer lets the centre pixel through but nothing after it', () => {
    const model = new Sequential(
      new MaskedConv2d(2, 3, 3, { maskType: 'B', padding: 1, generator: new Generator(8) }),
    ).double();
    const dep = dependence(model, 2, 3);
    expect(dep[2]![3]).toBeGreaterThan(0);
    expect(dep[2]![2]).toBeGreaterThan(0);
    expect(dep[1]![4]).toBeGreaterThan(0);
    expect([dep[2]![4], dep[3]![3], dep[3]![2]]).toEqual([0, 0, 0]);
  });
});
