import type { NDArray } from './ndarray.js';
import { shapeStr } from './shape.js';

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** Chooses one number format for the whole array, as NumPy and PyTorch do. */
function formatter(values: ArrayLike<number>, dtype: string): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'true' : 'false');
  if (dtype === 'int32') return (v) => String(v);
  let maxAbs = 0;
  let minAbs = Number.POSITIVE_INFINITY;
  let allInt = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const a = Math.abs(v);
    maxAbs = Math.max(maxAbs, a);
    if (a > 0) minAbs = Math.min(minAbs, a);
    if (!Number.isInteger(v)) allInt = false;
  }
  const special = (v: number) => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  if (allInt && maxAbs < 1e8) return (v) => (Number.isFinite(v) ? `${v}.` : special(v));
  const sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs > 0) || maxAbs / minAbs > 1e3;
  if (sci)
    return (v) =>
      Number.isFinite(v) ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : special(v);
  return (v) => (Number.isFinite(v) ? v.toFixed(4) : special(v));
}

/** Text like `array([[1.0000, 2.5000], …], shape=[2, 2], dtype=float32)`; large arrays are summarised. */
export function formatNDArray(x: NDArray): string {
  const data = x.dataSync();
  const summarise = x.size > SUMMARY_THRESHOLD;
  const fmt = formatter(data, x.dtype);
  const strides: number[] = [];
  let s = 1;
  for (let i = x.ndim - 1; i >= 0; i--) {
    strides[i] = s;
    s *= x.shape[i]!;
  }
  const cells = Array.from(data, fmt);
  const width = Math.max(1, ...cells.map((c) => c.length));
  const prefix = 'array(';
  const build = (d: number, base: number): string => {
    if (x.ndim === 0) return cells[0]!.padStart(width);
    const n = x.shape[d]!;
    const idx =
      summarise && n > 2 * EDGE_ITEMS
        ? [
            ...Array.from({ length: EDGE_ITEMS }, (_, i) => i),
            -1,
            ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i),
          ]
        : Array.from({ length: n }, (_, i) => i);
    if (d === x.ndim - 1) {
      return `[${idx.map((i) => (i < 0 ? '…' : cells[base + i]!.padStart(width))).join(', ')}]`;
    }
    const indent = ' '.repeat(prefix.length + d + 1);
    const sep = `,${'\n'.repeat(x.ndim - d - 1)}${indent}`;
    return `[${idx.map((i) => (i < 0 ? '…' : build(d + 1, base + i * strides[d]!))).join(sep)}]`;
  };
  return `${prefix}${build(0, 0)}, shape=${shapeStr(x.shape)}, dtype=${x.dtype})`;
}
