import type { NDArray } from '@gradlab/tensor';
import {
  checkColumns,
  columnValues,
  mapColumns,
  notFitted,
  toColumnMatrix,
} from './column-matrix.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The target range. Default `[0, 1]`. */
  featureRange?: readonly [number, number];
}

/**
 * Scales each column linearly so that its training minimum and maximum map to
 * `featureRange`, like scikit-learn's `MinMaxScaler`; `inverseTransform` maps
 * back (e.g. predicted temperatures to °C). A constant column maps to the low
 * end. `NaN`s are ignored when fitting and kept when transforming.
 */
export class MinMaxScaler {
  readonly featureRange: readonly [number, number];
  dataMin: number[] | undefined;
  dataMax: number[] | undefined;

  constructor(options: MinMaxScalerOptions = {}) {
    this.featureRange = options.featureRange ?? [0, 1];
    const [lo, hi] = this.featureRange;
    if (!(hi > lo)) {
      throw new Error(
        `MinMaxScaler: featureRange must be [min, max] with min < max, got [${lo}, ${hi}]`,
      );
    }
  }

  fit(x: NDArray): this {
    const m = toColumnMatrix('MinMaxScaler.fit', x);
    this.dataMin = [];
    this.dataMax = [];
    for (let c = 0; c < m.cols; c++) {
      const v = columnValues(m, c);
      if (v.length === 0) throw new Error(`MinMaxScaler.fit: column ${c} has no observed values`);
      let lo = v[0]!;
      let hi = v[0]!;
      for (const a of v) {
        if (a < lo) lo = a;
        if (a > hi) hi = a;
      }
      this.dataMin.push(lo);
      this.dataMax.push(hi);
    }
    return this;
  }

  transform(x: NDArray): NDArray {
    const [lo, span] = this.fitted('transform');
    const m = toColumnMatrix('MinMaxScaler.transform', x);
    checkColumns('MinMaxScaler.transform', m, lo.length);
    const [a, b] = this.featureRange;
    return mapColumns(x, m, (v, c) => a + ((v - lo[c]!) / span[c]!) * (b - a));
  }

  fitTransform(x: NDArray): NDArray {
    return this.fit(x).transform(x);
  }

  inverseTransform(x: NDArray): NDArray {
    const [lo, span] = this.fitted('inverseTransform');
    const m = toColumnMatrix('MinMaxScaler.inverseTransform', x);
    checkColumns('MinMaxScaler.inverseTransform', m, lo.length);
    const [a, b] = this.featureRange;
    return mapColumns(x, m, (v, c) => lo[c]! + ((v - a) / (b - a)) * span[c]!);
  }

  private fitted(op: string): [number[], number[]] {
    if (!this.dataMin || !this.dataMax) notFitted(`MinMaxScaler.${op}`);
    const span = this.dataMax.map((hi, c) => hi - this.dataMin![c]! || 1);
    return [this.dataMin, span];
  }
}
