import { base64Encode } from './base64.js';
import { type ColorMapName, colorMap } from './color-maps.js';
import { encodePng } from './encode-png.js';
import { escapeXml } from './escape-xml.js';
import { extent } from './extent.js';
import { type ImageInput, type ImagePlanes, toImagePlanes } from './image-input.js';
import { parseHex } from './rgb.js';
import { svgDocument } from './svg-document.js';
import { svgNumber as n } from './svg-number.js';
import { textWidth } from './text-width.js';
import { theme } from './theme.js';

/** How pixel values map to intensities in {@link imageGrid}. */
export type ImageRange = 'auto' | 'tile' | 'symmetric' | readonly [number, number];

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  images: readonly ImageInput[];
  /** A title over each tile, e.g. `'pred 7 / true 7'`. */
  titles?: readonly string[];
  /** Colour of each tile title (e.g. red for a wrong prediction). */
  titleColors?: readonly string[];
  /** Tiles per row (default: about square, at most 10). */
  cols?: number;
  /** Colour map for 1-channel images (default `gray`; `bwr` suits weight templates). */
  cmap?: ColorMapName;
  /**
   * Value range: `'auto'` (default: [0, 1], [0, 255] or [−1, 1] when the data
   * fits one of them, else its min–max), `'tile'` (each tile's own min–max),
   * `'symmetric'` (each tile ±max|v|, for signed weights), or `[min, max]`.
   */
  range?: ImageRange;
  /** Displayed size of a tile's longer side in pixels (default 64–112). */
  tileSize?: number;
  /** Smooth scaling instead of square pixels (default false). */
  smooth?: boolean;
  title?: string;
}

function autoRange(all: readonly ImagePlanes[]): [number, number] {
  const [lo, hi] = extent(all.flatMap((p) => p.planes.flat())) ?? [0, 1];
  if (lo >= 0 && hi <= 1) return [0, 1];
  if (lo >= 0 && hi <= 255) return [0, 255];
  if (lo >= -1 && hi <= 1) return [-1, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function tileRange(p: ImagePlanes, mode: ImageRange, global: [number, number]): [number, number] {
  if (Array.isArray(mode)) return [mode[0]!, mode[1]!];
  if (mode === 'auto') return global;
  const [lo, hi] = extent(p.planes.flat()) ?? [0, 1];
  if (mode === 'symmetric') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function tilePng(p: ImagePlanes, range: [number, number], cmap: ColorMapName): string {
  const [lo, hi] = range;
  const k = 1 / (hi - lo || 1);
  const count = p.width * p.height;
  const unit = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(1, (v - lo) * k)) : 0);
  let bytes: Uint8Array;
  let channels: 1 | 3;
  if (p.planes.length === 3) {
    channels = 3;
    bytes = new Uint8Array(count * 3);
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < 3; c++) bytes[i * 3 + c] = Math.round(unit(p.planes[c]![i]!) * 255);
    }
  } else if (cmap === 'gray') {
    channels = 1;
    bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) bytes[i] = Math.round(unit(p.planes[0]![i]!) * 255);
  } else {
    channels = 3;
    const map = colorMap(cmap);
    bytes = new Uint8Array(count * 3);
    for (let i = 0; i < count; i++) bytes.set(parseHex(map(unit(p.planes[0]![i]!))), i * 3);
  }
  return base64Encode(encodePng(bytes, p.width, p.height, channels));
}

/**
 * A grid of images with optional per-tile titles: dataset samples,
 * predictions (`'pred 7 / true 7'`), reconstructions, GAN samples, or a
 * linear layer's weight rows shown as 28×28 templates (`cmap: 'bwr'`,
 * `range: 'symmetric'`). Pixel row 0 is the top of each image. Tiles are
 * embedded as PNG data URIs drawn with square pixels.
 *
 * @param options - images, titles and layout
 * @returns an SVG document
 */
export function imageGrid(options: ImageGridOptions): string {
  const { images } = options;
  if (!Array.isArray(images) || images.length === 0) throw new Error('imageGrid: images is empty');
  if (options.titles && options.titles.length !== images.length) {
    throw new Error(
      `imageGrid: titles has ${options.titles.length} entries, expected ${images.length} (one per image)`,
    );
  }
  const planes = images.map((img, i) => toImagePlanes(img, `imageGrid: images[${i}]`));
  const cmap = options.cmap ?? 'gray';
  const mode = options.range ?? 'auto';
  if (Array.isArray(mode) && !(mode[0]! < mode[1]!)) {
    throw new Error(`imageGrid: range must be [min, max] with min < max, got [${mode.join(', ')}]`);
  }
  const global = mode === 'auto' ? autoRange(planes) : ([0, 1] as [number, number]);
  const count = images.length;
  const cols = Math.max(
    1,
    Math.min(count, options.cols ?? Math.min(10, Math.ceil(Math.sqrt(count)))),
  );
  const rows = Math.ceil(count / cols);
  const maxSide = Math.max(...planes.map((p) => Math.max(p.width, p.height)));
  const tile = options.tileSize ?? Math.max(64, Math.min(112, Math.round(560 / cols)));
  const fs = theme.tickFontSize;
  const titleW = (options.titles ?? []).reduce((m, t) => Math.max(m, textWidth(t, fs)), 0);
  const cellW = Math.max(tile, titleW + 4) + 10;
  const titleH = options.titles ? fs + 6 : 0;
  const cellH = tile + titleH + 10;
  const top = options.title ? theme.titleFontSize + 22 : 8;
  const width = Math.max(
    cols * cellW + 16,
    options.title ? textWidth(options.title, theme.titleFontSize) + 24 : 0,
  );
  const height = top + rows * cellH + 8;
  const left = (width - cols * cellW) / 2;
  let body = '';
  if (options.title) {
    body += `<text x="${n(width / 2)}" y="${n(10 + theme.titleFontSize * 0.85)}" text-anchor="middle" font-size="${theme.titleFontSize}" font-weight="bold" fill="${theme.textColor}">${escapeXml(options.title)}</text>`;
  }
  planes.forEach((p, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const scale = tile / maxSide;
    const w = p.width * scale;
    const h = p.height * scale;
    const x0 = left + c * cellW + (cellW - w) / 2;
    const y0 = top + r * cellH + titleH + 4 + (tile - h) / 2;
    const t = options.titles?.[i];
    if (t) {
      const color = options.titleColors?.[i] ?? theme.textColor;
      body += `<text x="${n(left + c * cellW + cellW / 2)}" y="${n(top + r * cellH + fs)}" text-anchor="middle" font-size="${fs}" fill="${color}">${escapeXml(t)}</text>`;
    }
    const href = tilePng(p, tileRange(p, mode, global), cmap);
    body += `<image x="${n(x0)}" y="${n(y0)}" width="${n(w)}" height="${n(h)}" preserveAspectRatio="none" image-rendering="${options.smooth ? 'optimizeQuality' : 'optimizeSpeed'}" style="image-rendering:${options.smooth ? 'auto' : 'pixelated'}" href="data:image/png;base64,${href}"/>`;
    body += `<rect x="${n(x0)}" y="${n(y0)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="#999999" stroke-width="0.6"/>`;
  });
  return svgDocument(width, height, body, options.title);
}
