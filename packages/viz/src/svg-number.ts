/**
 * Formats a coordinate for SVG output: rounded to 2 decimals, no trailing
 * zeros, never `-0`. Rounding keeps snapshots stable across platforms.
 *
 * @param value - a finite number
 * @returns the number as a short string, e.g. `12.35`
 */
export function svgNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`svgNumber: expected a finite number, got ${value}`);
  }
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}
