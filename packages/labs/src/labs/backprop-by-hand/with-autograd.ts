/**
 * The same exercise with autograd: the network is written with float64
 * tensors, `backward()` fills the gradients, and `retainGrad()` keeps those
 * of the intermediate values (ŷ, z, a_j, z_j) so every link of the chain can
 * be compared with the hand computation.
 */
import { noGrad, type Tensor, tensor } from '@gradlab/autograd';
import { type BackpropCase, PARAM_NAMES } from './manual.js';

/**
 * Forward pass, backward pass and update with autograd. Returns the values
 * under the names {@link backpropByHand} uses (those autograd can give: the
 * forward values, ∂L/∂ of every value and parameter, and the updated parameters).
 */
export function backpropWithAutograd(c: BackpropCase, lr: number): Record<string, number> {
  const p = Object.fromEntries(
    PARAM_NAMES.map((n) => [n, tensor(c.params[n], { dtype: 'float64', requiresGrad: true })]),
  ) as Record<(typeof PARAM_NAMES)[number], Tensor>;
  const x1 = tensor(c.x1, { dtype: 'float64' });
  const x2 = tensor(c.x2, { dtype: 'float64' });
  const hiddenParams = [
    [p.w1, p.w2, p.b1],
    [p.w3, p.w4, p.b2],
    [p.w5, p.w6, p.b3],
  ] as const;
  const zs = hiddenParams.map(([wa, wb, b]) => wa.mul(x1).add(wb.mul(x2)).add(b).retainGrad());
  const as = zs.map((z) => z.sigmoid().retainGrad());
  const z = p.w7.mul(as[0]!).add(p.w8.mul(as[1]!)).add(p.w9.mul(as[2]!)).add(p.b4).retainGrad();
  const yHat = z.sigmoid().retainGrad();
  const loss = yHat.neg().add(c.y).square().mul(0.5);
  loss.backward();

  const v: Record<string, number> = {};
  zs.forEach((t, i) => {
    v[`z${i + 1}`] = t.item();
    v[`dL_dz${i + 1}`] = t.grad!.item();
  });
  as.forEach((t, i) => {
    v[`a${i + 1}`] = t.item();
    v[`dL_da${i + 1}`] = t.grad!.item();
  });
  v.z = z.item();
  v.dL_dz = z.grad!.item();
  v.y_hat = yHat.item();
  v.dL_dy_hat = yHat.grad!.item();
  v.loss = loss.item();
  noGrad(() => {
    for (const name of PARAM_NAMES) {
      const t = p[name];
      v[`dL_d${name}`] = t.grad!.item();
      t.data.sub_(t.grad!.mul(lr));
      v[`${name}_new`] = t.item();
    }
  });
  return v;
}
