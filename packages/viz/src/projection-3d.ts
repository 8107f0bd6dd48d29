/** A point or direction in 3-D. */
export type Vec3 = readonly [number, number, number];

/** An orthographic camera: screen axes and the depth axis (towards the viewer). */
export interface Camera {
  right: Vec3;
  up: Vec3;
  /** Unit vector from the scene towards the viewer. */
  toViewer: Vec3;
}

/**
 * A camera looking at the origin from `azimuth` degrees around the vertical
 * axis and `elevation` degrees above the floor (matplotlib's `view_init`:
 * defaults elevation 30, azimuth −60).
 *
 * @param elevation - degrees above the x–y plane
 * @param azimuth - degrees around the z axis
 * @returns the camera
 */
export function orbitCamera(elevation: number, azimuth: number): Camera {
  const el = (elevation * Math.PI) / 180;
  const az = (azimuth * Math.PI) / 180;
  return {
    right: [-Math.sin(az), Math.cos(az), 0],
    up: [-Math.sin(el) * Math.cos(az), -Math.sin(el) * Math.sin(az), Math.cos(el)],
    toViewer: [Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)],
  };
}

/**
 * Dot product.
 *
 * @param a - first vector
 * @param b - second vector
 * @returns a·b
 */
export function dot3(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * Cross product.
 *
 * @param a - first vector
 * @param b - second vector
 * @returns a×b
 */
export function cross3(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * Projects a point: screen coordinates (x right, y up, unscaled) and depth
 * (larger is nearer the viewer).
 *
 * @param camera - the camera
 * @param p - the point
 * @returns `[sx, sy, depth]`
 */
export function project(camera: Camera, p: Vec3): [number, number, number] {
  return [dot3(p, camera.right), dot3(p, camera.up), dot3(p, camera.toViewer)];
}
