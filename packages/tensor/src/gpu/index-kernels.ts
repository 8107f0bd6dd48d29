import type { View } from '../backend.js';
import { KernelBody } from './kernel-body.js';

/**
 * gather and scatterAdd. Indices are float32 on the device (exact below 2^24)
 * and are not range-checked there: an index outside the dim reads or adds
 * nothing meaningful (the cpu backend raises an error instead).
 */
export function gatherBody(x: View, dim: number, index: View): KernelBody {
  const k = new KernelBody().coords(index.shape);
  const i = k.read(index, (d) => `c${d}`);
  k.line(`let g = ${i};`);
  return k.line(`return ${k.read(x, (d) => (d === dim ? 'g' : `c${d}`))};`);
}

/**
 * out + the src entries scattered onto each element, written gather-style: each
 * element of out loops over the index entries that could name it.
 */
export function scatterAddBody(out: View, dim: number, index: View, src: View): KernelBody {
  const k = new KernelBody().coords(out.shape);
  const old = k.read(out, (d) => `c${d}`);
  const covered = index.shape
    .map((s, d) => (d === dim ? null : `c${d} < ${s}`))
    .filter((t): t is string => t !== null);
  const pos = (d: number) => (d === dim ? 'j' : `c${d}`);
  const idx = k.read(index, pos);
  const val = k.read(src, pos);
  k.line(`let s = ${old};`);
  if (covered.length > 0) k.line(`if (${covered.join(' && ')}) {`);
  k.line(
    `for (let j = 0; j < ${index.shape[dim]}; j++) {`,
    `if (${idx} == c${dim}) { s = s + ${val}; }`,
    '}',
  );
  if (covered.length > 0) k.line('}');
  return k.line('return s;');
}
