import { svgNumber as n } from './svg-number.js';

/** Marker shapes for dots and line markers. */
export type SymbolName = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'star';

/** Marker shapes in the order used for classes/series. */
export const symbolNames: readonly SymbolName[] = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'cross',
  'star',
];

/**
 * SVG markup of one marker centred at `(cx, cy)`.
 *
 * @param symbol - the shape
 * @param cx - centre x in pixels
 * @param cy - centre y in pixels
 * @param r - radius in pixels (shapes are scaled to look the same size)
 * @param attrs - fill/stroke attributes to add, e.g. `fill="#1f77b4"`
 * @returns one SVG element
 */
export function renderSymbol(
  symbol: SymbolName,
  cx: number,
  cy: number,
  r: number,
  attrs: string,
): string {
  switch (symbol) {
    case 'circle':
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" ${attrs}/>`;
    case 'square': {
      const s = r * 0.9;
      return `<rect x="${n(cx - s)}" y="${n(cy - s)}" width="${n(2 * s)}" height="${n(2 * s)}" ${attrs}/>`;
    }
    case 'triangle': {
      const s = r * 1.25;
      return `<path d="M${n(cx)},${n(cy - s)}L${n(cx + s * 0.866)},${n(cy + s * 0.5)}L${n(cx - s * 0.866)},${n(cy + s * 0.5)}Z" ${attrs}/>`;
    }
    case 'diamond': {
      const s = r * 1.25;
      return `<path d="M${n(cx)},${n(cy - s)}L${n(cx + s)},${n(cy)}L${n(cx)},${n(cy + s)}L${n(cx - s)},${n(cy)}Z" ${attrs}/>`;
    }
    case 'cross': {
      const s = r;
      const w = r * 0.38;
      return `<path d="M${n(cx - s)},${n(cy - w)}H${n(cx - w)}V${n(cy - s)}H${n(cx + w)}V${n(cy - w)}H${n(cx + s)}V${n(cy + w)}H${n(cx + w)}V${n(cy + s)}H${n(cx - w)}V${n(cy + w)}H${n(cx - s)}Z" ${attrs}/>`;
    }
    default: {
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r * 1.35 : r * 0.55;
        pts.push(`${n(cx + rr * Math.cos(a))},${n(cy + rr * Math.sin(a))}`);
      }
      return `<path d="M${pts.join('L')}Z" ${attrs}/>`;
    }
  }
}
