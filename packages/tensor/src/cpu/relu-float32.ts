/**
 * relu and its gradient on float32 data without data-dependent branches: the
 * sign of a float is the sign of its bit pattern read as an int32, so the
 * masks come from integer comparisons (a branch per element would be
 * mispredicted about half the time on real activations, which made these
 * loops several times slower).
 */

const ints = (a: Float32Array) => new Int32Array(a.buffer, a.byteOffset, a.length);

/** r[q + i] = relu(x[o + i]) for i < n: x where x > 0, NaN where x is NaN, else +0. */
export function reluFloat32(
  x: Float32Array,
  o: number,
  r: Float32Array,
  q: number,
  n: number,
): void {
  const X = ints(x);
  const R = ints(r);
  for (let i = 0; i < n; i++) {
    const b = X[o + i]!;
    // keep positive values (b > 0) and NaNs of either sign ((b & 0x7fffffff) > 0x7f800000)
    const keep = +(b > 0) | +((b & 0x7fffffff) > 0x7f800000);
    R[q + i] = b & -keep;
  }
}

/** r[i] = y[yo + i] > 0 ? g[go + i] : 0 for i < n, with y a relu output (≥ +0 or NaN). */
export function reluBackwardFloat32(
  g: Float32Array,
  go: number,
  y: Float32Array,
  yo: number,
  r: Float32Array,
  n: number,
): void {
  const G = ints(g);
  const Y = ints(y);
  const R = ints(r);
  // y > 0 ⟺ its bits are a positive int below the NaNs (+0 and −0 give 0 or a negative int)
  for (let i = 0; i < n; i++) {
    const b = Y[yo + i]!;
    R[i] = G[go + i]! & -(+(b > 0) & +(b <= 0x7f800000));
  }
}
