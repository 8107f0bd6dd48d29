import { floatResult } from './dtype.js';
import { where } from './elementwise.js';
import type { NDArray } from './ndarray.js';
import { max, sum } from './reduce.js';
import { normalizeDim, normalizeDims } from './shape.js';

/**
 * log Σ exp(x) over `dim`, computed stably as m + log Σ exp(x − m) with m the
 * maximum (an all −∞ slice gives −∞, not NaN).
 */
export function logsumexp(x: NDArray, dim?: number | readonly number[], keepdim = false): NDArray {
  const xf = x.to(floatResult(x.dtype));
  const dims = normalizeDims('logsumexp', dim, xf.ndim);
  const m = max(xf, dims, true);
  const safe = where(m.abs().lt(Number.POSITIVE_INFINITY), m, 0);
  const out = sum(xf.sub(safe).exp(), dims, true).log().add(safe);
  return keepdim ? out : out.squeeze(dims);
}

/** exp(x) / Σ exp(x) along `dim`, shifted by the maximum for stability. */
export function softmax(x: NDArray, dim = -1): NDArray {
  const xf = x.to(floatResult(x.dtype));
  const d = normalizeDim('softmax', dim, Math.max(xf.ndim, 1));
  const e = xf.sub(max(xf, d, true)).exp();
  return e.div(sum(e, d, true));
}

/**
 * x − logsumexp(x) along `dim`, computed as (x − m) − log Σ exp(x − m) so that
 * large inputs lose no precision to cancellation.
 */
export function logSoftmax(x: NDArray, dim = -1): NDArray {
  const xf = x.to(floatResult(x.dtype));
  const d = normalizeDim('logSoftmax', dim, Math.max(xf.ndim, 1));
  const shifted = xf.sub(max(xf, d, true));
  return shifted.sub(sum(shifted.exp(), d, true).log());
}
