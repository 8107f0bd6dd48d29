/**
 * Number of decimals needed to write `step` exactly (0.25 → 2, 5 → 0).
 *
 * @param step - a positive tick step
 * @returns decimals between 0 and 12
 */
export function decimalsFor(step: number): number {
  const s = Math.abs(step);
  if (s === 0 || !Number.isFinite(s)) return 0;
  for (let d = 0; d <= 12; d++) {
    const scaled = s * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/**
 * Formats a number for a tick label or an annotation: a typographic minus,
 * `decimals` fixed decimals when given (else up to 4 significant decimals),
 * and exponent notation (`1.5e6`) for very large or very small magnitudes.
 *
 * @param value - the number
 * @param decimals - fixed number of decimals, e.g. from {@link decimalsFor}
 * @returns the label
 */
export function formatNumber(value: number, decimals?: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  let text: string;
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) {
    text = value
      .toExponential(decimals === undefined ? 2 : Math.min(decimals, 3))
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  } else if (decimals !== undefined) {
    text = value.toFixed(decimals);
  } else {
    text = String(Number(value.toPrecision(6)));
    const dot = text.indexOf('.');
    if (dot >= 0 && text.length - dot - 1 > 4) text = String(Number(value.toFixed(4)));
  }
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  return text.replace(/^-/, '−').replace('e-', 'e−');
}
