import type { View, Window2d } from '../backend.js';
import { KernelBody } from './kernel-body.js';

/**
 * Convolution lowering on the GPU: im2col gathers each column entry straight
 * from the input, and col2im is written gather-style too: each input element
 * sums the column entries of the taps that read it (no atomics needed).
 */

/** `c${d}` for each dim: the default coordinate names. */
const at = (d: number) => `c${d}`;

/** x [N, C, H, W] → cols [C·kh·kw, N·outH·outW]; zero where the window reads padding. */
export function im2colBody(x: View, g: Window2d): KernelBody {
  // Coordinates over [C, kh, kw, N, outH, outW] are exactly the row-major order of cols.
  const k = new KernelBody().coords([g.c, g.kh, g.kw, g.n, g.outH, g.outW]);
  k.line(
    `let ih = c4 * ${g.strideH} - ${g.padTop} + c1 * ${g.dilationH};`,
    `let iw = c5 * ${g.strideW} - ${g.padLeft} + c2 * ${g.dilationW};`,
    `let inside = ih >= 0 && ih < ${g.h} && iw >= 0 && iw < ${g.w} ? 1 : 0;`,
    'if (inside == 0) { ih = 0; iw = 0; }',
  );
  const read = k.read(x, (d) => ['c3', 'c0', 'ih', 'iw'][d]!);
  return k.line(`let v = ${read};`, 'return inside == 1 ? v : 0;');
}

/**
 * For input row `h` and tap `ki`: declares `${o}` (the output row that reads
 * it) and adds to `${ok}` whether there is one.
 */
function sourceRow(
  k: KernelBody,
  o: string,
  h: string,
  tap: string,
  stride: number,
  pad: number,
  dil: number,
  outSize: number,
  ok: string,
): void {
  k.line(`let t${o} = ${h} + ${pad} - ${tap} * ${dil};`);
  if (stride === 1) k.line(`let ${o} = t${o};`);
  else {
    k.line(
      `let ${o} = Math.floor(t${o} / ${stride});`,
      `if (t${o} - ${o} * ${stride} < 0) { ${o} = ${o} - 1; }`,
      `if (t${o} - ${o} * ${stride} >= ${stride}) { ${o} = ${o} + 1; }`,
      `if (t${o} - ${o} * ${stride} != 0) { ${ok} = 0; }`,
    );
  }
  k.line(`if (${o} < 0 || ${o} >= ${outSize}) { ${ok} = 0; }`);
}

/** out [N, C, H, W] (a view) plus the sum of the column entries that read each element. */
export function col2imBody(cols: View, g: Window2d, out: View): KernelBody {
  const k = new KernelBody().coords([g.n, g.c, g.h, g.w]);
  const L = g.outH * g.outW;
  const c = k.array(cols);
  const old = k.read(out, at);
  k.line(
    `let s = ${old};`,
    `for (let ki = 0; ki < ${g.kh}; ki++) {`,
    `for (let kj = 0; kj < ${g.kw}; kj++) {`,
    'let ok = 1;',
  );
  sourceRow(k, 'oh', 'c2', 'ki', g.strideH, g.padTop, g.dilationH, g.outH, 'ok');
  sourceRow(k, 'ow', 'c3', 'kj', g.strideW, g.padLeft, g.dilationW, g.outW, 'ok');
  const [rs, cs] = cols.strides as [number, number];
  const row = `((c1 * ${g.kh} + ki) * ${g.kw} + kj)`;
  const col = `(c0 * ${L} + oh * ${g.outW} + ow)`;
  return k.line(
    'if (ok == 0) { oh = 0; ow = 0; }',
    `let v = ${c.name}[${c.offset} + ${row} * ${rs} + ${col} * ${cs}];`,
    'if (ok == 1) { s = s + v; }',
    '}',
    '}',
    'return s;',
  );
}

/** Max pooling: the maximum (`wantIndex` false) or its flat h·W+w position in the plane. */
export function maxPoolBody(x: View, g: Window2d, wantIndex: boolean): KernelBody {
  const k = new KernelBody().coords([g.n, g.c, g.outH, g.outW]);
  k.line(
    'let best = 0;',
    'let at = -1;',
    `for (let ki = 0; ki < ${g.kh}; ki++) {`,
    `for (let kj = 0; kj < ${g.kw}; kj++) {`,
  );
  k.line(
    `let ih = c2 * ${g.strideH} - ${g.padTop} + ki * ${g.dilationH};`,
    `let iw = c3 * ${g.strideW} - ${g.padLeft} + kj * ${g.dilationW};`,
    `let inside = ih >= 0 && ih < ${g.h} && iw >= 0 && iw < ${g.w} ? 1 : 0;`,
    'if (inside == 0) { ih = 0; iw = 0; }',
  );
  const read = k.read(x, (d) => ['c0', 'c1', 'ih', 'iw'][d]!);
  return k.line(
    `let v = ${read};`,
    // A NaN wins and then stays (best == best is false for NaN).
    `if (inside == 1 && (at < 0 || (best == best && !(v <= best)))) { best = v; at = ih * ${g.w} + iw; }`,
    '}',
    '}',
    wantIndex ? 'return at;' : 'return best;',
  );
}

