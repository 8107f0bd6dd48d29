/** A contour piece from `(x1, y1)` to `(x2, y2)` in data coordinates. */
export type Segment = readonly [number, number, number, number];

/**
 * Marching squares: the line segments where a gridded field crosses `level`.
 * `values[i][j]` is the field at `(x[j], y[i])`. Saddle cells are resolved
 * with the cell's mean value.
 *
 * @param x - grid x coordinates (length = columns)
 * @param y - grid y coordinates (length = rows)
 * @param values - the field, `rows × columns`
 * @param level - the iso value
 * @returns the segments
 */
export function contourSegments(
  x: readonly number[],
  y: readonly number[],
  values: readonly ArrayLike<number>[],
  level: number,
): Segment[] {
  const out: Segment[] = [];
  const lerp = (a: number, b: number, va: number, vb: number) =>
    a + ((level - va) / (vb - va)) * (b - a);
  for (let i = 0; i + 1 < y.length; i++) {
    const r0 = values[i]!;
    const r1 = values[i + 1]!;
    for (let j = 0; j + 1 < x.length; j++) {
      const v00 = r0[j]!;
      const v01 = r0[j + 1]!;
      const v10 = r1[j]!;
      const v11 = r1[j + 1]!;
      if (![v00, v01, v10, v11].every(Number.isFinite)) continue;
      const xa = x[j]!;
      const xb = x[j + 1]!;
      const ya = y[i]!;
      const yb = y[i + 1]!;
      // Crossing points on edges: 0 bottom (y=ya), 1 right, 2 top, 3 left.
      const pts: Array<readonly [number, number] | null> = [null, null, null, null];
      const cross = (a: number, b: number) => a >= level !== b >= level;
      if (cross(v00, v01)) pts[0] = [lerp(xa, xb, v00, v01), ya];
      if (cross(v01, v11)) pts[1] = [xb, lerp(ya, yb, v01, v11)];
      if (cross(v10, v11)) pts[2] = [lerp(xa, xb, v10, v11), yb];
      if (cross(v00, v10)) pts[3] = [xa, lerp(ya, yb, v00, v10)];
      const found = pts.filter((p) => p !== null);
      const seg = (a: number, b: number) => {
        const p = pts[a]!;
        const q = pts[b]!;
        out.push([p[0], p[1], q[0], q[1]]);
      };
      if (found.length === 2) {
        const idx = pts.flatMap((p, k) => (p ? [k] : []));
        seg(idx[0]!, idx[1]!);
      } else if (found.length === 4) {
        const centre = (v00 + v01 + v10 + v11) / 4 >= level;
        if (centre === v00 >= level) {
          seg(0, 1);
          seg(2, 3);
        } else {
          seg(0, 3);
          seg(1, 2);
        }
      }
    }
  }
  return out;
}
