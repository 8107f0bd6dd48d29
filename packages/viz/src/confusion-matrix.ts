import type { ColorMapName } from './color-maps.js';
import { formatNumber } from './format-number.js';
import { heatmap } from './heatmap.js';
import { matrixRows } from './matrix-rows.js';

/**
 * Counts a confusion matrix: `counts[t][p]` is how many samples of true class
 * `t` were predicted as class `p`.
 *
 * @param yTrue - true class of each sample
 * @param yPred - predicted class of each sample
 * @param numClasses - number of classes (default: largest label + 1)
 * @returns the `numClasses × numClasses` counts
 */
export function confusionCounts(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses?: number,
): number[][] {
  if (yTrue.length !== yPred.length) {
    throw new Error(
      `confusionCounts: yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`,
    );
  }
  let k = numClasses ?? 0;
  if (numClasses === undefined) {
    for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i]! + 1, yPred[i]! + 1);
  }
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    for (const [name, v] of [
      ['yTrue', t],
      ['yPred', p],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new Error(
          `confusionCounts: ${name}[${i}] = ${v} is not a class index in 0..${k - 1}`,
        );
      }
    }
    counts[t]![p]!++;
  }
  return counts;
}

/** Options of {@link confusionMatrix}: give `matrix`, or `yTrue` and `yPred`. */
export interface ConfusionMatrixOptions {
  /** Counts, rows = true class, columns = predicted class. */
  matrix?: readonly ArrayLike<number>[];
  /** True class of each sample (with `yPred`, instead of `matrix`). */
  yTrue?: ArrayLike<number>;
  /** Predicted class of each sample. */
  yPred?: ArrayLike<number>;
  numClasses?: number;
  /** Class names for both axes (default 0, 1, …). */
  classNames?: readonly string[];
  /** Show each row as fractions of its true class (recall per class). */
  normalize?: boolean;
  /** Default `'blues'`. */
  cmap?: ColorMapName;
  /** Default `'Confusion matrix'`. */
  title?: string;
  width?: number;
  height?: number;
}

/**
 * A confusion matrix as an annotated heatmap: true class down the side,
 * predicted class along the bottom, counts (or row fractions) in the cells.
 *
 * @param options - the counts or the labels, and class names
 * @returns an SVG document
 */
export function confusionMatrix(options: ConfusionMatrixOptions): string {
  let counts: number[][];
  if (options.matrix) {
    counts = matrixRows(options.matrix, 'confusionMatrix');
    if (counts.length !== counts[0]!.length) {
      throw new Error(
        `confusionMatrix: matrix must be square, got ${counts.length}×${counts[0]!.length}`,
      );
    }
  } else if (options.yTrue && options.yPred) {
    counts = confusionCounts(
      options.yTrue,
      options.yPred,
      options.numClasses ?? options.classNames?.length,
    );
  } else {
    throw new Error('confusionMatrix: give either matrix or both yTrue and yPred');
  }
  const k = counts.length;
  const names = options.classNames ?? Array.from({ length: k }, (_, i) => String(i));
  if (names.length !== k) {
    throw new Error(`confusionMatrix: classNames has ${names.length} names, expected ${k}`);
  }
  const values = options.normalize
    ? counts.map((row) => {
        const total = row.reduce((a, b) => a + b, 0);
        return row.map((v) => (total > 0 ? v / total : 0));
      })
    : counts;
  return heatmap({
    values,
    xLabels: names,
    yLabels: names,
    cmap: options.cmap ?? 'blues',
    vmin: 0,
    vmax: options.normalize ? 1 : undefined,
    annotate:
      k <= 20 ? (v) => (options.normalize ? formatNumber(v, 2) : String(Math.round(v))) : false,
    title: options.title ?? 'Confusion matrix',
    xLabel: 'Predicted label',
    yLabel: 'True label',
    colorBarLabel: options.normalize ? 'fraction of true class' : 'count',
    width: options.width,
    height: options.height,
  });
}
