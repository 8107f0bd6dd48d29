import { Tensor } from '@gradlab/autograd';
import { defaultGenerator, type Generator, type NDArray, normal, uniform } from '@gradlab/tensor';

/**
 * Weight initialisers, in place on a Parameter/Tensor (or an NDArray), PyTorch's
 * `torch.nn.init` in camelCase, plus the Keras names the labs use. All take an
 * optional seeded generator (the global one otherwise).
 */
type Target = Tensor | NDArray;

function arrayOf(t: Target): NDArray {
  return t instanceof Tensor ? t.data : t;
}

/** fan_in and fan_out as PyTorch computes them: dims 1 and 0 times the receptive field. */
export function calculateFanInAndFanOut(shape: readonly number[]): {
  fanIn: number;
  fanOut: number;
} {
  if (shape.length < 2)
    throw new Error(`init: fan in/out need at least 2 dims, got [${shape.join(', ')}]`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculateGain(
  nonlinearity: 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu',
  param = 0.01,
): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + param * param));
    default:
      throw new Error(`calculateGain: unknown nonlinearity '${nonlinearity as string}'`);
  }
}

function fill(t: Target, value: NDArray): Target {
  arrayOf(t).copy_(value);
  return t;
}

export interface InitOptions {
  generator?: Generator;
}

export function uniform_(t: Target, low = 0, high = 1, o: InitOptions = {}): Target {
  const v = arrayOf(t);
  return fill(
    t,
    uniform([...v.shape], low, high, {
      generator: o.generator ?? defaultGenerator(),
      dtype: v.dtype,
    }),
  );
}

export function normal_(t: Target, mean = 0, std = 1, o: InitOptions = {}): Target {
  const v = arrayOf(t);
  return fill(
    t,
    normal([...v.shape], mean, std, {
      generator: o.generator ?? defaultGenerator(),
      dtype: v.dtype,
    }),
  );
}

export function constant_(t: Target, value: number): Target {
  arrayOf(t).fill_(value);
  return t;
}

export const zeros_ = (t: Target) => constant_(t, 0);
export const ones_ = (t: Target) => constant_(t, 1);

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU after this layer (0 for ReLU). */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: 'relu' | 'leakyRelu' | 'linear' | 'tanh' | 'sigmoid';
}

function kaimingStd(shape: readonly number[], o: KaimingOptions): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  const gain = calculateGain(o.nonlinearity ?? 'leakyRelu', o.a ?? 0);
  return gain / Math.sqrt(o.mode === 'fanOut' ? fanOut : fanIn);
}

/** He uniform: U(−b, b) with b = gain·√(3 / fan). */
export function kaimingUniform_(t: Target, o: KaimingOptions = {}): Target {
  const bound = Math.sqrt(3) * kaimingStd(arrayOf(t).shape, o);
  return uniform_(t, -bound, bound, o);
}

/** He normal: N(0, gain² / fan). */
export function kaimingNormal_(t: Target, o: KaimingOptions = {}): Target {
  return normal_(t, 0, kaimingStd(arrayOf(t).shape, o), o);
}

/** Glorot uniform: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Target, gain = 1, o: InitOptions = {}): Target {
  const { fanIn, fanOut } = calculateFanInAndFanOut(arrayOf(t).shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, o);
}

/** Glorot normal: N(0, gain²·2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Target, gain = 1, o: InitOptions = {}): Target {
  const { fanIn, fanOut } = calculateFanInAndFanOut(arrayOf(t).shape);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), o);
}

/** Keras names, with Keras's defaults. */
export const glorotUniform = (t: Target, o: InitOptions = {}) => xavierUniform_(t, 1, o);
export const glorotNormal = (t: Target, o: InitOptions = {}) => xavierNormal_(t, 1, o);
export const heNormal = (t: Target, o: InitOptions = {}) =>
  kaimingNormal_(t, { ...o, nonlinearity: 'relu' });
export const heUniform = (t: Target, o: InitOptions = {}) =>
  kaimingUniform_(t, { ...o, nonlinearity: 'relu' });
/** Keras RandomUniform: U(−0.05, 0.05) by default. */
export const randomUniform = (
  t: Target,
  o: InitOptions & { minval?: number; maxval?: number } = {},
) => uniform_(t, o.minval ?? -0.05, o.maxval ?? 0.05, o);
/** Keras RandomNormal: N(0, 0.05²) by default. */
export const randomNormal = (t: Target, o: InitOptions & { mean?: number; stddev?: number } = {}) =>
  normal_(t, o.mean ?? 0, o.stddev ?? 0.05, o);
