import { defaultGenerator, type Generator, NDArray, randperm } from '@gradlab/tensor';

/** Options of {@link madeMasks}. */
export interface MadeMaskOptions {
  /** D, the number of inputs (at least 2). */
  inFeatures: number;
  /** Units of each hidden layer, in order (may be empty: a direct input → output layer). */
  hiddenSizes: readonly number[];
  /**
   * The autoregressive order: `'natural'` (0, 1, …, D − 1, the default),
   * `'random'` (a permutation drawn from the generator), or an explicit
   * permutation listing the input indices in the order they are modelled —
   * `ordering[0]` is the input that depends on nothing.
   */
  ordering?: readonly number[] | 'natural' | 'random';
  /**
   * How hidden degrees are chosen: `'random'` draws each uniformly from
   * [min degree of the previous layer, D − 1] (Germain et al.), `'sequential'`
   * cycles through that range (every degree used evenly). Default `'random'`.
   */
  connectivity?: 'random' | 'sequential';
  /**
   * Output units per input (e.g. 2 for a Gaussian's mean and log-scale); the
   * output layer has outputsPerInput·D units, unit j modelling input j mod D.
   * Default 1.
   */
  outputsPerInput?: number;
  /** Seeded generator for a random ordering and random degrees (the global one otherwise). */
  generator?: Generator;
}

/** What {@link madeMasks} returns. */
export interface MadeMasks {
  /** The inputs in autoregressive order (see {@link MadeMaskOptions.ordering}). */
  ordering: number[];
  /**
   * Degrees per layer: `degrees[0]` are the inputs' (input i has degree
   * 1 + its position in `ordering`), then one array per hidden layer
   * (each in [1, D − 1]), then the outputs'.
   */
  degrees: number[][];
  /**
   * One float32 mask per weight matrix, [outFeatures, inFeatures] like a
   * Linear weight: hidden layers connect unit k to unit k′ of the layer below
   * when degree(k) ≥ degree(k′); the output layer connects output d to hidden
   * k when degree(d) > degree(k), strictly. Feed them to `MaskedLinear`.
   */
  masks: NDArray[];
}

function checkOrdering(ordering: readonly number[], d: number): number[] {
  const seen = new Set(ordering);
  const ok =
    ordering.length === d &&
    seen.size === d &&
    ordering.every((v) => Number.isInteger(v) && v >= 0 && v < d);
  if (!ok) {
    throw new Error(
      `madeMasks: ordering must be a permutation of 0..${d - 1}, got [${ordering.join(', ')}]`,
    );
  }
  return [...ordering];
}

function mask(rows: readonly number[], cols: readonly number[], strict: boolean): NDArray {
  const data = new Float32Array(rows.length * cols.length);
  rows.forEach((r, i) => {
    cols.forEach((c, j) => {
      data[i * cols.length + j] = (strict ? r > c : r >= c) ? 1 : 0;
    });
  });
  return NDArray.fromTypedArray(data, [rows.length, cols.length]);
}

/**
 * Degrees and connectivity masks for MADE (Germain, Gregor, Murray &
 * Larochelle, 2015): with these masks applied to the weights, output d of the
 * network depends only on the inputs that come before input d in `ordering`,
 * so the outputs are the conditionals of an autoregressive model.
 */
export function madeMasks(options: MadeMaskOptions): MadeMasks {
  const d = options.inFeatures;
  if (!Number.isInteger(d) || d < 2)
    throw new Error(`madeMasks: inFeatures must be an integer ≥ 2, got ${d}`);
  const g = options.generator ?? defaultGenerator();
  const perInput = options.outputsPerInput ?? 1;
  if (!Number.isInteger(perInput) || perInput < 1)
    throw new Error(`madeMasks: outputsPerInput must be a positive integer, got ${perInput}`);
  const connectivity = options.connectivity ?? 'random';
  if (connectivity !== 'random' && connectivity !== 'sequential') {
    throw new Error(
      `madeMasks: connectivity must be 'random' or 'sequential', got '${connectivity as string}'`,
    );
  }
  const spec = options.ordering ?? 'natural';
  let ordering: number[];
  if (spec === 'natural') ordering = Array.from({ length: d }, (_, i) => i);
  else if (spec === 'random') ordering = Array.from(randperm(d, { generator: g }).dataSync());
  else if (Array.isArray(spec)) ordering = checkOrdering(spec, d);
  else
    throw new Error(
      `madeMasks: ordering must be 'natural', 'random' or a permutation, got ${String(spec)}`,
    );

  const inputDegrees = new Array<number>(d);
  ordering.forEach((input, position) => {
    inputDegrees[input] = position + 1;
  });
  const degrees: number[][] = [inputDegrees];
  const masks: NDArray[] = [];
  for (const [layer, size] of options.hiddenSizes.entries()) {
    if (!Number.isInteger(size) || size <= 0) {
      throw new Error(`madeMasks: hiddenSizes[${layer}] must be a positive integer, got ${size}`);
    }
    const prev = degrees[degrees.length - 1]!;
    const low = Math.min(...prev, d - 1);
    const span = d - low; // degrees low..d−1
    const deg = Array.from({ length: size }, (_, k) =>
      connectivity === 'random' ? low + g.randint(0, span) : low + (k % span),
    );
    masks.push(mask(deg, prev, false));
    degrees.push(deg);
  }
  const outputDegrees = Array.from({ length: perInput * d }, (_, j) => inputDegrees[j % d]!);
  masks.push(mask(outputDegrees, degrees[degrees.length - 1]!, true));
  degrees.push(outputDegrees);
  return { ordering, degrees, masks };
}
