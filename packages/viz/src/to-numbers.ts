/** Numeric input accepted everywhere: arrays, typed arrays, or dates (as time). */
export type Numbers = ArrayLike<number> | readonly Date[];

/**
 * Copies numeric input into a plain array; dates become ms timestamps.
 *
 * @param values - numbers, a typed array or dates
 * @param where - `function: field` used in error messages
 * @returns a new `number[]`
 */
export function toNumbers(values: Numbers, where: string): number[] {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${where}: expected an array of numbers, got ${String(values)}`);
  }
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as unknown;
    if (v instanceof Date) out[i] = v.getTime();
    else if (typeof v === 'number') out[i] = v;
    else throw new Error(`${where}: item ${i} is not a number (${String(v)})`);
  }
  return out;
}
