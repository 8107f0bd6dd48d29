import { escapeXml } from './escape-xml.js';
import { svgDocument } from './svg-document.js';
import { svgNumber as n } from './svg-number.js';
import { theme } from './theme.js';

/** Options of {@link subplots}. */
export interface SubplotsOptions {
  /** Panels per row (default: up to 3). */
  cols?: number;
  /** Figure title above all panels. */
  title?: string;
  /** Pixels between panels (default 8). */
  gap?: number;
}

function rootSize(
  svg: string,
  i: number,
): { width: number; height: number; inner: string; viewBox: string } {
  const open = /^\s*<svg\b([^>]*)>/.exec(svg);
  const close = svg.lastIndexOf('</svg>');
  if (!open || close < 0) throw new Error(`subplots: panel ${i} is not an SVG document`);
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(open[1]!)?.[1];
  const width = Number(attr('width'));
  const height = Number(attr('height'));
  if (!(width > 0 && height > 0))
    throw new Error(`subplots: panel ${i} has no numeric width and height`);
  return {
    width,
    height,
    viewBox: attr('viewBox') ?? `0 0 ${width} ${height}`,
    inner: svg.slice(open[0].length, close),
  };
}

/**
 * Arranges several figures (SVG strings from any helper here) in a grid,
 * row by row, as one SVG: e.g. the decision regions at steps 0, 500, …,
 * 3000, or three confusion matrices side by side. Each panel keeps its size;
 * columns and rows take the widest/tallest panel in them.
 *
 * @param panels - SVG documents
 * @param options - columns, title and spacing
 * @returns an SVG document
 */
export function subplots(panels: readonly string[], options: SubplotsOptions = {}): string {
  if (!Array.isArray(panels) || panels.length === 0) throw new Error('subplots: no panels');
  const parsed = panels.map((p, i) => rootSize(p, i));
  const cols = Math.max(1, Math.min(parsed.length, options.cols ?? Math.min(3, parsed.length)));
  const rows = Math.ceil(parsed.length / cols);
  const gap = options.gap ?? 8;
  const colW = Array.from({ length: cols }, (_, c) =>
    Math.max(...parsed.filter((_, i) => i % cols === c).map((p) => p.width)),
  );
  const rowH = Array.from({ length: rows }, (_, r) =>
    Math.max(...parsed.slice(r * cols, r * cols + cols).map((p) => p.height)),
  );
  const top = options.title ? theme.titleFontSize + 24 : 0;
  const width = colW.reduce((a, b) => a + b, 0) + gap * (cols - 1);
  const height = top + rowH.reduce((a, b) => a + b, 0) + gap * (rows - 1);
  let body = '';
  if (options.title) {
    body += `<text x="${n(width / 2)}" y="${n(12 + theme.titleFontSize)}" text-anchor="middle" font-size="${theme.titleFontSize + 2}" font-weight="bold" fill="${theme.textColor}">${escapeXml(options.title)}</text>`;
  }
  parsed.forEach((p, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const x = colW.slice(0, c).reduce((a, b) => a + b, 0) + gap * c + (colW[c]! - p.width) / 2;
    const y = top + rowH.slice(0, r).reduce((a, b) => a + b, 0) + gap * r;
    body += `<svg x="${n(x)}" y="${n(y)}" width="${n(p.width)}" height="${n(p.height)}" viewBox="${p.viewBox}">${p.inner}</svg>`;
  });
  return svgDocument(width, height, body, options.title);
}
