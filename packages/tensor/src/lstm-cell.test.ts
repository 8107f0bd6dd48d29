import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu/cpu-backend.js';
import { lstmCellBackward, lstmCellForward } from './lstm-cell.js';
import { NDArray } from './ndarray.js';
import { Generator, normal } from './random.js';

/** A host backend of another family: the composed tensor-op path runs on it (as on a GPU). */
class OtherFamily extends CpuBackend {
  override readonly name = 'other-family';
  override readonly family = 'other';
}
const other = new OtherFamily();

const values = (a: NDArray) => [...a.contiguous().dataSync()];

function inputs(dtype: 'float32' | 'float64', B = 5, H = 7, seed = 1) {
  const g = new Generator(seed);
  const gates = normal([B, 4 * H], 0, 2, { generator: g }).to(dtype);
  const c = normal([B, H], 0, 1, { generator: g }).to(dtype);
  const gradHc = normal([B, 2 * H], 0, 1, { generator: g }).to(dtype);
  return { gates, c, gradHc, H };
}

describe('the fused LSTM cell', () => {
  it("forward (float32): the host loop gives the composed ops' h′, c′ and activations bit for bit", () => {
    const { gates, c } = inputs('float32');
    const fused = lstmCellForward(gates, c);
    const composed = lstmCellForward(gates.to(other), c.to(other));
    expect(composed.hc.backend.family).toBe('other');
    expect(values(fused.hc)).toEqual(values(composed.hc));
    expect(values(fused.activations)).toEqual(values(composed.activations));
    expect(values(fused.tanhC)).toEqual(values(composed.tanhC));
    expect(fused.hc.dtype).toBe('float32');
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`backward (${dtype}): the host loop agrees with the composed ops`, () => {
      const { gates, c, gradHc } = inputs(dtype);
      const f = lstmCellForward(gates, c);
      const fused = lstmCellBackward(gradHc, f.activations, f.tanhC, c);
      const o = (x: NDArray) => x.to(other);
      const composed = lstmCellBackward(o(gradHc), o(f.activations), o(f.tanhC), o(c));
      const tol = dtype === 'float32' ? 1e-6 : 1e-14;
      for (const [a, b] of [
        [fused.gradGates, composed.gradGates],
        [fused.gradC, composed.gradC],
      ] as const)
        values(a).forEach((v, k) => {
          expect(Math.abs(v - values(b)[k]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(v)));
        });
    });
  }

  it('backward is the derivative of the forward (central differences, float64)', () => {
    const { gates, c, gradHc, H } = inputs('float64', 3, 4, 9);
    // loss = Σ gradHc ⊙ hc, so d loss / d input = the backward's result
    const loss = (gt: NDArray, ct: NDArray) =>
      lstmCellForward(gt, ct).hc.mul(gradHc).sum().item() as number;
    const f = lstmCellForward(gates, c);
    const { gradGates, gradC } = lstmCellBackward(gradHc, f.activations, f.tanhC, c);
    const h = 1e-6;
    const check = (x: NDArray, grad: NDArray, isGates: boolean) => {
      const flat = Float64Array.from(x.dataSync());
      const nudged = (k: number, by: number) => {
        const copy = flat.slice();
        copy[k]! += by;
        return NDArray.fromTypedArray(copy, x.shape);
      };
      for (let k = 0; k < flat.length; k++) {
        const numeric = isGates
          ? (loss(nudged(k, h), c) - loss(nudged(k, -h), c)) / (2 * h)
          : (loss(gates, nudged(k, h)) - loss(gates, nudged(k, -h))) / (2 * h);
        expect(grad.dataSync()[k]).toBeCloseTo(numeric, 7);
      }
    };
    check(gates, gradGates, true);
    check(c, gradC, false);
    expect(H).toBe(4);
  });

  it('reads a strided cell state (the previous step’s c′, a narrow view of its hc)', () => {
    const { gates, c } = inputs('float32');
    const H = c.shape[1]!;
    const previous = NDArray.empty([5, 2 * H]);
    previous.narrow(1, H, H).copy_(c);
    const strided = previous.narrow(1, H, H);
    expect(strided.isContiguous()).toBe(false);
    expect(values(lstmCellForward(gates, strided).hc)).toEqual(
      values(lstmCellForward(gates, c).hc),
    );
  });

  it('names the shapes it cannot use', () => {
    const { gates, c } = inputs('float32');
    expect(() => lstmCellForward(gates.narrow(1, 0, 27), c)).toThrow(
      'lstmCellForward: gates must be [B, 4H] and c [B, H], got gates [5, 27] and c [5, 7]',
    );
    expect(() => lstmCellForward(gates, c.to('float64'))).toThrow('must have one dtype');
    const f = lstmCellForward(gates, c);
    expect(() => lstmCellBackward(c, f.activations, f.tanhC, c)).toThrow(
      'lstmCellBackward: expected gradHc [5, 14] and tanhC [5, 7], got [5, 7] and [5, 7]',
    );
  });
});
