import type { NDArray } from '@gradlab/tensor';
import { toColumnMatrix } from './column-matrix.js';

/** The number of missing values (`NaN`) in each column of `x` (`[N]` counts as one column). */
export function countMissing(x: NDArray): number[] {
  const m = toColumnMatrix('countMissing', x);
  const counts = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.data.length; i++) if (Number.isNaN(m.data[i])) counts[i % m.cols]!++;
  return counts;
}
