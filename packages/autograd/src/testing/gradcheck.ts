import { Generator, randn } from '@gradlab/tensor';
import { Tensor } from '../tensor.js';

export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed for the random output projection. */
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytical − numerical| over all checked inputs. */
  maxError: number;
  /** One line per mismatching element (at most 10). */
  mismatches: string[];
}

/**
 * Checks the gradients that backward computes for `fn` against central finite
 * differences, in float64. The output is projected on a fixed random vector r,
 * so one backward pass of L = Σ r·fn(inputs) gives every input's gradient;
 * each input element is then nudged by ±eps and (L₊ − L₋) / 2eps compared.
 * Inputs must be float64 leaves with `requiresGrad`.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new Error(`gradcheck: input ${i} is not a Tensor`);
    if (x.dtype !== 'float64')
      throw new Error(
        `gradcheck: input ${i} must be float64 (got ${x.dtype}); finite differences need it`,
      );
  });
  const probe = fn(...inputs);
  const r = randn([...probe.shape], {
    dtype: 'float64',
    generator: new Generator(options.seed ?? 0),
  });
  const loss = (out: Tensor) => out.data.to('float64').mul(r).sum().item();

  for (const x of inputs) x.grad = null;
  probe.mul(new Tensor(r)).sum().backward();
  const analytical = inputs.map((x) =>
    x.requiresGrad ? (x.grad?.dataSync() ?? new Float64Array(x.size)) : null,
  );

  let maxError = 0;
  const mismatches: string[] = [];
  inputs.forEach((x, i) => {
    const an = analytical[i];
    if (!an) return;
    const values = x.data;
    for (let k = 0; k < x.size; k++) {
      const idx = unravel(k, x.shape);
      const orig = values.get(...idx);
      setAt(values, idx, orig + eps);
      const plus = loss(fn(...inputs));
      setAt(values, idx, orig - eps);
      const minus = loss(fn(...inputs));
      setAt(values, idx, orig);
      const numerical = (plus - minus) / (2 * eps);
      const err = Math.abs(numerical - an[k]!);
      maxError = Math.max(maxError, err);
      if (err > atol + rtol * Math.abs(numerical) && mismatches.length < 10) {
        mismatches.push(
          `input ${i}[${idx.join(', ')}]: analytical ${an[k]}, numerical ${numerical}`,
        );
      }
    }
  });
  for (const x of inputs) x.grad = null;
  return { ok: mismatches.length === 0, maxError, mismatches };
}

function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return idx;
}

function setAt(x: Tensor['data'], idx: number[], value: number): void {
  let v = x;
  for (const i of idx) v = v.select(0, i);
  v.fill_(value);
}
