import type { Backend } from './backend.js';
import { getBackend } from './backend-registry.js';
import { castScalar, type DType, isFloat } from './dtype.js';
import { NDArray, type Operand } from './ndarray.js';

/**
 * Turns a binary op's operand into an array. A JS number becomes a 0-d array
 * that does not widen the other operand's dtype (PyTorch's rule for Python
 * scalars): float arrays keep their dtype, integer arrays stay int32 for
 * integer scalars and become float32 for fractional ones.
 */
export function asArray(op: string, x: Operand, like?: NDArray): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x !== 'number') {
    throw new Error(`${op}: expected an NDArray or a number, got ${describe(x)}`);
  }
  let dtype: DType = 'float32';
  if (like) {
    if (isFloat(like.dtype)) dtype = like.dtype;
    else if (Number.isInteger(x))
      dtype = like.dtype === 'bool' && (x === 0 || x === 1) ? 'bool' : 'int32';
  }
  const backend = like ? like.backend : getBackend();
  const storage = backend.allocate(dtype, 1);
  const a = new NDArray(storage, []);
  backend.fill(a, castScalar(x, dtype));
  return a;
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a JS array (wrap it with array(...))';
  return typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x;
}

/**
 * The backend an op on these arrays runs on. Arrays of one backend family
 * (e.g. `cpu` and `wasm`, which share host storage) mix freely: the op runs on
 * the active backend if it is one of theirs, else on the first operand's.
 * Arrays of different families (host and GPU) must be moved explicitly.
 */
export function commonBackend(op: string, ...xs: NDArray[]): Backend {
  const first = xs[0]!.backend;
  let mixed = false;
  for (const x of xs) {
    if (x.backend === first) continue;
    if (x.backend.family !== first.family) {
      throw new Error(
        `${op}: operands live on different backends ('${first.name}' and '${x.backend.name}'); move one with .to(backend)`,
      );
    }
    mixed = true;
  }
  if (!mixed) return first;
  const active = getBackend();
  return xs.some((x) => x.backend === active) ? active : first;
}
