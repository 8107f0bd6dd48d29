import type { ReduceOp, View } from '../backend.js';
import { sizeOf } from '../shape.js';
import { coordinates } from './index-code.js';
import { castTo, KernelBody } from './kernel-body.js';

/**
 * Reductions: one thread per output element loops over the reduced elements
 * (their count is baked into the kernel). NaN wins max/min and stops the scan,
 * and arg-reductions return the first extreme position, as on the cpu backend.
 */
export function reduceBody(op: ReduceOp, x: View, dims: readonly number[], out: View): KernelBody {
  const reduced = dims.map((d) => x.shape[d]!);
  const m = sizeOf(reduced);
  const kept = x.shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const k = new KernelBody().coords(kept);
  const coord = (d: number) => {
    const r = dims.indexOf(d);
    return r < 0 ? `c${d}` : `r${r}`;
  };
  if (m === 0) return k.line(`return ${op === 'prod' ? 1 : 0};`);
  const read = k.read(x, coord);
  const first = k.read(x, (d) => (dims.includes(d) ? '0' : `c${d}`));
  const loopHead = [
    `for (let j = 0; j < ${m}; j++) {`,
    coordinates(reduced, 'j', 'r'),
    `let v = ${read};`,
  ];
  switch (op) {
    case 'sum':
    case 'prod': {
      const step = op === 'sum' ? 's = s + v;' : 's = s * v;';
      k.line(`let s = ${op === 'sum' ? 0 : 1};`, ...loopHead, step, '}');
      return k.line(`return ${castTo(out.dtype, 's')};`);
    }
    case 'max':
    case 'min':
    case 'argmax':
    case 'argmin': {
      const better = op === 'max' || op === 'argmax' ? '!(v <= best)' : '!(v >= best)';
      k.line(
        `let best = ${first};`,
        'let at = 0;',
        ...loopHead,
        // best == best is false once a NaN has been taken: it then stays.
        `if (best == best && ${better}) { best = v; at = j; }`,
        '}',
      );
      return k.line(
        op === 'max' || op === 'min' ? `return ${castTo(out.dtype, 'best')};` : 'return at;',
      );
    }
    default:
      throw new Error(`gpu backend: unknown reduction '${op as string}'`);
  }
}

/** Inclusive prefix sums along `dim` (a fixed-length loop that adds the entries up to this one). */
export function cumsumBody(x: View, dim: number): KernelBody {
  const len = x.shape[dim]!;
  const k = new KernelBody().coords(x.shape);
  const read = k.read(x, (d) => (d === dim ? 'j' : `c${d}`));
  return k.line(
    'let s = 0;',
    `for (let j = 0; j < ${len}; j++) {`,
    `if (j <= c${dim}) { s = s + ${read}; }`,
    '}',
    'return s;',
  );
}

/**
 * Batched product a [B, M, K] · b [B, K, N]: one thread per output element with
 * the K loop unrolled by four. gpu.js exposes no workgroup memory, so there is
 * no shared-memory tiling: the K loop reads straight from device memory.
 */
export function matmulBody(a: View, b: View): KernelBody {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const k = new KernelBody().coords([B, M, N]);
  const x = k.array(a);
  const y = k.array(b);
  const [ab, am, ak] = a.strides as [number, number, number];
  const [bb, bk, bn] = b.strides as [number, number, number];
  const rowA = `${x.offset} + c0 * ${ab} + c1 * ${am}`;
  const colB = `${y.offset} + c0 * ${bb} + c2 * ${bn}`;
  const A = (i: string) => `${x.name}[pa + ${i} * ${ak}]`;
  const Bv = (i: string) => `${y.name}[pb + ${i} * ${bk}]`;
  const main = K - (K % 4);
  k.line(`let pa = ${rowA};`, `let pb = ${colB};`, 'let s = 0;');
  if (main > 0) {
    k.line(
      `for (let q = 0; q < ${main}; q += 4) {`,
      `s = s + ${A('q')} * ${Bv('q')} + ${A('(q + 1)')} * ${Bv('(q + 1)')} + ${A('(q + 2)')} * ${Bv('(q + 2)')} + ${A('(q + 3)')} * ${Bv('(q + 3)')};`,
      '}',
    );
  }
  for (let q = main; q < K; q++) k.line(`s = s + ${A(String(q))} * ${Bv(String(q))};`);
  return k.line('return s;');
}
