/**
 * Checks that a matrix is non-empty and rectangular and copies it into plain
 * arrays.
 *
 * @param values - rows of numbers
 * @param where - function name for error messages
 * @returns the rows as `number[][]`
 */
export function matrixRows(values: readonly ArrayLike<number>[], where: string): number[][] {
  if (!Array.isArray(values) || values.length === 0)
    throw new Error(`${where}: matrix has no rows`);
  const cols = values[0]?.length ?? 0;
  if (cols === 0) throw new Error(`${where}: matrix has no columns (row 0 is empty)`);
  return values.map((row, i) => {
    if (!row || row.length !== cols) {
      throw new Error(
        `${where}: rows have different lengths (row ${i} has ${row?.length ?? 0}, expected ${cols})`,
      );
    }
    return Array.from(row);
  });
}