/**
 * The start of a pooling backward kernel over the input positions (c2, c3):
 * `s` holds `out`'s value, and loops over the window offsets (ki, kj) declare
 * the output (oh, ow) whose window puts that offset here, with `ok` = 0 where
 * there is none (then oh = ow = 0, a safe read). The caller closes both loops.
 */
function windowSources(g: Window2d, out: View, dilationH: number, dilationW: number): KernelBody {
  const k = new KernelBody().coords([g.n, g.c, g.h, g.w]);
  const old = k.read(out, at);
  k.line(
    `let s = ${old};`,
    `for (let ki = 0; ki < ${g.kh}; ki++) {`,
    `for (let kj = 0; kj < ${g.kw}; kj++) {`,
    'let ok = 1;',
  );
  sourceRow(k, 'oh', 'c2', 'ki', g.strideH, g.padTop, dilationH, g.outH, 'ok');
  sourceRow(k, 'ow', 'c3', 'kj', g.strideW, g.padLeft, dilationW, g.outW, 'ok');
  return k.line('if (ok == 0) { oh = 0; ow = 0; }');
}

/** out (a view of [N, C, H, W]) plus the gradients of the outputs whose maximum sat at each element. */
export function maxPoolBackwardBody(
  gradOut: View,
  indices: View,
  g: Window2d,
  out: View,
): KernelBody {
  const k = windowSources(g, out, g.dilationH, g.dilationW);
  const pos = (d: number) => ['c0', 'c1', 'oh', 'ow'][d]!;
  const idx = k.read(indices, pos);
  const grad = k.read(gradOut, pos);
  return k.line(
    `if (ok == 1 && ${idx} == c2 * ${g.w} + c3) { s = s + ${grad}; }`,
    '}',
    '}',
    'return s;',
  );
}

/** Declares the clipped window [hs, he) × [ws, we) of output (oh, ow) and its divisor `div`. */
function avgWindow(
  k: KernelBody,
  g: Window2d,
  oh: string,
  ow: string,
  countIncludePad: boolean,
): void {
  k.line(
    `let h0 = ${oh} * ${g.strideH} - ${g.padTop};`,
    `let w0 = ${ow} * ${g.strideW} - ${g.padLeft};`,
    `let h1 = Math.min(h0 + ${g.kh}, ${g.h + g.padTop});`,
    `let w1 = Math.min(w0 + ${g.kw}, ${g.w + g.padLeft});`,
    'let hs = Math.max(h0, 0);',
    'let ws = Math.max(w0, 0);',
    `let he = Math.min(h1, ${g.h});`,
    `let we = Math.min(w1, ${g.w});`,
    countIncludePad ? 'let div = (h1 - h0) * (w1 - w0);' : 'let div = (he - hs) * (we - ws);',
  );
}

export function avgPoolBody(x: View, g: Window2d, countIncludePad: boolean): KernelBody {
  const k = new KernelBody().coords([g.n, g.c, g.outH, g.outW]);
  avgWindow(k, g, 'c2', 'c3', countIncludePad);
  k.line(
    'let s = 0;',
    `for (let ki = 0; ki < ${g.kh}; ki++) {`,
    `for (let kj = 0; kj < ${g.kw}; kj++) {`,
  );
  k.line(
    'let ih = h0 + ki;',
    'let iw = w0 + kj;',
    'let inside = ih >= hs && ih < he && iw >= ws && iw < we ? 1 : 0;',
    'if (inside == 0) { ih = 0; iw = 0; }',
  );
  const read = k.read(x, (d) => ['c0', 'c1', 'ih', 'iw'][d]!);
  return k.line(`let v = ${read};`, 'if (inside == 1) { s = s + v; }', '}', '}', 'return s / div;');
}

export function avgPoolBackwardBody(
  gradOut: View,
  g: Window2d,
  countIncludePad: boolean,
  out: View,
): KernelBody {
  const k = windowSources(g, out, 1, 1);
  avgWindow(k, g, 'oh', 'ow', countIncludePad);
  const grad = k.read(gradOut, (d) => ['c0', 'c1', 'oh', 'ow'][d]!);
  return k.line(
    'if (ok == 1 && c2 >= hs && c2 < he && c3 >= ws && c3 < we) {',
    `s = s + ${grad} / div;`,
    '}',
    '}',
    '}',
    'return s;',
  );
}
