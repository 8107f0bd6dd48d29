import type { View } from '../backend.js';
import { dataOf } from './strided.js';

/**
 * Batched matrix product a [B, M, K] · b [B, K, N] → out [B, M, N] (contiguous).
 * The reference kernel: an i-k-j loop that streams rows of b, accumulating
 * each output row in float64. Any strides are accepted (batch strides may be 0).
 */
export function matmul(a: View, b: View, out: View): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const A = dataOf(a);
  const Bd = dataOf(b);
  const R = dataOf(out);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const acc = new Float64Array(N);
  for (let batch = 0; batch < B; batch++) {
    const aBase = a.offset + batch * sab;
    const bBase = b.offset + batch * sbb;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const aRow = aBase + i * sam;
      for (let k = 0; k < K; k++) {
        const aik = A[aRow + k * sak]!;
        const bRow = bBase + k * sbk;
        if (sbn === 1) for (let j = 0; j < N; j++) acc[j] += aik * Bd[bRow + j]!;
        else for (let j = 0; j < N; j++) acc[j] += aik * Bd[bRow + j * sbn]!;
      }
      const o = out.offset + (batch * M + i) * N;
      for (let j = 0; j < N; j++) R[o + j] = acc[j]!;
    }
  }
}
