/** Ten distinct colours for series and classes (matplotlib's tab10 order). */
export const category10 = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

/**
 * The colour of series or class `i` (cycles through {@link category10}).
 *
 * @param i - a non-negative index
 * @returns a `#rrggbb` colour
 */
export function seriesColor(i: number): string {
  const n = category10.length;
  return category10[((Math.trunc(i) % n) + n) % n]!;
}
