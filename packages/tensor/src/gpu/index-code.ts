import type { Shape } from '../shape.js';

/**
 * Source snippets (gpu.js's kernel dialect of JavaScript) for strided
 * addressing. Shapes and strides are baked into the source as literals, so a
 * kernel is compiled once per distinct geometry and cached (a training loop
 * repeats the same few geometries); offsets are passed as arguments.
 */

/** Products of the dims after each dim: the row-major strides of `shape`. */
export function rowMajor(shape: Shape): number[] {
  const out = new Array<number>(shape.length);
  let p = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = p;
    p *= shape[d]!;
  }
  return out;
}

/**
 * Statements declaring `${name}0 … ${name}{r-1}`, the coordinates of the flat
 * row-major position `flat` (an expression) in `shape`. The integer division is
 * corrected after the float divide, so it stays exact where a GPU's division is
 * not correctly rounded.
 */
export function coordinates(shape: Shape, flat: string, name: string): string {
  const strides = rowMajor(shape);
  const lines: string[] = [];
  let previous: string | null = null;
  shape.forEach((size, d) => {
    const p = strides[d]!;
    const q = `${name}q${d}`;
    if (p === 1) lines.push(`let ${q} = ${flat};`);
    else {
      lines.push(`let ${q} = Math.floor(${flat} / ${p});`);
      lines.push(`if (${flat} - ${q} * ${p} < 0) { ${q} = ${q} - 1; }`);
      lines.push(`if (${flat} - ${q} * ${p} >= ${p}) { ${q} = ${q} + 1; }`);
    }
    const c = previous === null ? q : `${q} - ${previous} * ${size}`;
    lines.push(`let ${name}${d} = ${size === 1 ? '0' : c};`);
    previous = q;
  });
  return lines.join('\n');
}

/** `offset + Σ coord·stride`, leaving out dims of size 1 and stride 0. */
export function position(
  shape: Shape,
  strides: Shape,
  offset: string,
  coord: (d: number) => string,
): string {
  const terms = [offset];
  shape.forEach((size, d) => {
    const s = strides[d]!;
    if (size !== 1 && s !== 0) terms.push(s === 1 ? coord(d) : `${coord(d)} * ${s}`);
  });
  return terms.join(' + ');
}
