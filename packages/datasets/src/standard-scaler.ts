import type { NDArray } from '@gradlab/tensor';
import {
  checkColumns,
  columnValues,
  mapColumns,
  notFitted,
  toColumnMatrix,
} from './column-matrix.js';

/** Options of {@link StandardScaler}, as in scikit-learn. */
export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation. Default true. */
  withStd?: boolean;
}

/**
 * Standardises each column to zero mean and unit variance, like
 * scikit-learn's `StandardScaler`: fit on training data, then transform
 * training and test data with the same statistics. Uses the population
 * standard deviation; a constant column gets scale 1. `NaN`s are ignored
 * when fitting and kept when transforming.
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-column mean, after `fit`. */
  mean: number[] | undefined;
  /** Per-column scale (standard deviation, 1 for constant columns), after `fit`. */
  scale: number[] | undefined;

  constructor(options: StandardScalerOptions = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  fit(x: NDArray): this {
    const m = toColumnMatrix('StandardScaler.fit', x);
    this.mean = [];
    this.scale = [];
    for (let c = 0; c < m.cols; c++) {
      const v = columnValues(m, c);
      const mu = v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
      const variance = v.length ? v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length : 0;
      const sd = Math.sqrt(variance);
      this.mean.push(this.withMean ? mu : 0);
      this.scale.push(this.withStd && sd > 0 ? sd : 1);
    }
    return this;
  }

  transform(x: NDArray): NDArray {
    const [mu, sd] = this.fitted('transform');
    const m = toColumnMatrix('StandardScaler.transform', x);
    checkColumns('StandardScaler.transform', m, mu.length);
    return mapColumns(x, m, (v, c) => (v - mu[c]!) / sd[c]!);
  }

  fitTransform(x: NDArray): NDArray {
    return this.fit(x).transform(x);
  }

  /** Maps standardised values back to the original units. */
  inverseTransform(x: NDArray): NDArray {
    const [mu, sd] = this.fitted('inverseTransform');
    const m = toColumnMatrix('StandardScaler.inverseTransform', x);
    checkColumns('StandardScaler.inverseTransform', m, mu.length);
    return mapColumns(x, m, (v, c) => v * sd[c]! + mu[c]!);
  }

  private fitted(op: string): [number[], number[]] {
    if (!this.mean || !this.scale) notFitted(`StandardScaler.${op}`);
    return [this.mean, this.scale];
  }
}
