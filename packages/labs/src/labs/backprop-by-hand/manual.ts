/**
 * One forward and backward pass of a 2-3-1 sigmoid network with the loss
 * L = ½(y − ŷ)², in plain arithmetic: every value named as in the course.
 *
 * Hidden unit j = 1, 2, 3: z_j = w_(2j−1)·x1 + w_(2j)·x2 + b_j, a_j = σ(z_j).
 * Output: z = w7·a1 + w8·a2 + w9·a3 + b4, ŷ = σ(z).
 */

/** The parameters of the network, by name: w1 … w9 and b1 … b4. */
export type Params = Record<
  'w1' | 'w2' | 'w3' | 'w4' | 'w5' | 'w6' | 'w7' | 'w8' | 'w9' | 'b1' | 'b2' | 'b3' | 'b4',
  number
>;

/** One exercise: the input, the target and the starting parameters. */
export interface BackpropCase {
  x1: number;
  x2: number;
  y: number;
  params: Params;
}

export const PARAM_NAMES = [
  'w1',
  'w2',
  'w3',
  'w4',
  'w5',
  'w6',
  'w7',
  'w8',
  'w9',
  'b1',
  'b2',
  'b3',
  'b4',
] as const satisfies readonly (keyof Params)[];

/** σ(z) = 1 / (1 + e^−z). */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The forward pass: z1…z3, a1…a3, z, y_hat and loss. */
export function forwardByHand(c: BackpropCase, p: Params = c.params): Record<string, number> {
  const v: Record<string, number> = {};
  const hidden = [
    [p.w1, p.w2, p.b1],
    [p.w3, p.w4, p.b2],
    [p.w5, p.w6, p.b3],
  ] as const;
  hidden.forEach(([wa, wb, b], i) => {
    v[`z${i + 1}`] = wa * c.x1 + wb * c.x2 + b;
    v[`a${i + 1}`] = sigmoid(v[`z${i + 1}`]!);
  });
  v.z = p.w7 * v.a1! + p.w8 * v.a2! + p.w9 * v.a3! + p.b4;
  v.y_hat = sigmoid(v.z);
  v.loss = 0.5 * (c.y - v.y_hat) ** 2;
  return v;
}

/**
 * The whole exercise by hand: the forward values, every partial derivative
 * of the chain (dL_dy_hat, dy_hat_dz, dL_dz, dL_dw7 …, dL_da1 …, da1_dz1 …,
 * dL_dz1 …, dL_dw1 …, dL_db1 …), the updated parameters p_new = p − lr·dL_dp,
 * and the loss of a second forward pass with them (loss_after).
 */
export function backpropByHand(c: BackpropCase, lr: number): Record<string, number> {
  const p = c.params;
  const v = forwardByHand(c);
  v.dL_dy_hat = v.y_hat! - c.y; // d/dŷ ½(y − ŷ)²
  v.dy_hat_dz = v.y_hat! * (1 - v.y_hat!); // σ'(z) = σ(z)(1 − σ(z))
  v.dL_dz = v.dL_dy_hat * v.dy_hat_dz; // δ of the output unit
  const outW = [p.w7, p.w8, p.w9];
  for (const j of [1, 2, 3]) {
    v[`dL_dw${6 + j}`] = v.dL_dz * v[`a${j}`]!;
  }
  v.dL_db4 = v.dL_dz;
  for (const j of [1, 2, 3]) {
    const a = v[`a${j}`]!;
    v[`dL_da${j}`] = v.dL_dz * outW[j - 1]!;
    v[`da${j}_dz${j}`] = a * (1 - a);
    v[`dL_dz${j}`] = v[`dL_da${j}`]! * v[`da${j}_dz${j}`]!;
    v[`dL_dw${2 * j - 1}`] = v[`dL_dz${j}`]! * c.x1;
    v[`dL_dw${2 * j}`] = v[`dL_dz${j}`]! * c.x2;
    v[`dL_db${j}`] = v[`dL_dz${j}`]!;
  }
  const updated = { ...p };
  for (const name of PARAM_NAMES) {
    updated[name] = p[name] - lr * v[`dL_d${name}`]!;
    v[`${name}_new`] = updated[name];
  }
  v.loss_after = forwardByHand(c, updated).loss!;
  return v;
}
