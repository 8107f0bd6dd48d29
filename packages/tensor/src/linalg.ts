import { promoteTypes } from './dtype.js';
import { NDArray } from './ndarray.js';
import { commonBackend } from './operand.js';
import { broadcastShapes, shapeStr, sizeOf } from './shape.js';

/**
 * Matrix product with PyTorch's rules: 1-d·1-d is a dot product, 2-d·2-d a
 * matrix product, a 1-d operand gets a dim prepended (left) or appended
 * (right) and removed again, and leading batch dims broadcast.
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (!(a instanceof NDArray) || !(b instanceof NDArray))
    throw new Error('matmul: both operands must be NDArrays');
  if (a.ndim === 0 || b.ndim === 0) {
    throw new Error(
      `matmul: both operands need at least 1 dim, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`,
    );
  }
  const backend = commonBackend('matmul', a, b);
  const x = a.ndim === 1 ? a.unsqueeze(0) : a;
  const y = b.ndim === 1 ? b.unsqueeze(1) : b;
  const [M, K] = x.shape.slice(-2) as [number, number];
  const [K2, N] = y.shape.slice(-2) as [number, number];
  if (K !== K2) {
    throw new Error(
      `matmul: cannot multiply ${shapeStr(a.shape)} by ${shapeStr(b.shape)} (${K} ≠ ${K2})`,
    );
  }
  const batch = broadcastShapes('matmul', x.shape.slice(0, -2), y.shape.slice(0, -2));
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (dtype === 'bool')
    throw new Error('matmul: bool operands are not supported; convert with .int() or .float()');
  const as3 = (t: NDArray, rows: number, cols: number) => {
    const e = t.to(dtype).expand([...batch, rows, cols]);
    return batch.length === 0
      ? e.unsqueeze(0)
      : batch.length === 1
        ? e
        : e.reshape([sizeOf(batch), rows, cols]);
  };
  const out = NDArray.empty([sizeOf(batch), M, N], dtype, backend);
  backend.matmul(as3(x, M, K), as3(y, K, N), out);
  let shape = [...batch, M, N];
  if (a.ndim === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
  if (b.ndim === 1) shape = shape.slice(0, -1);
  return out.reshape(shape);
}

/** Dot product of two 1-d arrays (a 0-d result). */
export function dot(a: NDArray, b: NDArray): NDArray {
  if (a.ndim !== 1 || b.ndim !== 1 || a.size !== b.size) {
    throw new Error(
      `dot: expected two 1-d arrays of equal length, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`,
    );
  }
  return matmul(a, b);
}

/** Outer product of two 1-d arrays: [n] ⊗ [m] → [n, m]. */
export function outer(a: NDArray, b: NDArray): NDArray {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new Error(
      `outer: expected two 1-d arrays, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`,
    );
  }
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}

/**
 * Eigendecomposition of a real symmetric matrix by cyclic Jacobi rotations, in
 * float64: eigenvalues ascending, eigenvectors as the columns of `eigenvectors`
 * (like torch.linalg.eigh). Each eigenvector's sign is chosen so that its
 * largest-magnitude component is positive, making results reproducible.
 */
export function eigh(matrix: NDArray): { eigenvalues: NDArray; eigenvectors: NDArray } {
  if (matrix.ndim !== 2 || matrix.shape[0] !== matrix.shape[1]) {
    throw new Error(`eigh: expected a square 2-d matrix, got ${shapeStr(matrix.shape)}`);
  }
  const n = matrix.shape[0]!;
  const A = Float64Array.from(matrix.dataSync());
  let asym = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      asym = Math.max(asym, Math.abs(A[i * n + j]! - A[j * n + i]!));
      scale = Math.max(scale, Math.abs(A[i * n + j]!));
    }
  }
  if (asym > 1e-6 * Math.max(scale, 1e-30))
    throw new Error(`eigh: matrix is not symmetric (max |A − Aᵀ| = ${asym})`);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q]! ** 2;
    if (off <= 1e-30 * Math.max(scale * scale, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => A[i * n + i]! - A[j * n + j]!,
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src]!;
    let big = 0;
    for (let k = 0; k < n; k++)
      if (Math.abs(V[k * n + src]!) > Math.abs(big)) big = V[k * n + src]!;
    const sgn = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = sgn * V[k * n + src]!;
  });
  const dtype = matrix.dtype === 'float64' ? 'float64' : 'float32';
  return {
    eigenvalues: NDArray.fromTypedArray(values, [n], matrix.backend).to(dtype),
    eigenvectors: NDArray.fromTypedArray(vectors, [n, n], matrix.backend).to(dtype),
  };
}
