import { type Camera, cross3, dot3, type Vec3 } from './projection-3d.js';
import { parseHex, toHex } from './rgb.js';

/** One shaded triangle of a surface, in normalised 3-D coordinates. */
export interface ShadedTriangle {
  points: readonly [Vec3, Vec3, Vec3];
  /** Distance towards the viewer of the centroid (larger is nearer). */
  depth: number;
  fill: string;
}

/**
 * Grid indices `0, step, 2·step, …, len − 1` so that at most `max` cells remain.
 *
 * @param len - grid points along one side
 * @param max - most cells wanted
 * @returns the kept indices (always includes both ends)
 */
export function strided(len: number, max: number): number[] {
  const step = Math.max(1, Math.ceil((len - 1) / Math.max(1, max)));
  const out: number[] = [];
  for (let i = 0; i < len - 1; i += step) out.push(i);
  out.push(len - 1);
  return out;
}

/**
 * Splits every grid cell into two triangles (along the diagonal whose ends
 * are closest in height, so diagonal ridges stay straight), colours each by
 * its mean height, shades it by the angle between its normal and a light
 * beside the viewer, and sorts them far to near for painter's-algorithm
 * drawing.
 *
 * @param heights - `heights[i][j]`; cells with a non-finite corner are skipped
 * @param rows - kept row indices (see {@link strided})
 * @param cols - kept column indices
 * @param point - normalised 3-D position of grid point `(i, j)`
 * @param camera - the view
 * @param colorOf - colour of a height
 * @returns triangles, farthest first
 */
export function surfaceTriangles(
  heights: readonly (readonly number[])[],
  rows: readonly number[],
  cols: readonly number[],
  point: (i: number, j: number) => Vec3,
  camera: Camera,
  colorOf: (z: number) => string,
): ShadedTriangle[] {
  const v = camera.toViewer;
  const l: Vec3 = [
    v[0] - 0.4 * camera.right[0] + 0.6 * camera.up[0],
    v[1] - 0.4 * camera.right[1] + 0.6 * camera.up[1],
    v[2] - 0.4 * camera.right[2] + 0.6 * camera.up[2],
  ];
  const lm = Math.hypot(...l);
  const light: Vec3 = [l[0] / lm, l[1] / lm, l[2] / lm];
  const out: ShadedTriangle[] = [];
  const add = (p: readonly [Vec3, Vec3, Vec3], zs: readonly [number, number, number]) => {
    const normal = cross3(
      [p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2]],
      [p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]],
    );
    const len = Math.hypot(...normal) || 1;
    const shade = 0.62 + 0.38 * Math.abs(dot3(normal, light) / len);
    const base = parseHex(colorOf((zs[0] + zs[1] + zs[2]) / 3));
    const centre: Vec3 = [
      (p[0][0] + p[1][0] + p[2][0]) / 3,
      (p[0][1] + p[1][1] + p[2][1]) / 3,
      (p[0][2] + p[1][2] + p[2][2]) / 3,
    ];
    out.push({
      points: p,
      depth: dot3(centre, v),
      fill: toHex([base[0] * shade, base[1] * shade, base[2] * shade]),
    });
  };
  for (let a = 0; a + 1 < rows.length; a++) {
    for (let b = 0; b + 1 < cols.length; b++) {
      const i0 = rows[a]!;
      const i1 = rows[a + 1]!;
      const j0 = cols[b]!;
      const j1 = cols[b + 1]!;
      const z = [
        heights[i0]![j0]!,
        heights[i0]![j1]!,
        heights[i1]![j1]!,
        heights[i1]![j0]!,
      ] as const;
      if (!z.every(Number.isFinite)) continue;
      const p = [point(i0, j0), point(i0, j1), point(i1, j1), point(i1, j0)] as const;
      if (Math.abs(z[0] - z[2]) <= Math.abs(z[1] - z[3])) {
        add([p[0], p[1], p[2]], [z[0], z[1], z[2]]);
        add([p[0], p[2], p[3]], [z[0], z[2], z[3]]);
      } else {
        add([p[0], p[1], p[3]], [z[0], z[1], z[3]]);
        add([p[1], p[2], p[3]], [z[1], z[2], z[3]]);
      }
    }
  }
  // Stable sort (ties keep grid order), so output is deterministic.
  return out.sort((q, r) => q.depth - r.depth);
}
