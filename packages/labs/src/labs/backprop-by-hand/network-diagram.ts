/**
 * An SVG drawing of the 2-3-1 network of one exercise: every unit as a box
 * with its values (z, a, bias before → after), every connection with its
 * weight before → after the update and its gradient.
 */
import { svgDocument } from '@gradlab/viz';
import type { BackpropCase } from './manual.js';
import { fmt, fmtNew } from './worked-solution.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Text lines centred at (x, y). */
function label(x: number, y: number, lines: readonly string[], size = 11, weight = 'normal') {
  const y0 = y - ((lines.length - 1) * (size + 3)) / 2;
  return lines
    .map(
      (l, i) =>
        `<text x="${x.toFixed(1)}" y="${(y0 + i * (size + 3)).toFixed(1)}" font-size="${size}" font-weight="${weight}" text-anchor="middle" dominant-baseline="middle" fill="#222">${esc(l)}</text>`,
    )
    .join('');
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Draws the network of `c` with the values `v` of `backpropByHand`. */
export function networkDiagram(title: string, c: BackpropCase, v: Record<string, number>): string {
  const W = 920;
  const H = 540;
  const top = 50;
  const span = H - top - 20;
  const rowY = (f: number) => top + f * span;
  const box = (x: number, y: number, w: number, h: number): Box => ({ x, y, w, h });
  const inputs = [box(80, rowY(1 / 3), 80, 30), box(80, rowY(2 / 3), 80, 30)];
  const hidden = [1, 3, 5].map((k) => box(470, rowY(k / 6), 210, 44));
  const out = box(810, rowY(1 / 2), 190, 76);
  let edges = '';
  let labels = '';
  const edge = (a: Box, b: Box, w: 'w1', t: number) => {
    const [x1, y1, x2, y2] = [a.x + a.w / 2, a.y, b.x - b.w / 2, b.y];
    edges += `<line x1="${x1}" y1="${y1.toFixed(1)}" x2="${x2}" y2="${y2.toFixed(1)}" stroke="#8aa" stroke-width="1.4"/>`;
    const [lx, ly] = [x1 + t * (x2 - x1), y1 + t * (y2 - y1)];
    labels += `<rect x="${(lx - 66).toFixed(1)}" y="${(ly - 15).toFixed(1)}" width="132" height="30" rx="3" fill="#fff" fill-opacity="0.92"/>`;
    labels += label(
      lx,
      ly,
      [
        `${w}: ${fmt(c.params[w])} → ${fmtNew(c.params[w], v[`${w}_new`]!)}`,
        `∂L/∂${w} = ${fmt(v[`dL_d${w}`]!)}`,
      ],
      10.5,
    );
  };
  hidden.forEach((h, i) => {
    const j = i + 1;
    edge(inputs[0]!, h, `w${2 * j - 1}` as 'w1', 0.7);
    edge(inputs[1]!, h, `w${2 * j}` as 'w1', 0.7);
    edge(h, out, `w${6 + j}` as 'w1', 0.5);
  });
  let nodes = '';
  const node = (b: Box, fill: string, lines: string[]) => {
    nodes += `<rect x="${b.x - b.w / 2}" y="${(b.y - b.h / 2).toFixed(1)}" width="${b.w}" height="${b.h}" rx="8" fill="${fill}" stroke="#333" stroke-width="1.2"/>`;
    nodes += label(b.x, b.y, lines, 11.5);
  };
  node(inputs[0]!, '#e8f0fb', [`x1 = ${fmt(c.x1)}`]);
  node(inputs[1]!, '#e8f0fb', [`x2 = ${fmt(c.x2)}`]);
  hidden.forEach((h, i) => {
    const j = i + 1;
    const b = `b${j}` as 'b1';
    node(h, '#fdf1e2', [
      `h${j}: z${j} = ${fmt(v[`z${j}`]!)}, a${j} = ${fmt(v[`a${j}`]!)}`,
      `${b}: ${fmt(c.params[b])} → ${fmtNew(c.params[b], v[`${b}_new`]!)}`,
    ]);
  });
  node(out, '#e5f5e5', [
    `z = ${fmt(v.z!)}, ŷ = ${fmt(v.y_hat!)}`,
    `y = ${fmt(c.y)}, L = ${fmt(v.loss!)}`,
    `∂L/∂z = ${fmt(v.dL_dz!)}`,
    `b4: ${fmt(c.params.b4)} → ${fmtNew(c.params.b4, v.b4_new!)}`,
  ]);
  const head = label(W / 2, 22, [title], 14, 'bold');
  return svgDocument(W, H, head + edges + labels + nodes, title);
}
