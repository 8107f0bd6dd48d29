import type { NDArray } from '@gradlab/tensor';
import {
  checkColumns,
  columnValues,
  mapColumns,
  notFitted,
  toColumnMatrix,
} from './column-matrix.js';

/** How {@link SimpleImputer} fills a missing value. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** Default `'mean'`. */
  strategy?: ImputeStrategy;
  /** The value used by `'constant'` (default 0). */
  fillValue?: number;
}

/**
 * Fills missing values (`NaN`) column by column, like scikit-learn's
 * `SimpleImputer`: `fit` learns each column's mean, median or most frequent
 * value on the training data, `transform` fills any data with them.
 */
export class SimpleImputer {
  readonly strategy: ImputeStrategy;
  readonly fillValue: number;
  /** The fill value per column, after `fit`. */
  statistics: number[] | undefined;

  constructor(options: SimpleImputerOptions = {}) {
    this.strategy = options.strategy ?? 'mean';
    this.fillValue = options.fillValue ?? 0;
    if (!['mean', 'median', 'mostFrequent', 'constant'].includes(this.strategy)) {
      throw new Error(
        `SimpleImputer: strategy must be 'mean', 'median', 'mostFrequent' or 'constant', got '${this.strategy}'`,
      );
    }
  }

  fit(x: NDArray): this {
    const m = toColumnMatrix('SimpleImputer.fit', x);
    const stats: number[] = [];
    for (let c = 0; c < m.cols; c++) {
      const v = columnValues(m, c);
      if (this.strategy === 'constant') {
        stats.push(this.fillValue);
        continue;
      }
      if (v.length === 0) {
        throw new Error(
          `SimpleImputer.fit: column ${c} has no observed values to compute a ${this.strategy} from`,
        );
      }
      stats.push(
        this.strategy === 'mean'
          ? mean(v)
          : this.strategy === 'median'
            ? median(v)
            : mostFrequent(v),
      );
    }
    this.statistics = stats;
    return this;
  }

  transform(x: NDArray): NDArray {
    const stats = this.statistics ?? notFitted('SimpleImputer.transform');
    const m = toColumnMatrix('SimpleImputer.transform', x);
    checkColumns('SimpleImputer.transform', m, stats.length);
    return mapColumns(x, m, (v, c) => (Number.isNaN(v) ? stats[c]! : v));
  }

  fitTransform(x: NDArray): NDArray {
    return this.fit(x).transform(x);
  }
}

function mean(v: number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The most frequent value; ties go to the smallest, as in scikit-learn. */
function mostFrequent(v: number[]): number {
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = Number.POSITIVE_INFINITY;
  let bestCount = 0;
  for (const [x, n] of counts) {
    if (n > bestCount || (n === bestCount && x < best)) {
      best = x;
      bestCount = n;
    }
  }
  return best;
}
